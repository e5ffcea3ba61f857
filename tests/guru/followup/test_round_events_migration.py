"""Rounds closed early before the round history existed get their closing in it."""

import datetime

import pytest

from tests.migrations import migrate, migrate_to_latest

BEFORE = [("followup", "0007_keyfigure_revision_of")]
AFTER = [("followup", "0008_round_events")]


@pytest.fixture
def old_apps(transactional_db):
    yield migrate(BEFORE)
    migrate_to_latest()


def test_an_earlier_early_closing_becomes_the_rounds_first_event(old_apps):
    # given, before the migration: a round closed early and one still open
    apps = old_apps
    user = apps.get_model("accounts", "User").objects.create(username="controller")
    rounds = apps.get_model("followup", "ConsultationRound")
    closed_at = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
    closed = rounds.objects.create(
        title="Stängd",
        closes_on=datetime.date(2026, 3, 31),
        opened_by=user,
        status="closed",
        closed_by=user,
        closed_at=closed_at,
    )
    rounds.objects.create(
        title="Öppen", closes_on=datetime.date(2026, 3, 31), opened_by=user
    )

    # when
    new_apps = migrate(AFTER)

    # then the closed round's history says who closed it and when; the open has none
    events = new_apps.get_model("followup", "RoundEvent").objects.all()
    assert [
        (e.round_id, e.kind, e.user_id, e.at, e.closes_on_before, e.closes_on_after)
        for e in events
    ] == [
        (
            closed.pk,
            "closed",
            user.pk,
            closed_at,
            datetime.date(2026, 3, 31),
            datetime.date(2026, 3, 31),
        )
    ]
