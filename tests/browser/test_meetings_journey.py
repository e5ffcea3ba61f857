"""Ledningsgruppen: a meeting, an assignment "till mötet den …", minutes, news."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from guru.accounts.roles import Role
from guru.accounts.services import roles_sync
from guru.documents import services as documents
from guru.documents.models import AccessLevel
from guru.meetings import services as meetings
from guru.meetings.models import Assignment, Meeting, NewsArticle
from tests.browser.conftest import log_in
from tests.factories import UnitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _create_meeting(page, base_url: str, day: datetime.date, place: str) -> Meeting:
    page.goto(f"{base_url}/ledning/moten/nytt/")
    page.get_by_label("Börjar").fill(f"{day:%Y-%m-%d}T09:00")
    page.get_by_label("Slutar").fill(f"{day:%Y-%m-%d}T11:30")
    page.get_by_label("Plats").fill(place)
    page.get_by_role("group", name="Deltagare").get_by_label(
        "Greta Dahl (VST-KOM)"
    ).check()
    page.get_by_role("group", name="Deltagare").get_by_label(
        "Klara Sjö (VST-KOM)"
    ).check()
    page.get_by_label("Vid pennan").select_option(label="Klara Sjö (VST-KOM)")
    page.get_by_label("Justerare").select_option(label="Greta Dahl (VST-KOM)")
    page.get_by_role("button", name="Spara mötet").click()
    expect(page.locator(".messages")).to_contain_text("Mötet är skapat")
    return Meeting.objects.get(place=place)


def test_assignment_due_at_a_meeting_minutes_locked_and_news_published(
    live_server, browser_page, handbook, screenshot
):
    page = browser_page
    base = live_server.url
    # given the director-general (in ledningsgruppen) and a head of communications
    roles_sync()
    unit = UnitFactory(code="VST-KOM", name="Kommunikationsenheten")
    UserFactory(
        username="gd",
        first_name="Greta",
        last_name="Dahl",
        unit=unit,
        roles=[Role.HANDLAGGARE, Role.LEDNINGSGRUPP],
    )
    UserFactory(
        username="kommunikation",
        first_name="Klara",
        last_name="Sjö",
        unit=unit,
        roles=[Role.HANDLAGGARE, Role.LEDNINGSGRUPP],
    )
    today = timezone.localdate()
    log_in(page, base, "gd", "losenord-for-test")

    # when she registers yesterday's meeting and plans the next one
    first = _create_meeting(
        page, base, today - datetime.timedelta(days=1), "Rum Mälaren"
    )
    later = _create_meeting(
        page, base, today + datetime.timedelta(days=17), "Rum Vänern"
    )

    # and puts an item on the first one's agenda
    page.goto(f"{base}/ledning/moten/{first.pk}/")
    page.get_by_role("link", name="Lägg till punkt").click()
    page.get_by_label("Rubrik").fill("Kommunikation om ERUF")
    page.get_by_label("Typ").select_option(label="Diskussion")
    page.get_by_label("Planerade minuter").fill("30")
    page.get_by_role("button", name="Spara punkten").click()
    expect(
        page.get_by_role("heading", name=re.compile("Kommunikation om ERUF"))
    ).to_be_visible()

    # and hands out an assignment due "till mötet den …" (the later meeting)
    page.get_by_role("link", name="Nytt uppdrag").click()
    page.get_by_label("Uppdrag", exact=True).fill("Diskussionsunderlag om ERUF")
    page.get_by_label("Ansvarig").select_option(label="Klara Sjö (VST-KOM)")
    page.get_by_label("Beställare").fill("GD")
    page.locator("#id_leverans-0-description").fill("Diskussionsunderlag")
    page.locator("#id_leverans-0-due_meeting").select_option(
        label=f"mötet den {later.day:%Y-%m-%d}"
    )
    page.locator("#id_leverans-1-description").fill("Skiss på kommunikationsplan")
    page.locator("#id_leverans-1-due_date").fill(
        f"{today + datetime.timedelta(days=45):%Y-%m-%d}"
    )
    page.get_by_role("button", name="Registrera uppdraget").click()
    expect(page.locator(".messages")).to_contain_text("Uppdraget är registrerat")
    assert Assignment.objects.get().deliverables.count() == 2

    # then it appears by itself on the later meeting's agenda
    page.goto(f"{base}/ledning/moten/{later.pk}/")
    follow_ups = page.locator("#uppfoljning")
    expect(follow_ups).to_contain_text("Diskussionsunderlag")
    expect(follow_ups).to_contain_text("Klara Sjö")
    expect(follow_ups).to_contain_text(f"till mötet den {later.day:%Y-%m-%d}")
    screenshot("meetings-follow-up-on-agenda")

    # when the minutes of the first meeting are written, with a decision beside
    # the note, and the note's button is clicked
    page.goto(f"{base}/ledning/moten/{first.pk}/")
    page.get_by_role("link", name="Protokoll och beslut").click()
    page.get_by_label("Protokollsanteckning").fill(
        "Gruppen vill nå fler små företag. Kommunikationschefen tar fram underlag."
    )
    page.get_by_label("Nytt beslut").fill(
        "Ett diskussionsunderlag tas fram till nästa möte."
    )
    page.get_by_role("button", name="Spara anteckningen").click()
    # then both are in the minutes
    # (the button once shared the field's name, and its empty value won)
    written = page.locator(".minutes", has_text="Gruppen vill nå fler små företag.")
    expect(written).to_have_count(1)
    expect(page.locator(".messages")).to_contain_text("§ 1")
    expect(page.locator("body")).to_contain_text(
        "Ett diskussionsunderlag tas fram till nästa möte."
    )

    # and the justerare locks them
    page.goto(f"{base}/ledning/moten/{first.pk}/")
    page.get_by_role("link", name="Justera och lås protokollet").click()
    expect(page.get_by_text("Den publicerar ingenting")).to_be_visible()
    page.get_by_role("button", name="Ja, justera och lås").click()
    expect(page.locator(".messages")).to_contain_text("justerat och låst")
    expect(page.get_by_role("link", name="Protokoll och beslut")).to_have_count(0)

    # then the news article is composed, previewed and published
    page.get_by_role("button", name="Skriv nyhet från protokollet").click()
    expect(page.get_by_label("Brödtext")).to_have_value(
        re.compile("## Kommunikation om ERUF")
    )
    page.get_by_label("Ingress").fill("Ledningsgruppen satte fokus på små företag.")
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.locator(".news-preview")).to_contain_text(
        "Ledningsgruppen satte fokus på små företag."
    )
    page.get_by_role("button", name="Spara", exact=True).click()
    page.get_by_role("button", name="Publicera på startsidan").click()
    expect(page.locator(".messages")).to_contain_text("publicerad")
    article = NewsArticle.objects.get()
    assert article.is_published

    page.goto(f"{base}/")
    news = page.locator(".lg-start-news")
    expect(news).to_contain_text("Nyheter från ledningsgruppen")
    expect(news).to_contain_text(article.title)
    screenshot("meetings-news-on-start-page")


def _group_folder():
    """Ledningsgruppen's folder in Dokumentrum, which the group may change."""
    roles_sync()
    group = Group.objects.get(name=Role.LEDNINGSGRUPP.value)
    return documents.folder_create(
        name="Ledningsgruppen", groups={group: AccessLevel.EDIT}
    )


