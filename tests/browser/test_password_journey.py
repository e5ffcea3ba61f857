"""A caseworker who has forgotten the password gets a link by e-mail, chooses a
new password in the browser and logs in with it; repeated guessing is stopped."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEW = "vintersol-over-norrland-2026"


def test_forgotten_password_reset_by_mail_then_log_in(
    live_server, browser_page, caseworker, screenshot
):
    page = browser_page
    page.goto(f"{live_server.url}/")

    # given the log-in page, she follows "Glömt lösenordet?" and gives her address
    page.get_by_role("link", name="Glömt lösenordet?").click()
    page.get_by_label("E-post", exact=True).fill(caseworker.email)
    page.get_by_role("button", name="Skicka länken").click()
    expect(page.get_by_role("heading", name="Kolla din e-post")).to_be_visible()

    # when she opens the link in the e-mail and chooses a new password
    [message] = mail.outbox
    link = re.search(r"http://\S+/konto/aterstall/\S+/", message.body)[0]
    page.goto(link)
    page.get_by_label("Nytt lösenord", exact=True).fill(NEW)
    page.get_by_label("Bekräfta nytt lösenord").fill(NEW)
    screenshot("password-reset-choose")
    page.get_by_role("button", name="Spara lösenordet").click()
    expect(page.get_by_role("heading", name="Lösenordet är sparat")).to_be_visible()

    # then she logs in with it
    page.get_by_role("link", name="Logga in").click()
    log_in(page, live_server.url, "handlaggare", NEW)
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()


def test_guessing_a_password_is_stopped_after_five_tries(
    live_server, browser_page, caseworker
):
    page = browser_page
    for _ in range(5):
        page.goto(f"{live_server.url}/konto/logga-in/")
        page.get_by_label("Användarnamn").fill("handlaggare")
        page.get_by_label("Lösenord").fill("fel-gissning")
        page.get_by_role("button", name="Logga in").click()

    expect(
        page.get_by_role("heading", name="För många misslyckade inloggningar")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Glömt lösenordet?")).to_be_visible()
