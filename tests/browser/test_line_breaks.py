"""Line breaks in a real browser: a text typed up to a box's ``maxlength`` is saved.

Chromium counts a line break as one character against ``maxlength`` but sends it
as CR LF, two characters; the form must count it as the browser did.
"""

import pytest
from playwright.sync_api import expect

from guru.followup import consultation
from tests.browser.conftest import log_in
from tests.guru.followup.conftest import (  # noqa: F401
    PASSWORD,
    organisation,
    proposal_data,
    round_,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_comment_typed_to_the_boxs_limit_with_line_breaks_is_saved(
    live_server,
    browser_page,
    round_,  # noqa: F811
    organisation,  # noqa: F811
):
    proposal = consultation.proposal_submit(
        round_=round_, proposer=organisation["handlaggare"], data=proposal_data()
    )
    page = browser_page
    log_in(page, live_server.url, "redaktor", PASSWORD)
    page.goto(f"{live_server.url}/uppfoljning/remiss/forslag/{proposal.pk}/")
    box = page.get_by_label("Kommentar")
    assert box.get_attribute("maxlength") == "2000"
    paragraph = "x" * 499
    box.click()
    for number in range(4):
        if number:
            page.keyboard.press("Enter")
        page.keyboard.insert_text(paragraph)
    page.keyboard.type("more")  # the box is full: the browser takes none of it
    typed = box.input_value()
    assert len(typed) == 2000 and typed.count("\n") == 3
    page.get_by_role("button", name="Kommentera").click()

    expect(page.locator(".field__error")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("tecken")
    comment = proposal.comments.get()
    assert comment.text == typed
