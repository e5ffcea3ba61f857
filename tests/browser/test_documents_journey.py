"""The document space in a real browser: upload, find by a word inside, and the
colleague without access who does not find it."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from guru.accounts.roles import Role
from guru.documents import samples, services
from guru.documents.models import Document
from tests.browser.conftest import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "losenord-for-test"


def test_member_uploads_and_finds_a_word_inside_colleague_without_access_does_not(
    live_server, browser_page, screenshot, tmp_path
):
    page = browser_page
    # given the management group's folder and two people
    lg_group = Group.objects.get(name=Role.LEDNINGSGRUPP.value)
    folder = services.folder_create(name="Ledningsgruppen", groups={lg_group: "edit"})
    UserFactory(username="gd", roles=[Role.HANDLAGGARE, Role.LEDNINGSGRUPP])
    UserFactory(username="handlaggare", roles=[Role.HANDLAGGARE])
    upload = tmp_path / "Underlag ERUF – kommunikation (utkast).docx"
    upload.write_bytes(
        samples.docx_bytes(
            title="Underlag",
            paragraphs=["Förslag: regionfondsträffar i Kiruna och Malmö under hösten."],
        )
    )

    # when a member opens the folder and uploads a Word file
    log_in(page, live_server.url, "gd", PASSWORD)
    page.get_by_role("link", name="Dokumentrum").first.click()
    page.get_by_role("main").get_by_role("link", name="Ledningsgruppen").click()
    expect(page.get_by_role("heading", name="Ledningsgruppen")).to_be_visible()
    page.get_by_label("Fil", exact=True).set_input_files(str(upload))
    page.get_by_label("Kommentar").fill("Till mötet den 10 april")
    page.get_by_role("button", name="Ladda upp", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("är uppladdat")
    expect(page.get_by_role("link", name=upload.name)).to_be_visible()

    # and a wrong file type is refused with a clear message
    wrong = tmp_path / "program.exe"
    wrong.write_bytes(b"MZ")
    page.get_by_label("Fil", exact=True).set_input_files(str(wrong))
    page.get_by_role("button", name="Ladda upp", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Filtypen ”exe” kan inte lagras")
    screenshot("documents-folder")

    # then searching for a word inside the file finds it
    page.get_by_label("Sök i dokumentrummet").fill("Kiruna")
    page.get_by_label("Sök i dokumentrummet").press("Enter")
    hit = page.locator(".search-results li")
    expect(hit).to_have_count(1)
    expect(hit).to_contain_text(upload.name)
    expect(hit.locator("mark")).to_have_text("Kiruna")
    screenshot("documents-search")
    hit.get_by_role("link").click()
    expect(page.get_by_role("cell", name="Till mötet den 10 april")).to_be_visible()
    page.context.clear_cookies()

    # and a colleague outside the group neither finds nor opens it
    document = Document.objects.get(folder=folder)
    log_in(page, live_server.url, "handlaggare", PASSWORD)
    page.goto(f"{live_server.url}/dokumentrum/sok/?q=Kiruna")
    expect(page.locator("#search-results")).to_contain_text("Inga dokument")
    expect(page.locator(".search-results li")).to_have_count(0)
    response = page.goto(f"{live_server.url}/dokumentrum/dokument/{document.pk}/")
    assert response.status == 404
    page.goto(f"{live_server.url}/dokumentrum/")
    expect(
        page.get_by_role("main").get_by_role("link", name="Ledningsgruppen")
    ).to_have_count(0)


def test_a_long_unbroken_word_does_not_widen_a_documents_page_on_a_phone(
    live_server, browser_page
):
    # given a deleted document whose comment and deletion reason are one long word
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    lg_group = Group.objects.get(name=Role.LEDNINGSGRUPP.value)
    folder = services.folder_create(name="Ledningsgruppen", groups={lg_group: "edit"})
    member = UserFactory(username="gd", roles=[Role.HANDLAGGARE, Role.LEDNINGSGRUPP])
    word = "Dubblett_av_" + "protokollet_" * 24
    document = services.document_upload(
        folder=folder, name=f"{word[:80]}.txt", data=b"x", comment=word[:300]
    )
    services.document_delete(document=document, user=member, reason=word[:300])

    # when the member who may restore it opens its page on a phone
    log_in(page, live_server.url, "gd", PASSWORD)
    page.goto(live_server.url + document.get_absolute_url())
    expect(page.get_by_text("Dokumentet är borttaget.")).to_be_visible()

    # then the page does not scroll sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
