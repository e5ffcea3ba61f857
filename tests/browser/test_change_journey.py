"""A saklig change, from the editor's publish form to the follower's screen."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from guru.changes.models import PageVersion
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Ny tidsfrist för komplettering, 14 dagar i stället för 10."


def log_out(page):
    page.context.clear_cookies()


def test_substantive_change_reaches_the_follower_with_marks_diff_and_history(
    live_server, browser_page, handbook, caseworker, editor, second_editor, screenshot
):
    page = browser_page
    guidance = handbook["komplettering"]
    # the first version was published a while ago
    PageVersion.objects.filter(page_key=guidance.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=30)
    )

    # given a caseworker who follows the page
    log_in(page, live_server.url, "handlaggare", "losenord-for-test")
    page.goto(f"{live_server.url}{guidance.url}")
    page.get_by_role("button", name="Bevaka", exact=True).click()
    expect(page.get_by_role("button", name=re.compile("sluta bevaka"))).to_be_visible()
    log_out(page)

    # when an editor writes a saklig change with its note and submits it for review
    log_in(page, live_server.url, "redaktor", "losenord-for-test")
    page.goto(f"{live_server.url}/admin/pages/{guidance.pk}/edit/")
    page.get_by_label("Saklig – ändrar hur ärenden handläggs").check()
    page.get_by_label("Ändringsnotering").fill(NOTE)
    section = page.locator(
        "[data-contentpath='body'] .DraftEditor-root [contenteditable='true']"
    ).nth(1)
    expect(section).to_be_editable()
    section.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Fristen är numera 14 kalenderdagar.")
    expect(section).to_contain_text("Fristen är numera 14 kalenderdagar.")
    # Draftail writes to the form's hidden field a moment after typing
    expect(page.locator("input[name='body-1-value-body']")).to_have_value(
        re.compile("Fristen är numera 14 kalenderdagar.")
    )
    page.locator(
        "footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']"
    ).first.click()
    page.get_by_role("button", name=re.compile("Lämna in till")).click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("inlämnad för moderering")
    screenshot("change-submitted")
    log_out(page)

    # and another editor approves it, which publishes it
    log_in(page, live_server.url, "redaktor2", "losenord-for-test")
    page.goto(f"{live_server.url}/admin/pages/{guidance.pk}/edit/")
    screenshot("change-review")
    page.locator(
        "footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']"
    ).first.click()
    # (the test must not query the database while the server handles the
    # request: with SQLite both threads share one connection)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^Godkänn")).first.click()
    page.wait_for_load_state()
    log_out(page)

    version = PageVersion.objects.filter(page_key=guidance.pk).latest("number")

    assert (version.number, version.kind, version.note) == (2, "saklig", NOTE)
    assert [m.to for m in mail.outbox if NOTE in m.body] == [[caseworker.email]]

    # then the follower sees the notification, the marked section and the diff
    log_in(page, live_server.url, "handlaggare", "losenord-for-test")
    page.get_by_role("link", name=re.compile("Bevakningar")).click()
    expect(page.get_by_text(NOTE)).to_be_visible()
    page.get_by_role("region", name="Ändringar i det du bevakar").get_by_role(
        "link", name="Komplettering av ansökan"
    ).click()
    expect(page.locator("ins").filter(has_text="14 kalenderdagar")).to_be_visible()
    screenshot("change-diff")

    page.goto(f"{live_server.url}{guidance.url}")
    mark = page.get_by_role("link", name=re.compile(r"Ändrat \d{4}-\d{2}-\d{2}"))
    expect(mark).to_be_visible()
    expect(page.get_by_role("table").get_by_text(NOTE)).to_be_visible()
    screenshot("change-marked-page")

    # and the page as it was the day before says it is not the current version
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page.get_by_label("Visa sidan som den såg ut den").fill(f"{yesterday:%Y-%m-%d}")
    page.get_by_role("button", name="Visa", exact=True).click()
    expect(page.get_by_text(re.compile("Så här såg sidan ut den"))).to_be_visible()
    expect(page.get_by_text("Fristen är numera 14 kalenderdagar.")).to_have_count(0)
    screenshot("change-as-of-yesterday")
