"""An item's minutes saved while another save of them, or the justering, holds
its transaction open on a second real database connection: the save waits on
the row the other holds, then finds what it committed. A note saved meanwhile
is not overwritten, and nothing lands in minutes once they are justerade.

On PostgreSQL only: without row locks (SQLite) there is nothing to race."""

import pytest

from guru.forms import SavedMeanwhile
from guru.meetings import services
from guru.meetings.models import AgendaItem
from tests.concurrency import on_postgresql, racing_a_held_transaction

pytestmark = [on_postgresql, pytest.mark.django_db(transaction=True)]


def _note_saved(item, note: str, decision: str = ""):
    """The item's minutes page, loaded on an empty note, saves ``note``."""
    return services.minutes_and_decision_record(
        item=item, minutes=note, decision=decision, loaded={"minutes": ""}
    )


def test_a_note_saved_while_another_is_being_saved_waits_and_is_refused(item):
    # given two minutes pages of one item, both loaded on an empty note

    # when the second saves while the first one's save is under way
    race = racing_a_held_transaction(
        lambda: _note_saved(item, "Gruppen diskuterade budgeten."),
        lambda: _note_saved(item, "Prognosen håller."),
    )

    # then it waits for the first, finds its note and does not overwrite it
    assert race.waited, race
    assert isinstance(race.error, SavedMeanwhile), race
    assert race.error.saved == {"minutes": {"minutes": "Gruppen diskuterade budgeten."}}
    assert AgendaItem.objects.get(pk=item.pk).minutes == (
        "Gruppen diskuterade budgeten."
    )


@pytest.mark.parametrize(
    ("note", "decision"),
    [("Prognosen håller.", ""), (None, "Budgeten fastställs.")],
    ids=["note", "decision"],
)
def test_minutes_saved_while_they_are_being_justerade_wait_and_are_refused(
    item, meeting, gd, note, decision
):
    # given an item's minutes page, loaded before the justering

    # when it saves a note or a decision while the justerare justerar
    race = racing_a_held_transaction(
        lambda: services.minutes_lock(meeting=meeting, user=gd),
        lambda: services.minutes_and_decision_record(
            item=item, minutes=note, decision=decision, loaded={"minutes": ""}
        ),
    )

    # then it waits for the justering, finds the minutes locked and saves nothing
    assert race.waited, race
    assert isinstance(race.error, services.MinutesLocked), race
    item = AgendaItem.objects.get(pk=item.pk)
    assert item.minutes == ""
    assert not item.decisions.exists()


def test_a_meeting_changed_while_its_minutes_are_justerade_waits_and_is_refused(
    meeting, gd
):
    # given a meeting's form, loaded before the justering

    # when it is saved while the justerare justerar
    race = racing_a_held_transaction(
        lambda: services.minutes_lock(meeting=meeting, user=gd),
        lambda: services.meeting_update(meeting=meeting, place="Lilla rummet"),
    )

    # then it waits for the justering, is refused and the minutes stay justerade
    assert race.waited, race
    assert isinstance(race.error, services.MinutesLocked), race
    meeting.refresh_from_db()
    assert meeting.place == "Stora konferensrummet"
    assert meeting.locked_at is not None