def _meeting_in_three_days(member, *, note_taker) -> Meeting:
    return meetings.meeting_create(
        starts_at=timezone.now() + datetime.timedelta(days=3),
        place="Rum Mälaren",
        participants=[member],
        note_taker=note_taker,
        adjuster=member,
    )


def test_an_attachment_uploaded_with_an_item_opens_for_members_only(
    live_server, browser_page, screenshot
):
    page = browser_page
    base = live_server.url
    # given Ledningsgruppen's folder in Dokumentrum, a member and a note-taker
    # who is not in the group
    top = _group_folder()
    documents.folder_create(name="Möten", parent=top)
    unit = UnitFactory(code="VST-KOM", name="Kommunikationsenheten")
    gd = UserFactory(
        username="gd", unit=unit, roles=[Role.HANDLAGGARE, Role.LEDNINGSGRUPP]
    )
    secretary = UserFactory(username="pennan", unit=unit, roles=[Role.HANDLAGGARE])
    meeting = _meeting_in_three_days(gd, note_taker=secretary)
    log_in(page, base, "gd", "losenord-for-test")

    # when the member adds an item and uploads its underlag into "Möten"
    page.goto(f"{base}/ledning/moten/{meeting.pk}/punkter/ny/")
    page.get_by_label("Rubrik").fill("Tertialuppföljning")
    page.get_by_label("Ladda upp en ny bilaga").set_input_files(
        files=[
            {
                "name": "Underlag T3.txt",
                "mimeType": "text/plain",
                "buffer": "Fyra fokusområden.".encode(),
            }
        ]
    )
    page.get_by_label("Spara den nya bilagan i mappen").select_option(
        label="Ledningsgruppen / Möten"
    )
    page.get_by_role("button", name="Spara punkten").click()

    # then the agenda links to the document, and its current version downloads
    expect(page.locator(".messages")).to_contain_text("Punkten är sparad")
    expect(page.get_by_role("link", name="Underlag T3.txt", exact=True)).to_be_visible()
    screenshot("meetings-item-attachment")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="ladda ner version 1").click()
    download = download_info.value
    assert download.suggested_filename == "Underlag T3.txt"
    with open(download.path(), "rb") as handle:
        assert handle.read() == "Fyra fokusområden.".encode()

    # when the note-taker, who cannot open the folder, looks at the same agenda
    page.context.clear_cookies()
    log_in(page, base, "pennan", "losenord-for-test")
    page.goto(f"{base}/ledning/moten/{meeting.pk}/")

    # then the item is there and its attachment is not
    expect(
        page.get_by_role("heading", name=re.compile("Tertialuppföljning"))
    ).to_be_visible()
    expect(page.get_by_text("Underlag T3.txt")).to_have_count(0)


