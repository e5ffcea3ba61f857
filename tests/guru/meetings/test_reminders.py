"""`send_assignment_reminders`: a week before, on the day, never twice."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from guru.meetings import services
from guru.meetings.models import AssignmentStatus, ReminderSent

DUE = datetime.date(2026, 4, 10)


def _run(day: datetime.date) -> str:
    out = StringIO()
    call_command("send_assignment_reminders", date=day.isoformat(), stdout=out)
    return out.getvalue()


@pytest.fixture
def dated(head):
    return services.assignment_create(
        title="Kommunikation om ERUF",
        owner=head,
        ordered_by="GD",
        deliverables=[{"description": "Diskussionsunderlag", "due_date": DUE}],
    )


def test_the_owner_is_reminded_a_week_before_and_on_the_due_date(dated, head):
    # when the command runs every day from two weeks before to after the due date
    for offset in range(-14, 3):
        _run(DUE + datetime.timedelta(days=offset))

    # then exactly two e-mails went to the owner
    assert [m.to for m in mail.outbox] == [[head.email], [head.email]]
    week, day = mail.outbox
    assert week.subject == "Om en vecka: Diskussionsunderlag"
    assert day.subject == "I dag: Diskussionsunderlag"
    assert "I dag ska detta levereras:" in day.body
    assert "Kommunikation om ERUF" in day.body
    assert f"/ledning/uppdrag/{dated.pk}/" in day.body


def test_running_twice_on_the_same_day_sends_nothing_more(dated):
    assert "1 påminnelser" in _run(DUE)
    assert "0 påminnelser" in _run(DUE)
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.count() == 1


def test_a_deliverable_due_at_a_meeting_is_reminded_before_that_meeting(
    head, later_meeting
):
    services.assignment_create(
        title="Skiss",
        owner=head,
        ordered_by="GD",
        deliverables=[{"description": "Skiss på plan", "due_meeting": later_meeting}],
    )

    _run(later_meeting.day - datetime.timedelta(days=7))
    _run(later_meeting.day)

    assert [m.subject for m in mail.outbox] == [
        "Om en vecka: Skiss på plan",
        "I dag: Skiss på plan",
    ]
    assert "till mötet den 2026-04-10" in mail.outbox[0].body


def test_done_and_delivered_work_is_not_reminded(dated, head):
    other = services.assignment_create(
        title="Annat",
        owner=head,
        ordered_by="GD",
        deliverables=[
            {"description": "Levererad", "due_date": DUE},
            {"description": "Öppen", "due_date": DUE},
        ],
    )
    services.assignment_set_status(
        assignment=dated, status=AssignmentStatus.DONE, user=head
    )
    services.deliverable_mark_done(
        deliverable=other.deliverables.get(description="Levererad"), user=head
    )

    _run(DUE)

    assert [m.subject for m in mail.outbox] == ["I dag: Öppen"]


def test_a_moved_due_date_is_reminded_again(dated):
    _run(DUE)
    new_day = DUE + datetime.timedelta(days=5)
    deliverable = dated.deliverables.get()
    deliverable.due_date = new_day
    deliverable.save()

    _run(new_day)

    assert len(mail.outbox) == 2


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError):
        call_command("send_assignment_reminders", date="10 april")


def _edit(client, assignment, **deliverable) -> None:
    """Post the edit form as the browser sends it: the open deliverable's row as
    shown, with ``deliverable`` changed."""
    form = client.get(reverse("meetings:assignment_edit", args=[assignment.pk]))
    row = {
        name: value
        for name, value in form.context["formset"].forms[0].initial.items()
        if value is not None
    }
    row.update(deliverable)
    data = {
        "title": assignment.title,
        "owner": assignment.owner_id,
        "ordered_by": assignment.ordered_by,
        "leverans-TOTAL_FORMS": "3",
        "leverans-INITIAL_FORMS": "1",
        **{f"leverans-0-{name}": value for name, value in row.items()},
    }
    response = client.post(
        reverse("meetings:assignment_edit", args=[assignment.pk]), data
    )
    assert response.status_code == 302


def test_editing_an_assignment_does_not_send_its_reminders_again(client, dated, gd):
    # given the week-before reminder has gone out
    week_before = DUE - datetime.timedelta(days=7)
    _run(week_before)
    deliverable = dated.deliverables.get()
    client.force_login(gd)

    # when the group edits the deliverable's text and the command runs again
    _edit(client, dated, description="Diskussionsunderlag, reviderat")
    _run(week_before)

    # then the same deliverable was changed in place and nobody is reminded twice
    assert len(mail.outbox) == 1
    assert dated.deliverables.get().pk == deliverable.pk
    assert deliverable.reminders.count() == 1


def test_a_due_date_moved_in_the_form_is_reminded_for_the_new_date(client, dated, gd):
    # given the reminder on the due day has gone out
    _run(DUE)
    client.force_login(gd)

    # when the group moves the date five days on, and the command runs daily
    new_day = DUE + datetime.timedelta(days=5)
    _edit(client, dated, due_date=new_day.isoformat())
    for offset in range(6):
        _run(DUE + datetime.timedelta(days=offset))

    # then the new date is reminded once, and the history of the old one is kept
    assert [m.subject for m in mail.outbox] == [
        "I dag: Diskussionsunderlag",
        "I dag: Diskussionsunderlag",
    ]
    assert list(
        dated.deliverables.get().reminders.values_list("due_on", flat=True)
    ) == [DUE, new_day]
