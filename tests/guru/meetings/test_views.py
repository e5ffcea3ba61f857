"""The group's pages render, forms keep what was typed, and the flows work."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from guru.documents.models import Document
from guru.meetings import services
from guru.meetings.models import Assignment, Meeting, Plan
from tests.html import (
    blocks_inside_paragraphs,
    buttons_shadowing_fields,
    enter_runs_a_secondary_action,
)

from .conftest import at


@pytest.fixture
def full_meeting(meeting, later_meeting, gd, head, secretary, item):
    services.minutes_record(item=item, minutes="Gruppen gick igenom T1.")
    decision = services.decision_record(item=item, text="Fyra fokus fastställs.")
    services.agenda_item_create(
        meeting=meeting, title="Personalfrågor", kind="diskussion", is_internal=True
    )
    services.assignment_create(
        title="Kommunikation om ERUF",
        owner=head,
        ordered_by="GD",
        decision=decision,
        deliverables=[
            {"description": "Diskussionsunderlag", "due_meeting": later_meeting}
        ],
    )
    return meeting


def test_every_page_of_the_module_renders_for_the_group(client, full_meeting, gd):
    # given
    client.force_login(gd)
    item = full_meeting.items.first()
    assignment = Assignment.objects.get()
    plan = Plan(
        kind="handlingsplan", title="Innovationsförmåga", owner=gd, ordered_by="GD"
    )
    services.plan_save(plan=plan, activities=[], user=gd)
    urls = [
        reverse("meetings:home"),
        full_meeting.get_absolute_url(),
        reverse("meetings:meeting_create"),
        reverse("meetings:meeting_edit", args=[full_meeting.pk]),
        reverse("meetings:item_create", args=[full_meeting.pk]),
        reverse("meetings:item_edit", args=[full_meeting.pk, item.pk]),
        reverse("meetings:item_minutes", args=[item.pk]),
        reverse("meetings:assignments"),
        reverse("meetings:assignments") + "?status=forsenat",
        reverse("meetings:my_assignments"),
        reverse("meetings:overdue"),
        reverse("meetings:assignment_create") + f"?punkt={item.pk}",
        assignment.get_absolute_url(),
        reverse("meetings:news_archive"),
        reverse("meetings:news_feed"),
        reverse("meetings:plans"),
        reverse("meetings:plan_create"),
        plan.get_absolute_url(),
        reverse("meetings:plan_edit", args=[plan.pk]),
        reverse("meetings:calendar_info"),
    ]
    for url in urls:
        # when
        response = client.get(url)
        # then
        assert response.status_code == 200, url
        if response["Content-Type"].startswith("text/html"):  # not the news feed
            assert buttons_shadowing_fields(response.text) == [], url


def test_the_agenda_shows_the_follow_up_item_of_an_assignment_due_there(
    client, full_meeting, later_meeting, gd
):
    client.force_login(gd)
    page = client.get(later_meeting.get_absolute_url()).content.decode()
    assert "Diskussionsunderlag" in page
    assert "LG 2026-03-27 § 1" in page


def test_an_invalid_meeting_keeps_what_was_typed_and_explains_in_swedish(
    client, gd, head
):
    client.force_login(gd)
    response = client.post(
        reverse("meetings:meeting_create"),
        {
            "starts_at": "2026-05-08T09:00",
            "ends_at": "2026-05-08T08:00",
            "place": "Rum Vättern",
            "link": "inte en adress",
            "participants": [head.pk],
            "absentees": [head.pk],
        },
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Mötet måste sluta efter att det har börjat." in page
    assert "kan inte både delta och vara frånvarande" in page
    assert "Skriv en hel adress" in page
    assert 'value="Rum Vättern"' in page
    assert not Meeting.objects.exists()


def test_a_meeting_without_a_date_is_refused_with_422(client, gd):
    client.force_login(gd)

    response = client.post(
        reverse("meetings:meeting_create"), {"starts_at": "", "place": "Rum Vättern"}
    )

    assert response.status_code == 422
    assert 'value="Rum Vättern"' in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_refused_decision_or_correction_answers_422_and_keeps_the_text(
    client, gd, meeting, item
):
    # given the note-taker's page of an item
    client.force_login(gd)
    minutes = reverse("meetings:item_minutes", args=[item.pk])

    # when a decision is sent without its text
    response = client.post(minutes, {"decision": "1", "text": ""})

    # then it is refused, and nothing is recorded
    assert response.status_code == 422
    assert "Skriv beslutet." in response.content.decode()
    assert not item.decisions.exists()

    # and a correction of locked minutes without a reason is refused the same way
    services.minutes_lock(meeting=meeting, user=gd)
    response = client.post(
        reverse("meetings:correction", args=[item.pk]),
        {"text": "Rättad anteckning", "reason": ""},
    )
    assert response.status_code == 422
    assert "Rättad anteckning" in response.content.decode()


def test_creating_a_meeting_with_an_item_and_an_attachment(client, gd, head, folders):
    client.force_login(gd)
    response = client.post(
        reverse("meetings:meeting_create"),
        {
            "starts_at": "2026-05-08T09:00",
            "place": "Rum Vättern",
            "participants": [gd.pk, head.pk],
            "note_taker": gd.pk,
            "adjuster": head.pk,
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    response = client.post(
        reverse("meetings:item_create", args=[meeting.pk]),
        {
            "title": "Ny digital handläggarstödsfunktion",
            "kind": "information",
            "presenters": [head.pk],
            "planned_minutes": "20",
            "new_attachment": SimpleUploadedFile(
                "Underlag åäö (v2).pdf", b"%PDF-1.4 test", "application/pdf"
            ),
            "attachment_folder": folders["lg_meetings"].pk,
        },
    )
    assert response.status_code == 302
    item = meeting.items.get()
    document = item.attachments.get().document
    assert document.title == "Underlag åäö (v2).pdf"
    assert document.folder == folders["lg_meetings"]
    assert document.current_version.number == 1


def test_an_attachment_of_the_wrong_type_is_refused_with_a_message(
    client, gd, meeting, folders
):
    client.force_login(gd)
    response = client.post(
        reverse("meetings:item_create", args=[meeting.pk]),
        {
            "title": "Punkt",
            "kind": "information",
            "description": "Underlaget kommer senare.",
            "new_attachment": SimpleUploadedFile("virus.exe", b"MZ"),
            "attachment_folder": folders["lg_meetings"].pk,
        },
    )
    page = response.content.decode()
    assert "Filtypen ”exe” kan inte lagras i dokumentrummet" in page
    assert 'value="Punkt"' in page
    assert "Underlaget kommer senare." in page
    assert not meeting.items.exists()
    assert not Document.objects.exists()


def test_an_assignment_needs_a_deliverable_with_one_due(client, gd, head, item):
    client.force_login(gd)
    url = reverse("meetings:assignment_create") + f"?punkt={item.pk}"
    base = {
        "title": "Skiss",
        "owner": head.pk,
        "ordered_by": "GD",
        "leverans-TOTAL_FORMS": "3",
        "leverans-INITIAL_FORMS": "0",
    }
    response = client.post(url, base)
    assert response.status_code == 422
    assert "minst en leverans" in response.content.decode()
    response = client.post(url, {**base, "leverans-0-description": "Skiss"})
    assert response.status_code == 422
    assert "Ange ett datum eller ett möte." in response.content.decode()
    response = client.post(
        url,
        {
            **base,
            "leverans-0-description": "Skiss",
            "leverans-0-due_date": "2026-05-15",
        },
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert assignment.agenda_item == item
    assert assignment.deliverables.get().due_date == datetime.date(2026, 5, 15)


def test_saving_a_plan_twice_gives_two_versions_and_a_word_diff(client, gd, head):
    client.force_login(gd)
    data = {
        "kind": "kommunikationsplan",
        "title": "Kommunikationsplan ERUF",
        "result_area": "Regional utveckling",
        "owner": head.pk,
        "ordered_by": "GD",
        "status": "utkast",
        "goal": "Sökande känner till utlysningen.",
        "aktivitet-TOTAL_FORMS": "2",
        "aktivitet-INITIAL_FORMS": "0",
        "aktivitet-0-what": "Webbinarium",
        "aktivitet-0-responsible": head.pk,
        "aktivitet-0-when": "vecka 14",
    }
    client.post(reverse("meetings:plan_create"), data)
    plan = Plan.objects.get()
    client.post(
        reverse("meetings:plan_edit", args=[plan.pk]),
        {
            **data,
            "goal": "Alla sökande känner till utlysningen.",
            "status": "faststalld",
        },
    )
    plan.refresh_from_db()
    assert (plan.version, plan.status) == (2, "faststalld")
    page = client.get(reverse("meetings:plan_diff", args=[plan.pk])).content.decode()
    assert "<ins>Alla sökande</ins>" in page or "<ins>Alla</ins>" in page
    assert "Fastställd" in page


def test_a_plan_without_its_required_fields_says_what_to_fill_in_and_keeps_the_text(
    client, gd
):
    client.force_login(gd)

    response = client.post(
        reverse("meetings:plan_create"),
        {
            "status": "utkast",
            "purpose": "Att sökande hittar utlysningen.",
            "aktivitet-TOTAL_FORMS": "0",
            "aktivitet-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 422
    page = response.content.decode()
    for message in (
        "Välj vilken sorts plan det är.",
        "Planen behöver ett namn.",
        "Välj vem som äger planen.",
        "Ange beställaren, till exempel GD eller LG.",
    ):
        assert message in page, message
    assert "obligatoriskt" not in page
    assert "Att sökande hittar utlysningen." in page
    assert not Plan.objects.exists()


def test_an_activity_without_responsible_is_refused_and_kept(client, gd, head):
    client.force_login(gd)
    response = client.post(
        reverse("meetings:plan_create"),
        {
            "kind": "handlingsplan",
            "title": "Innovationsförmåga",
            "owner": head.pk,
            "ordered_by": "GD",
            "status": "utkast",
            "aktivitet-TOTAL_FORMS": "2",
            "aktivitet-INITIAL_FORMS": "0",
            "aktivitet-0-what": "Idéverkstad",
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Välj en ansvarig." in page
    assert 'value="Idéverkstad"' in page
    assert not Plan.objects.exists()


def test_news_preview_shows_the_text_without_saving(
    client, meeting, gd, secretary, item
):
    services.minutes_lock(meeting=meeting, user=gd)
    article = services.news_compose(meeting=meeting, user=secretary)
    client.force_login(secretary)
    response = client.post(
        reverse("meetings:news_edit", args=[article.pk]),
        {
            "title": "Ny rubrik",
            "lead": "Ingress",
            "body": "## Rubrik\n\n> Ett citat\n\n<script>x</script>",
            "pen": "Siri Nord",
            "preview": "1",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<blockquote>" in page and "Ett citat" in page
    assert "<script>x</script>" not in page
    article.refresh_from_db()
    assert article.title != "Ny rubrik"


def test_enter_in_the_news_form_saves_rather_than_previews(
    client, meeting, gd, secretary, item
):
    services.minutes_lock(meeting=meeting, user=gd)
    article = services.news_compose(meeting=meeting, user=secretary)
    client.force_login(secretary)
    response = client.get(reverse("meetings:news_edit", args=[article.pk]))
    assert response.status_code == 200
    assert enter_runs_a_secondary_action(response.text) == []


def test_home_lists_the_next_meeting(client, gd):
    services.meeting_create(
        starts_at=at(timezone.localdate() + datetime.timedelta(days=3)),
        place="Rum Siljan",
        participants=[gd],
    )
    client.force_login(gd)
    assert "Rum Siljan" in client.get(reverse("meetings:home")).content.decode()


def test_a_plan_keeps_an_uploaded_attachment_across_versions(client, gd, head, folders):
    client.force_login(gd)
    data = {
        "kind": "handlingsplan",
        "title": "Innovationsförmåga",
        "owner": head.pk,
        "ordered_by": "GD",
        "status": "utkast",
        "aktivitet-TOTAL_FORMS": "1",
        "aktivitet-INITIAL_FORMS": "0",
    }
    client.post(
        reverse("meetings:plan_create"),
        {
            **data,
            "new_attachment": SimpleUploadedFile("Bakgrund.txt", b"Text"),
            "attachment_folder": folders["lg"].pk,
        },
    )
    plan = Plan.objects.get()
    document = plan.attachments.get().document
    client.post(
        reverse("meetings:plan_edit", args=[plan.pk]),
        {**data, "status": "for_diskussion", "documents": [document.pk]},
    )
    plan.refresh_from_db()
    assert plan.version == 2
    assert [a.document.title for a in plan.attachments.all()] == ["Bakgrund.txt"]
    assert "Bakgrund.txt" in client.get(plan.get_absolute_url()).content.decode()


def test_editing_an_assignment_moves_its_open_deliverable_to_a_meeting(
    client, gd, head, coming_meeting
):
    assignment = services.assignment_create(
        title="Underlag",
        owner=head,
        ordered_by="GD",
        deliverables=[{"description": "PM", "due_date": datetime.date(2026, 4, 1)}],
    )
    client.force_login(gd)
    url = reverse("meetings:assignment_edit", args=[assignment.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Underlag om ERUF",
            "owner": head.pk,
            "ordered_by": "GD",
            "leverans-TOTAL_FORMS": "3",
            "leverans-INITIAL_FORMS": "1",
            "leverans-0-description": "PM",
            "leverans-0-due_meeting": coming_meeting.pk,
        },
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    deliverable = assignment.deliverables.get()
    assert (assignment.title, deliverable.due_meeting) == (
        "Underlag om ERUF",
        coming_meeting,
    )


def test_an_item_can_point_at_something_another_app_owns(client, gd, meeting):
    # given an object of another app (a group stands in for a tertial follow-up)
    from django.contrib.auth.models import Group

    tertial = Group.objects.create(name="Tertial 2 2026")

    # when
    item = services.agenda_item_create(
        meeting=meeting,
        title="Tertialuppföljning",
        kind="beslut",
        linked=tertial,
        linked_label="Tertialuppföljning T2 2026",
    )

    # then
    item.refresh_from_db()
    assert item.linked == tertial
    client.force_login(gd)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Gäller: Tertialuppföljning T2 2026" in page


def test_deleting_a_meeting_from_its_edit_page_hides_it(client, gd, meeting):
    client.force_login(gd)
    edit = client.get(reverse("meetings:meeting_edit", args=[meeting.pk]))
    assert "Ta bort mötet" in edit.content.decode()

    response = client.post(reverse("meetings:meeting_delete", args=[meeting.pk]))

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.deleted_by == gd
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_deleting_a_meeting_is_asked_before_it_is_done(client, gd, meeting):
    # given the group's member on the meeting's edit page
    client.force_login(gd)
    edit = reverse("meetings:meeting_edit", args=[meeting.pk])
    url = reverse("meetings:meeting_delete", args=[meeting.pk])
    assert f'href="{url}"' in client.get(edit).content.decode()

    # when they follow "Ta bort mötet"
    asked = client.get(url)

    # then a page asks first, naming the meeting, and nothing is deleted yet
    assert asked.status_code == 200
    assert "LG 2026-03-27" in asked.content.decode()
    assert "Ja, ta bort mötet" in asked.content.decode()
    assert f'href="{edit}"' in asked.content.decode()  # Avbryt
    meeting.refresh_from_db()
    assert meeting.deleted_at is None


def test_a_refused_meeting_deletion_is_explained_on_the_confirmation_page(
    client, gd, head, meeting
):
    # given an assignment to be reported at the meeting
    services.assignment_create(
        title="Plan",
        owner=head,
        ordered_by="LG",
        deliverables=[{"description": "Plan", "due_meeting": meeting}],
    )
    client.force_login(gd)

    # when the group's member confirms the deletion
    response = client.post(reverse("meetings:meeting_delete", args=[meeting.pk]))

    # then the page says why it was refused, and the meeting stays
    assert response.status_code == 422
    assert "Flytta dem innan mötet tas bort." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.deleted_at is None


def test_items_can_be_reordered_and_show_their_planned_start(client, gd, meeting, item):
    second = services.agenda_item_create(
        meeting=meeting, title="Guru", kind="information", planned_minutes=15
    )
    client.force_login(gd)

    client.post(reverse("meetings:item_move", args=[second.pk]), {"riktning": "upp"})

    assert list(meeting.items.values_list("title", flat=True)) == [
        "Guru",
        "Tertialuppföljning",
    ]
    page = client.get(meeting.get_absolute_url()).content.decode()
    # 09:00 Guru (15 min), then 09:15 the tertial follow-up
    assert '<span class="agenda-time">09:15</span> Tertialuppföljning' in page
    # each item's move buttons stay with its other actions, and say what they do
    assert blocks_inside_paragraphs(page) == []
    assert ">↓ Flytta ned</button>" in page and ">↑ Flytta upp</button>" in page
