"""A caseworker's way through the handbook, in a real browser."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_caseworker_opens_area_page_and_section_then_searches(
    live_server, browser_page, screenshot, handbook, caseworker
):
    page = browser_page

    # given a logged-in Handläggare on the start page
    log_in(page, live_server.url, "handlaggare", "losenord-for-test")
    expect(page.get_by_role("heading", name="Processområden")).to_be_visible()

    # when they open a process area and a guidance page in it
    page.get_by_role("link", name="Ansökan", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ansökan")
    page.get_by_role("link", name="Komplettering av ansökan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Komplettering av ansökan"
    )

    # and follow a section link in the table of contents
    page.get_by_role("navigation", name="Innehåll").get_by_role(
        "link", name="Tidsfrist för komplettering"
    ).click()

    # then the address points at the section and its heading is in view
    assert page.url.endswith("/ansokan/komplettering/#tidsfrist")
    expect(page.locator("h2#tidsfrist")).to_be_in_viewport()
    screenshot("handbook-section")

    # when they search from the header
    page.get_by_role("searchbox", name="Sök i handläggarstödet").first.fill(
        "motivering"
    )
    page.get_by_role("button", name="Sök", exact=True).first.click()

    # then the results list the page that answers
    expect(page.get_by_role("heading", name="Sök i handläggarstödet")).to_be_visible()
    expect(
        page.get_by_role("link", name="Beslutsmotivering", exact=True)
    ).to_be_visible()
    screenshot("handbook-search")


def test_skip_link_moves_keyboard_focus_to_the_content(
    live_server, browser_page, handbook, caseworker
):
    page = browser_page
    log_in(page, live_server.url, "handlaggare", "losenord-for-test")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till innehållet")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "innehall"
