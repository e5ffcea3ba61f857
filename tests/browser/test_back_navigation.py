"""The back button shows a page as it is now, not as the browser cached it."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import comment_period_open, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_back_to_a_guidance_page_shows_the_follow_and_the_comment_made_on_it(
    live_server, browser_page, handbook, caseworker
):
    page = browser_page
    comment_period_open()
    log_in(page, live_server.url, "handlaggare", "losenord-for-test")

    # given a caseworker who follows a guidance page and comments on it (htmx)
    page.goto(f"{live_server.url}/ansokan/komplettering/")
    page.get_by_role("button", name="Bevaka", exact=True).click()
    expect(page.get_by_role("button", name=re.compile("sluta bevaka"))).to_be_visible()
    page.get_by_label("Din synpunkt").fill("Fristen bör stå först.")
    page.get_by_role("button", name="Skicka synpunkt").click()
    expect(page.locator(".comment")).to_contain_text("Fristen bör stå först.")

    # when they go on to another page and come back with the back button
    page.goto(f"{live_server.url}/ansokan/")
    page.go_back()

    # then the page shows the follow and the comment, not the state before them
    expect(page.get_by_role("button", name=re.compile("sluta bevaka"))).to_be_visible()
    expect(page.locator(".comment")).to_contain_text("Fristen bör stå först.")


def test_back_between_two_searches_shows_the_words_searched_for(
    live_server, browser_page, handbook, caseworker
):
    page = browser_page
    log_in(page, live_server.url, "handlaggare", "losenord-for-test")

    # given a search page loaded for one word, then two searches made on it (htmx)
    page.goto(f"{live_server.url}/sok/?q=frist")
    search_box = page.get_by_role("main").get_by_role("searchbox")
    expect(search_box).to_have_value("frist")
    for words in ("komplettering", "beslut"):
        search_box.fill(words)
        search_box.press("Enter")
        expect(page).to_have_url(re.compile(f"q={words}"))

    # when the back button goes back to the second search
    page.go_back()

    # then the search box holds that search's words, as the results do
    expect(page).to_have_url(re.compile("q=komplettering"))
    expect(search_box).to_have_value("komplettering")


def test_back_to_a_filtered_list_shows_the_filter_of_the_list_shown(
    live_server, browser_page, handbook, editor
):
    page = browser_page
    log_in(page, live_server.url, "redaktor", "losenord-for-test")

    # given the Doris log for 30 days, then for 7 (a GET form: a new page each)
    page.goto(f"{live_server.url}/doris/redaktion/?period=30")
    period = page.get_by_label("Period")
    period.select_option("7")
    page.get_by_role("button", name="Visa", exact=True).click()
    expect(page).to_have_url(re.compile("period=7"))

    # when the back button goes back to the 30 days
    page.go_back()

    # then the period says 30 days, as the list does, not the 7 chosen after it
    expect(page).to_have_url(re.compile("period=30"))
    expect(period).to_have_value("30")
