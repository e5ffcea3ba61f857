"""Links and buttons repeated on every row of a meetings page (a deliverable, an
agenda item, a decision, an attachment) say in their accessible name which row
they act on, so that a screen reader's list of them is not "Ångra leverans"
read twice."""

import pytest
from django.urls import reverse

from guru.documents import services as documents
from guru.meetings import services
from tests.html import action_names, actions_named_alike


def _names_seen_by(client, user, url: str) -> list[str]:
    """The names of the links and buttons on ``url`` as ``user`` sees it; none
    of them shared by two that act on different things."""
    client.force_login(user)
    page = client.get(url).text
    assert actions_named_alike(page) == []
    return action_names(page)


def test_each_deliverables_buttons_name_the_deliverable(client, head, two_deliverables):
    # given one of two deliverables delivered
    underlag = two_deliverables.deliverables.get(description="Underlag")
    services.deliverable_mark_done(deliverable=underlag, user=head)

    # when its owner opens the assignment
    names = _names_seen_by(client, head, two_deliverables.get_absolute_url())

    # then each button names its deliverable, beginning with what it shows
    assert "Ångra leverans: Underlag" in names
    assert "Markera som levererad: Plan" in names


def test_two_open_deliverables_are_told_apart(client, head, two_deliverables):
    names = _names_seen_by(client, head, two_deliverables.get_absolute_url())

    assert "Markera som levererad: Underlag" in names
    assert "Markera som levererad: Plan" in names


@pytest.fixture
def two_items(meeting, folders):
    """Two items of ``meeting``, each with a decision and an attachment."""
    items = []
    for title in ("Tertialuppföljning", "Verksamhetsplan"):
        memo = documents.document_upload(
            folder=folders["lg_meetings"], name=f"{title}.txt", data=b"Underlag."
        )
        item = services.agenda_item_create(
            meeting=meeting, title=title, kind="beslut", documents=[memo]
        )
        services.decision_record(item=item, text=f"{title} fastställs.")
        items.append(item)
    return items


def test_each_agenda_items_actions_name_the_item(client, gd, meeting, two_items):
    names = _names_seen_by(client, gd, meeting.get_absolute_url())

    for title in ("Tertialuppföljning", "Verksamhetsplan"):
        assert f"Ändra punkten: {title}" in names
        assert f"Protokoll och beslut: {title}" in names
        assert f"Nytt uppdrag: {title}" in names
        assert f"ladda ner version 1: {title}.txt" in names
    assert "Uppdrag från beslutet: LG 2026-03-27 § 2" in names


def test_corrections_of_locked_minutes_name_the_item_and_decision(
    client, gd, meeting, two_items
):
    # given the minutes justerade
    services.minutes_lock(meeting=meeting, user=gd)

    # when the justerare opens the meeting
    names = _names_seen_by(client, gd, meeting.get_absolute_url())

    # then each correction says what it corrects
    assert "Rätta anteckningen: Verksamhetsplan" in names
    assert "Rätta beslutet: LG 2026-03-27 § 1" in names


def test_each_decisions_removal_names_the_decision(client, secretary, two_items):
    # given an item with two decisions
    item = two_items[0]
    services.decision_record(item=item, text="Uppföljningen publiceras.")

    # when the note-taker opens its minutes
    url = reverse("meetings:item_minutes", args=[item.pk])
    names = _names_seen_by(client, secretary, url)

    # then each "Ta bort" names its decision
    assert "Ta bort beslut LG 2026-03-27 § 1" in names
    assert "Ta bort beslut LG 2026-03-27 § 3" in names
