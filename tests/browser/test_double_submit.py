"""A second click while a post is on its way does not post again."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from guru.accounts.roles import Role
from guru.meetings import services as meetings
from guru.meetings.models import Decision
from tests.browser.conftest import log_in
from tests.factories import UnitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _hold_posts(page) -> list:
    """Keep every POST waiting in the browser until the test lets it go."""
    held = []

    def hold(route, request):
        if request.method == "POST":
            held.append(route)
        else:
            route.continue_()

    page.route("**/*", hold)
    return held


def test_a_decision_clicked_twice_is_recorded_once(live_server, browser_page):
    page = browser_page
    unit = UnitFactory(code="LG", name="Ledningen")
    secretary = UserFactory(username="sekreterare", unit=unit, roles=[Role.HANDLAGGARE])
    meeting = meetings.meeting_create(
        starts_at=timezone.now() - datetime.timedelta(hours=1), note_taker=secretary
    )
    item = meetings.agenda_item_create(meeting=meeting, title="Budget", kind="beslut")
    log_in(page, live_server.url, "sekreterare", "losenord-for-test")
    page.goto(f"{live_server.url}/ledning/punkter/{item.pk}/protokoll/")
    held = _hold_posts(page)

    # when the note-taker clicks the decision button twice while the post is held
    page.get_by_label("Nytt beslut", exact=True).fill("Budgeten fastställs.")
    sent = page.evaluate(
        """async () => {
            let sent = 0;
            addEventListener('submit', (e) => { if (!e.defaultPrevented) sent++; });
            const button = [...document.querySelectorAll('button')].find(
                (b) => b.textContent.includes('För till protokollet som beslut'));
            button.click();
            await new Promise((resolve) => setTimeout(resolve, 100));
            button.click();
            return sent;
        }"""
    )
    page.wait_for_timeout(200)
    for route in held:
        route.continue_()

    # then the form was sent once, with the clicked button, and one decision is stored
    assert sent == 1
    assert len(held) == 1
    assert "decision=" in held[0].request.post_data
    expect(page.get_by_text("är fört till protokollet")).to_be_visible()
    assert list(Decision.objects.values_list("text", flat=True)) == [
        "Budgeten fastställs."
    ]
