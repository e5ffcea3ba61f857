"""A comment's whole loop in a real browser: written, handled, seen as handled."""

import pytest
from playwright.sync_api import expect

from guru.feedback.models import Comment, HelpfulVote
from tests.browser.conftest import comment_period_open, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "losenord-for-test"


def _log_out(page) -> None:
    page.get_by_role("button", name="Logga ut").click()


def test_caseworker_comments_editor_resolves_and_caseworker_sees_the_status(
    live_server, browser_page, screenshot, handbook, caseworker, editor
):
    page = browser_page
    comment_period_open()
    guidance_url = f"{live_server.url}/ansokan/komplettering/"

    # given a Handläggare on a guidance page
    log_in(page, live_server.url, "handlaggare", PASSWORD)
    page.goto(guidance_url)

    # when they answer "Nej" and write a comment on one section
    helpful = page.get_by_role("group", name="Var sidan till hjälp?")
    helpful.get_by_role("button", name="Nej").click()
    page.get_by_label("Vad saknades? (valfritt)").fill("Ett exempel på ett brev.")
    page.get_by_role("group", name="Var sidan till hjälp?").get_by_role(
        "button", name="Skicka"
    ).click()
    expect(page.get_by_text("Du svarade Nej.")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("Tack för ditt svar!")
    page.get_by_label("Din synpunkt").fill("Fristen bör stå **först** i avsnittet.")
    page.get_by_label("Gäller avsnitt").select_option(
        label="Tidsfrist för komplettering"
    )
    page.get_by_role("button", name="Skicka synpunkt").click()

    # then the comment is listed under the page, with its section, without a reload
    comment_item = page.locator(".comment").first
    expect(comment_item).to_contain_text("Fristen bör stå först i avsnittet.")
    expect(comment_item.locator("strong", has_text="först")).to_be_visible()
    expect(comment_item).to_contain_text("Gäller avsnitt Tidsfrist för komplettering")
    expect(comment_item).to_contain_text("Ny")
    screenshot("feedback-comment-written")
    _log_out(page)

    # when a Redaktör opens the inbox, replies and marks it Åtgärdad with a revision
    log_in(page, live_server.url, "redaktor", PASSWORD)
    page.goto(f"{live_server.url}/admin/synpunkter/")
    page.get_by_role("link", name="Fristen bör stå **först** i avsnittet.").click()
    page.get_by_label("Svar", exact=True).fill("Tack! Vi har flyttat upp fristen.")
    page.get_by_role("button", name="Skicka svar").click()
    expect(page.get_by_text("Svaret är skickat till skribenten.")).to_be_visible()
    page.get_by_label("Status", exact=True).select_option(label="Åtgärdad")
    page.get_by_label("Version som åtgärdade").select_option(index=1)
    page.get_by_role("button", name="Spara status").click()
    expect(page.get_by_text("Statusen är ändrad.")).to_be_visible()
    screenshot("feedback-comment-handled")
    comment = Comment.objects.get()
    assert comment.status == "resolved" and comment.resolved_revision is not None
    page.goto(f"{live_server.url}/")
    _log_out(page)

    # then the commenter sees a notice, the reply and the status
    log_in(page, live_server.url, "handlaggare", PASSWORD)
    expect(page.get_by_role("link", name="Mina synpunkter")).to_contain_text("olästa")
    page.get_by_role("link", name="Mina synpunkter").click()
    expect(page.get_by_role("heading", name="Mina synpunkter", level=1)).to_be_visible()
    expect(page.get_by_text("är nu åtgärdad")).to_be_visible()
    row = page.get_by_role("row", name="Komplettering av ansökan")
    expect(row).to_contain_text("Åtgärdad")
    expect(row).to_contain_text("Tack! Vi har flyttat upp fristen.")
    screenshot("feedback-mina-synpunkter")
    page.goto(guidance_url)
    expect(page.locator(".comment").first).to_contain_text("Åtgärdad")
    expect(page.locator(".reply")).to_contain_text("Vi har flyttat upp fristen")
    vote = HelpfulVote.objects.get()
    assert (vote.helpful, vote.missing) == (False, "Ett exempel på ett brev.")
