"""Dates typed into Wagtail's admin: text that is no date is refused, not replaced."""

import pytest
from playwright.sync_api import expect

from guru.feedback.models import CommentPeriodSetting
from tests.browser.conftest import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "losenord-for-test"


def test_a_date_the_admin_cannot_read_is_refused_with_the_text_kept(
    live_server, browser_page, handbook
):
    # Wagtail's date picker put today's date in place of "abc" on leaving the
    # field, so a slip of the keyboard was saved as a real date
    UserFactory(username="admin", is_superuser=True, is_staff=True)
    page = browser_page
    log_in(page, live_server.url, "admin", PASSWORD)
    page.goto(f"{live_server.url}/admin/settings/feedback/commentperiodsetting/")

    field = page.locator("#id_starts_on")
    field.fill("abc")
    field.press("Tab")
    expect(field).to_have_value("abc")
    page.get_by_role("button", name="Spara").first.click()

    expect(page.locator("#id_starts_on")).to_have_value("abc")
    expect(page.get_by_text("Fyll i ett giltigt datum.")).to_be_visible()
    assert not CommentPeriodSetting.objects.exclude(starts_on=None).exists()
