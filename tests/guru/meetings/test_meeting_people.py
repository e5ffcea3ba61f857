"""Who names the note-taker, the justerare and the participants of a meeting."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from guru.meetings import services
from guru.meetings.models import Meeting


def _edit(meeting, **changes) -> dict:
    """The edit form's fields as they stand, with ``changes``."""
    data = {
        "starts_at": "2026-03-27T09:00",
        "ends_at": "2026-03-27T12:00",
        "place": meeting.place,
        "link": "",
        "participants": [p.pk for p in meeting.participants.all()],
        "note_taker": meeting.note_taker_id,
        "adjuster": meeting.adjuster_id,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_note_taker_is_not_offered_the_people_of_the_meeting(
    client, meeting, secretary
):
    # given the note-taker, who is not in the group
    client.force_login(secretary)

    # when she opens the edit form
    page = client.get(reverse("meetings:meeting_edit", args=[meeting.pk])).text

    # then time and place are hers to change, but not who takes part or checks
    assert 'name="place"' in page
    assert 'name="note_taker"' not in page
    assert 'name="adjuster"' not in page
    assert 'name="participants"' not in page


def test_the_note_taker_cannot_make_herself_justerare_by_posting(
    client, meeting, secretary, gd, head
):
    # given
    client.force_login(secretary)

    # when she posts herself as justerare and drops a participant
    response = client.post(
        reverse("meetings:meeting_edit", args=[meeting.pk]),
        _edit(
            meeting,
            place="Lilla rummet",
            adjuster=secretary.pk,
            note_taker=head.pk,
            participants=[secretary.pk],
        ),
    )

    # then the change of place is saved and the people are left as they were
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "Lilla rummet"
    assert (meeting.note_taker, meeting.adjuster) == (secretary, gd)
    assert set(meeting.participants.all()) == {gd, head}


def test_the_group_still_names_the_people_of_the_meeting(
    client, meeting, gd, head, secretary
):
    client.force_login(gd)

    response = client.post(
        reverse("meetings:meeting_edit", args=[meeting.pk]),
        _edit(meeting, adjuster=head.pk, participants=[gd.pk, head.pk, secretary.pk]),
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.adjuster == head
    assert secretary in meeting.participants.all()


def test_the_same_person_cannot_be_note_taker_and_justerare(
    client, meeting, gd, secretary
):
    # given
    client.force_login(gd)

    # when the group names the note-taker as justerare too
    response = client.post(
        reverse("meetings:meeting_edit", args=[meeting.pk]),
        _edit(meeting, place="Rum Vättern", adjuster=secretary.pk),
    )

    # then the form says why, keeps what was typed and nothing is saved
    page = response.content.decode()
    assert response.status_code == 422
    assert "Justeraren kan inte vara den som för protokollet." in page
    assert 'value="Rum Vättern"' in page
    meeting.refresh_from_db()
    assert (meeting.adjuster, meeting.place) == (gd, "Stora konferensrummet")


def test_a_new_meeting_cannot_have_the_note_taker_as_justerare(client, gd, secretary):
    client.force_login(gd)

    response = client.post(
        reverse("meetings:meeting_create"),
        {
            "starts_at": "2026-05-08T09:00",
            "note_taker": secretary.pk,
            "adjuster": secretary.pk,
        },
    )

    assert response.status_code == 422
    assert "Justeraren kan inte vara den som för protokollet." in response.text
    assert not Meeting.objects.exists()


def test_minutes_where_the_note_taker_is_justerare_cannot_be_locked(meeting, secretary):
    # given a meeting saved before the rule, with the note-taker as justerare
    Meeting.objects.filter(pk=meeting.pk).update(adjuster=secretary)
    meeting.refresh_from_db()

    # when / then she cannot approve her own minutes
    with pytest.raises(ValidationError, match="den som för protokollet"):
        services.minutes_lock(meeting=meeting, user=secretary)
    meeting.refresh_from_db()
    assert not meeting.is_locked


def test_only_the_group_deletes_a_meeting(client, meeting, gd, secretary):
    delete = reverse("meetings:meeting_delete", args=[meeting.pk])
    edit = reverse("meetings:meeting_edit", args=[meeting.pk])

    # the note-taker writes in the meeting but is not offered, or allowed, to remove it
    client.force_login(secretary)
    assert "Ta bort mötet" not in client.get(edit).text
    assert client.post(delete).status_code == 403
    meeting.refresh_from_db()
    assert meeting.deleted_at is None

    # the group is
    client.force_login(gd)
    assert "Ta bort mötet" in client.get(edit).text
    assert client.post(delete).status_code == 302
    meeting.refresh_from_db()
    assert meeting.deleted_at is not None