def test_the_document_picker_filters_the_list_and_keeps_the_choice(
    live_server, browser_page, screenshot
):
    page = browser_page
    base = live_server.url
    # given a member and three documents in Ledningsgruppen's folder
    folder = _group_folder()
    gd = UserFactory(username="gd", roles=[Role.HANDLAGGARE, Role.LEDNINGSGRUPP])
    for name in ("Budget 2027.txt", "Verksamhetsplan.txt", "Budgetuppföljning T2.txt"):
        documents.document_upload(
            folder=folder, name=name, data=f"{name}\n".encode(), user=gd
        )
    meeting = _meeting_in_three_days(gd, note_taker=None)
    log_in(page, base, "gd", "losenord-for-test")
    page.goto(f"{base}/ledning/moten/{meeting.pk}/punkter/ny/")
    picker = page.get_by_label("Bilagor ur dokumentrummet", exact=True)
    visible = picker.locator("option:not([hidden])")
    expect(visible).to_have_count(3)

    # when the member searches for "budget 2027" and picks the one document left
    page.get_by_role("searchbox", name="Sök bland dokumenten").fill("budget 2027")
    expect(visible).to_have_text(["Budget 2027.txt (Ledningsgruppen)"])
    picker.select_option(label="Budget 2027.txt (Ledningsgruppen)")
    # and then searches for something else; Enter does not send the form
    search = page.get_by_role("searchbox", name="Sök bland dokumenten")
    search.fill("verksamhet")
    search.press("Enter")

    # then the chosen document stays in the list beside the new match
    expect(visible).to_have_count(2)
    expect(page.get_by_text("1 vald, 2 av 3 visas")).to_be_visible()
    screenshot("meetings-document-picker")
    page.get_by_label("Rubrik").fill("Budget för 2027")
    page.get_by_role("button", name="Spara punkten").click()
    expect(page.locator(".messages")).to_contain_text("Punkten är sparad")
    expect(page.get_by_role("link", name="Budget 2027.txt", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Verksamhetsplan.txt")).to_have_count(0)
