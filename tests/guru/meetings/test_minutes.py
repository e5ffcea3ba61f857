"""Minutes, numbered decisions, justering and corrections."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from guru.meetings import services
from guru.meetings.models import Decision, Meeting, MinutesCorrection


def test_decisions_are_numbered_per_meeting_and_cited_with_the_meeting_date(
    meeting, later_meeting, item
):
    # given two items on one meeting and one on another
    second = services.agenda_item_create(meeting=meeting, title="Guru", kind="beslut")
    other = services.agenda_item_create(
        meeting=later_meeting, title="Plan", kind="beslut"
    )

    # when decisions are recorded
    first = services.decision_record(item=item, text="Fyra fokus fastställs.")
    then = services.decision_record(item=second, text="Guru införs.")
    elsewhere = services.decision_record(item=other, text="Planen antas.")

    # then
    assert first.label == "LG 2026-03-27 § 1"
    assert then.label == "LG 2026-03-27 § 2"
    assert elsewhere.label == "LG 2026-04-10 § 1"


def test_only_the_named_adjuster_can_lock_the_minutes(meeting, head, gd, item):
    with pytest.raises(ValidationError, match="justeraren"):
        services.minutes_lock(meeting=meeting, user=head)

    services.minutes_lock(meeting=meeting, user=gd)

    meeting.refresh_from_db()
    assert meeting.is_locked


def test_minutes_of_a_meeting_that_has_not_begun_cannot_be_locked(client, gd, head):
    # given a meeting in an hour, with gd as justerare
    upcoming = services.meeting_create(
        starts_at=timezone.now() + datetime.timedelta(hours=1),
        participants=[gd, head],
        adjuster=gd,
        created_by=gd,
    )
    client.force_login(gd)

    # then the page tells her when she can, and offers no button
    page = client.get(upcoming.get_absolute_url()).text
    assert "Protokollet kan justeras när mötet har börjat." in page
    assert "Justera och lås protokollet" not in page

    # and neither the view nor the service locks it
    assert client.post(reverse("meetings:lock", args=[upcoming.pk])).status_code == 403
    with pytest.raises(ValidationError, match="förrän mötet har börjat"):
        services.minutes_lock(meeting=upcoming, user=gd)
    upcoming.refresh_from_db()
    assert not upcoming.is_locked


def test_the_adjuster_is_offered_the_lock_once_the_meeting_has_begun(
    client, meeting, gd, head
):
    client.force_login(gd)
    assert "Justera och lås protokollet" in client.get(meeting.get_absolute_url()).text

    client.force_login(head)  # not the justerare
    page = client.get(meeting.get_absolute_url()).text
    assert "Justera och lås protokollet" not in page
    assert "Du är justerare" not in page


def test_locking_the_minutes_is_asked_before_it_is_done(client, meeting, gd):
    # given the justerare on the meeting's page
    client.force_login(gd)
    url = reverse("meetings:lock", args=[meeting.pk])
    page = client.get(meeting.get_absolute_url()).text
    assert f'href="{url}"' in page

    # when she follows "Justera och lås protokollet"
    asked = client.get(url)

    # then a page says what locking means, and nothing is locked yet
    assert asked.status_code == 200
    assert "Ja, justera och lås" in asked.text
    assert "bara genom en rättelse" in asked.text
    assert "Den publicerar ingenting" in asked.text
    assert f'href="{meeting.get_absolute_url()}"' in asked.text  # Avbryt
    meeting.refresh_from_db()
    assert not meeting.is_locked


def test_the_confirmation_locks_the_minutes(client, meeting, gd):
    # given the justerare on the confirmation page
    client.force_login(gd)
    url = reverse("meetings:lock", args=[meeting.pk])

    # when she answers "Ja, justera och lås"
    response = client.post(url)

    # then the minutes are locked and she is back on the meeting
    assert response.status_code == 302
    assert response.url == meeting.get_absolute_url()
    meeting.refresh_from_db()
    assert meeting.is_locked


def test_only_the_justerare_is_asked_to_lock(client, meeting, head):
    # given a member of the group who is not the justerare
    client.force_login(head)

    # when / then the confirmation page is not theirs either
    assert client.get(reverse("meetings:lock", args=[meeting.pk])).status_code == 403


def test_locked_minutes_refuse_direct_changes(meeting, gd, item):
    # given
    services.minutes_record(item=item, minutes="Gruppen diskuterade.")
    services.minutes_lock(meeting=meeting, user=gd)
    item.refresh_from_db()

    # when / then
    with pytest.raises(services.MinutesLocked):
        services.minutes_record(item=item, minutes="Något annat.")
    with pytest.raises(services.MinutesLocked):
        services.decision_record(item=item, text="Sent beslut.")
    with pytest.raises(services.MinutesLocked):
        services.agenda_item_create(meeting=meeting, title="Ny", kind="information")
    item.refresh_from_db()
    assert item.minutes == "Gruppen diskuterade."


def test_a_correction_changes_locked_minutes_and_records_before_after_and_why(
    meeting, gd, secretary, item
):
    # given
    services.minutes_record(item=item, minutes="Fem fokus.")
    decision = services.decision_record(item=item, text="Fem fokus fastställs.")
    services.minutes_lock(meeting=meeting, user=gd)
    item.refresh_from_db()

    # when
    services.minutes_correct(
        item=item, minutes="Fyra fokus.", reason="Felskrivning", user=secretary
    )
    decision.refresh_from_db()
    services.decision_correct(
        decision=decision,
        text="Fyra fokus fastställs.",
        reason="Felskrivning",
        user=secretary,
    )

    # then
    item.refresh_from_db()
    decision.refresh_from_db()
    assert item.minutes == "Fyra fokus."
    assert decision.text == "Fyra fokus fastställs."
    assert decision.number == 1
    corrections = list(MinutesCorrection.objects.values_list("before", "after"))
    assert corrections == [
        ("Fem fokus.", "Fyra fokus."),
        ("Fem fokus fastställs.", "Fyra fokus fastställs."),
    ]


def test_the_log_of_corrections_keeps_the_line_breaks_typed(
    meeting, gd, secretary, item, client
):
    # given minutes corrected with text areas' line breaks (\r\n, as posted)
    before, after = "Fem fokus.\r\nBudget i maj.", "Fyra fokus.\r\nBudget i juni."
    why = "Felskrivning.\r\nSe mejl från GD."
    services.minutes_record(item=item, minutes=before)
    services.minutes_lock(meeting=meeting, user=gd)
    item.refresh_from_db()
    services.minutes_correct(item=item, minutes=after, reason=why, user=secretary)
    client.force_login(gd)

    html = client.get(reverse("meetings:meeting", args=[meeting.pk])).text

    assert "Felskrivning.<br>Se mejl från GD." in html
    assert "<del>Fem fokus.<br>Budget i maj.</del>" in html
    assert "<ins>Fyra fokus.<br>Budget i juni.</ins>" in html


def test_a_correction_needs_a_reason_and_locked_minutes(meeting, gd, item):
    with pytest.raises(ValidationError, match="inte justerat"):
        services.minutes_correct(item=item, minutes="x", reason="y", user=gd)
    services.minutes_lock(meeting=meeting, user=gd)
    item.refresh_from_db()
    with pytest.raises(ValidationError, match="varför"):
        services.minutes_correct(item=item, minutes="x", reason=" ", user=gd)
    assert not MinutesCorrection.objects.exists()


def test_a_meeting_cannot_end_before_it_starts(meeting):
    with pytest.raises(ValidationError, match="sluta efter"):
        services.meeting_update(meeting=meeting, ends_at=meeting.starts_at)


def test_a_decision_recorded_twice_can_be_removed_before_justering(
    client, meeting, item, secretary
):
    # given a decision posted twice (§ 1 and § 2) and one more under it (§ 3)
    services.decision_record(item=item, text="Fyra fokus fastställs.")
    twice = services.decision_record(item=item, text="Fyra fokus fastställs.")
    services.decision_record(item=item, text="Guru införs.")
    client.force_login(secretary)

    # when the note-taker removes the copy
    response = client.post(
        reverse("meetings:decision_delete", args=[item.pk, twice.pk])
    )

    # then the minutes hold two decisions, numbered without a gap
    assert response.status_code == 302
    assert [(d.number, d.text) for d in Decision.objects.active()] == [
        (1, "Fyra fokus fastställs."),
        (2, "Guru införs."),
    ]
    page = client.get(meeting.get_absolute_url()).text
    assert "LG 2026-03-27 § 3" not in page
    assert page.count("Fyra fokus fastställs.") == 1
    # the removed row stays, with who removed it and when
    twice.refresh_from_db()
    assert twice.deleted_by == secretary and twice.deleted_at is not None
    # and the next decision takes the next free number
    assert services.decision_record(item=item, text="Nytt.").number == 3


def test_removing_a_decision_is_asked_before_it_is_done(
    client, meeting, item, secretary
):
    # given a decision, and the note-taker on the item's minutes
    decision = services.decision_record(item=item, text="Fyra fokus fastställs.")
    client.force_login(secretary)
    minutes = reverse("meetings:item_minutes", args=[item.pk])
    url = reverse("meetings:decision_delete", args=[item.pk, decision.pk])
    assert f'href="{url}"' in client.get(minutes).text

    # when she follows "Ta bort"
    asked = client.get(url)

    # then a page asks first, naming the decision, and nothing is removed yet
    assert asked.status_code == 200
    assert "LG 2026-03-27 § 1 Fyra fokus fastställs." in asked.text
    assert "Ja, ta bort beslutet" in asked.text
    assert f'href="{minutes}"' in asked.text  # Avbryt
    decision.refresh_from_db()
    assert decision.deleted_at is None


def test_a_removed_decision_stays_out_of_the_news(meeting, item, gd, secretary):
    kept = services.decision_record(item=item, text="Fyra fokus fastställs.")
    removed = services.decision_record(item=item, text="Felaktigt beslut.")
    services.decision_delete(decision=removed, user=secretary)
    services.minutes_lock(meeting=meeting, user=gd)

    article = services.news_compose(meeting=meeting, user=secretary)

    assert f"{kept.label}: Fyra fokus fastställs." in article.body
    assert "Felaktigt beslut." not in article.body


def test_a_decision_cannot_be_removed_after_justering(
    client, meeting, item, gd, secretary
):
    decision = services.decision_record(item=item, text="Fyra fokus fastställs.")
    services.minutes_lock(meeting=meeting, user=gd)
    decision.refresh_from_db()

    with pytest.raises(services.MinutesLocked):
        services.decision_delete(decision=decision, user=gd)
    client.force_login(secretary)
    url = reverse("meetings:decision_delete", args=[item.pk, decision.pk])
    assert client.post(url).status_code == 403
    decision.refresh_from_db()
    assert decision.deleted_at is None


def test_a_decision_that_gave_an_assignment_is_not_removed(meeting, item, head, gd):
    decision = services.decision_record(item=item, text="Wik tar fram en plan.")
    services.assignment_create(
        title="Plan",
        owner=head,
        ordered_by="LG",
        decision=decision,
        deliverables=[{"description": "Plan", "due_date": datetime.date(2026, 5, 1)}],
    )

    with pytest.raises(ValidationError, match="uppdrag"):
        services.decision_delete(decision=decision, user=gd)
    decision.refresh_from_db()
    assert decision.deleted_at is None


def test_the_items_of_a_deleted_meeting_are_not_found(client, meeting, item, gd):
    # given a decision under the item, and the meeting deleted
    decision = services.decision_record(item=item, text="Fyra fokus fastställs.")
    services.meeting_delete(meeting=meeting, user=gd)
    client.force_login(gd)
    minutes = reverse("meetings:item_minutes", args=[item.pk])

    # when / then: minutes, decisions, moving and removing answer 404
    assert client.get(minutes).status_code == 404
    assert client.post(minutes, {"minutes": "Sent"}).status_code == 404
    assert client.post(minutes, {"decision": "", "text": "Nytt"}).status_code == 404
    move = reverse("meetings:item_move", args=[item.pk])
    assert client.post(move, {"riktning": "upp"}).status_code == 404
    remove = reverse("meetings:decision_delete", args=[item.pk, decision.pk])
    assert client.post(remove).status_code == 404
    new_assignment = reverse("meetings:assignment_create")
    assert client.get(f"{new_assignment}?punkt={item.pk}").status_code == 404
    assert client.get(f"{new_assignment}?beslut={decision.pk}").status_code == 404
    item.refresh_from_db()
    assert item.minutes == ""
    assert list(item.decisions.active()) == [decision]


def test_locked_minutes_of_a_deleted_meeting_cannot_be_corrected(
    client, meeting, item, gd
):
    decision = services.decision_record(item=item, text="Fyra fokus fastställs.")
    services.minutes_lock(meeting=meeting, user=gd)
    Meeting.objects.filter(pk=meeting.pk).update(deleted_at=timezone.now())
    client.force_login(gd)
    data = {"text": "Rättat", "reason": "Fel"}

    for url in (
        reverse("meetings:correction", args=[item.pk]),
        reverse("meetings:decision_correction", args=[item.pk, decision.pk]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, data).status_code == 404
    assert not MinutesCorrection.objects.exists()
