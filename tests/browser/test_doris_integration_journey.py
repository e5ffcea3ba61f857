"""Doris in a real browser: a guidance document answers only the group that may
open it, and the page as of a date answers from the version then in force."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from guru.accounts.roles import Role
from guru.assistant.as_of import engines_forget
from guru.assistant.engine import engine_current, engine_forget
from guru.changes.models import PageVersion
from guru.documents import services as documents
from guru.documents.models import AccessLevel
from guru.handbook.models import ChangeKind
from tests.browser.conftest import ask_in_panel, log_in
from tests.factories import UserFactory
from tests.guru.changes.conftest import backdate, publish_change

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "losenord-for-test"


@pytest.fixture(autouse=True)
def _fresh_engines():
    engine_forget()
    engines_forget()
    yield
    engine_forget()
    engines_forget()


def test_a_guidance_document_answers_members_only(live_server, browser_page, units):
    page = browser_page
    member = UserFactory(username="lg", roles=[Role.HANDLAGGARE, Role.LEDNINGSGRUPP])
    UserFactory(username="staff", roles=[Role.HANDLAGGARE])
    folder = documents.folder_create(
        name="Ledningsgruppen",
        groups={Group.objects.get(name=Role.LEDNINGSGRUPP.value): AccessLevel.EDIT},
    )
    # the upload commits, so the guidance signal reaches Doris's index
    document = documents.document_upload(
        folder=folder,
        name="Resepolicy.txt",
        data="Hyrbil\nEn tjänsteresa med hyrbil godkänns av närmaste chef.\n".encode(),
        user=member,
        is_guidance=True,
    )
    engine_current()
    question = "Vem godkänner en tjänsteresa med hyrbil?"

    # a member of the group gets the answer, with the document as its source
    log_in(page, live_server.url, "lg", PASSWORD)
    answer = ask_in_panel(page, question)
    expect(answer).to_contain_text("närmaste chef")
    answer.get_by_role("link", name=re.compile("Resepolicy.txt")).click()
    page.wait_for_url(re.compile(rf"{document.get_absolute_url()}$"))
    page.get_by_role("button", name="Logga ut").click()

    # someone outside the group gets nothing from it, nor in the search
    log_in(page, live_server.url, "staff", PASSWORD)
    answer = ask_in_panel(page, question)
    expect(answer).not_to_contain_text("närmaste chef")
    expect(answer).not_to_contain_text("Resepolicy")
    page.goto(f"{live_server.url}/sok/?q=hyrbil")
    expect(page.get_by_role("main")).not_to_contain_text("Resepolicy")


def test_the_page_as_of_a_date_answers_from_that_version(
    live_server, browser_page, screenshot, handbook, caseworker, editor
):
    page = browser_page
    komplettering = handbook["komplettering"]
    backdate(
        PageVersion.objects.get(page_key=komplettering.pk), datetime.date(2026, 1, 10)
    )
    second = backdate(
        publish_change(
            komplettering,
            kind=ChangeKind.EDITORIAL,
            note="",
            section="tidsfrist",
            text="<p>Sökanden har 14 dagar på sig.</p>",
        ),
        datetime.date(2026, 2, 12),
    )
    backdate(
        publish_change(
            komplettering,
            section="tidsfrist",
            text="<p>Sökanden har 21 dagar på sig att komplettera.</p>",
            user=editor,
        ),
        datetime.date(2026, 4, 2),
    )
    question = "Hur lång tid har sökanden på sig för komplettering?"

    # given a caseworker reads the page as it stood on 1 March
    log_in(page, live_server.url, "handlaggare", PASSWORD)
    page.goto(f"{live_server.url}/andringar/sida/{komplettering.pk}/?datum=2026-03-01")
    answer = ask_in_panel(page, question)

    # then Doris answers from the version then in force and says which it was
    expect(answer).to_contain_text("14 dagar")
    expect(answer).to_contain_text(
        "Enligt vägledningen som gällde 2026-03-01: "
        f"{second.title}, version 2, publicerad 2026-02-12."
    )
    screenshot("doris-as-of-answer")
    answer.get_by_role("link", name=re.compile("Tidsfrist för komplettering")).click()
    page.wait_for_url(re.compile(rf"/andringar/version/{second.pk}/#tidsfrist$"))

    # and on the current page she answers from the current version
    page.goto(f"{live_server.url}{komplettering.url}")
    answer = ask_in_panel(page, question)
    expect(answer).to_contain_text("21 dagar")
    expect(answer).not_to_contain_text("Enligt vägledningen som gällde")
