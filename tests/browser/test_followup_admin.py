"""Controllers' data in Wagtail's admin, typed in a real browser."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.guru.followup import builders
from tests.guru.followup.conftest import PASSWORD, organisation  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_target_typed_with_a_decimal_comma_is_saved_as_typed(
    live_server,
    browser_page,
    organisation,  # noqa: F811
):
    # Chromium's number input dropped the comma: "3,2" was saved as 32
    target = builders.key_figure().targets.get()
    page = browser_page
    log_in(page, live_server.url, "controller", PASSWORD)
    page.goto(f"{live_server.url}/admin/snippets/followup/target/edit/{target.pk}/")

    field = page.locator("#id_value")
    field.fill("")
    field.press_sequentially("3,2")
    page.get_by_role("button", name="Spara").first.click()
    page.wait_for_url("**/admin/snippets/followup/target/")

    target.refresh_from_db()
    assert target.value == Decimal("3.2")
    # and it reads as it was typed when the target is opened again
    page.goto(f"{live_server.url}/admin/snippets/followup/target/edit/{target.pk}/")
    expect(page.locator("#id_value")).to_have_value("3,2")
