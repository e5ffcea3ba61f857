"""An assignment's history: who changed its status, delivered or took back a
deliverable, or edited it, and when; shown on its page to whoever may see it."""

import datetime

from django.template.defaultfilters import date
from django.urls import reverse
from django.utils import timezone, translation

from guru.followup import services as followup
from guru.followup.models import ActionStatus
from guru.meetings import services
from guru.meetings.followup_actions import assignment_for
from guru.meetings.models import (
    Assignment,
    AssignmentChange,
    AssignmentStatus,
    Deliverable,
)
from tests.guru.followup.builders import decided_action
from tests.guru.followup.conftest import organisation  # noqa: F401 (fixture)

PERSONNUMMER = "19850101-2382"


def _trail(assignment) -> list[tuple]:
    """(kind, status before, status after, deliverable, who, via the action)."""
    return [
        (
            c.kind,
            c.status_before,
            c.status_after,
            c.deliverable_description,
            c.changed_by and c.changed_by.username,
            c.via_action,
        )
        for c in AssignmentChange.objects.filter(assignment=assignment).order_by(
            "changed_at", "pk"
        )
    ]


def _edits(assignment) -> list[tuple[str, str, str, str]]:
    """(field, before, after, who) of each edit."""
    return [
        (c.field, c.before, c.after, c.changed_by.username)
        for c in AssignmentChange.objects.filter(
            assignment=assignment, kind=AssignmentChange.Kind.EDITED
        )
    ]


STATUS = AssignmentChange.Kind.STATUS
DELIVERED = AssignmentChange.Kind.DELIVERED
UNDONE = AssignmentChange.Kind.UNDONE
NOT_STARTED, IN_PROGRESS = AssignmentStatus.NOT_STARTED, AssignmentStatus.IN_PROGRESS
DONE, CANCELLED = AssignmentStatus.DONE, AssignmentStatus.CANCELLED


def test_a_status_change_records_before_after_and_who(gd, two_deliverables):
    services.assignment_set_status(
        assignment=two_deliverables, status=AssignmentStatus.CANCELLED, user=gd
    )

    assert _trail(two_deliverables) == [
        (STATUS, NOT_STARTED, CANCELLED, "", "gd", False)
    ]


def test_saving_the_same_status_again_records_nothing(gd, head, two_deliverables):
    services.assignment_set_status(
        assignment=two_deliverables, status=IN_PROGRESS, user=gd
    )
    again = Assignment.objects.get(pk=two_deliverables.pk)
    services.assignment_set_status(assignment=again, status=IN_PROGRESS, user=head)

    assert _trail(two_deliverables) == [
        (STATUS, NOT_STARTED, IN_PROGRESS, "", "gd", False)
    ]


def test_delivering_records_the_deliverable_and_the_status_it_brings(
    gd, head, two_deliverables
):
    underlag = two_deliverables.deliverables.get(description="Underlag")
    plan = two_deliverables.deliverables.get(description="Plan")

    services.deliverable_mark_done(deliverable=underlag, user=head)
    services.deliverable_mark_done(deliverable=plan, user=gd)

    assert _trail(two_deliverables) == [
        (DELIVERED, "", "", "Underlag", "chef", False),
        (STATUS, NOT_STARTED, IN_PROGRESS, "", "chef", False),
        (DELIVERED, "", "", "Plan", "gd", False),
        (STATUS, IN_PROGRESS, DONE, "", "gd", False),
    ]


def test_undoing_a_delivery_records_it_and_the_reopened_status(
    gd, head, two_deliverables
):
    for deliverable in two_deliverables.deliverables.all():
        services.deliverable_mark_done(deliverable=deliverable, user=head)
    AssignmentChange.objects.all().delete()
    underlag = two_deliverables.deliverables.get(description="Underlag")

    services.deliverable_undo_done(deliverable=underlag, user=gd)

    assert _trail(two_deliverables) == [
        (UNDONE, "", "", "Underlag", "gd", False),
        (STATUS, DONE, IN_PROGRESS, "", "gd", False),
    ]


def test_marking_a_delivered_deliverable_again_changes_nothing(
    gd, head, two_deliverables
):
    # given a deliverable delivered by the owner (a second click, or a second tab)
    underlag = two_deliverables.deliverables.get(description="Underlag")
    services.deliverable_mark_done(deliverable=underlag, user=head)
    first = Deliverable.objects.get(pk=underlag.pk)

    services.deliverable_mark_done(
        deliverable=Deliverable.objects.get(pk=underlag.pk), user=gd
    )

    # then it keeps who delivered it and when, and the history has it once
    again = Deliverable.objects.get(pk=underlag.pk)
    assert (again.done_at, again.done_by) == (first.done_at, head)
    assert [t[0] for t in _trail(two_deliverables)] == [DELIVERED, STATUS]


def test_undoing_an_open_deliverable_changes_nothing(gd, head, two_deliverables):
    underlag = two_deliverables.deliverables.get(description="Underlag")
    services.deliverable_mark_done(deliverable=underlag, user=head)
    services.deliverable_undo_done(deliverable=underlag, user=gd)

    services.deliverable_undo_done(
        deliverable=Deliverable.objects.get(pk=underlag.pk), user=gd
    )

    assert [t[0] for t in _trail(two_deliverables)] == [DELIVERED, STATUS, UNDONE]


def test_an_edit_records_each_changed_field(gd, head, two_deliverables):
    services.assignment_update(
        assignment=two_deliverables,
        title="Kommunikation om ERUF 2027",
        owner=gd,
        ordered_by="GD",
        deliverables=[
            {"description": "Underlag", "due_date": datetime.date(2026, 4, 1)},
            {"description": "Plan", "due_date": datetime.date(2026, 6, 1)},
        ],
        user=gd,
    )

    assert _edits(two_deliverables) == [
        ("title", "Kommunikation om ERUF", "Kommunikation om ERUF 2027", "gd"),
        ("owner", "Anders Wik", "Greta Dahl", "gd"),
        (
            "deliverables",
            "Underlag (2026-04-01); Plan (2026-05-01)",
            "Underlag (2026-04-01); Plan (2026-06-01)",
            "gd",
        ),
    ]


def test_saving_an_edit_again_records_nothing_more(head, two_deliverables):
    edit = {
        "title": "Kommunikation om ERUF 2027",
        "owner": head,
        "deliverables": [
            {"description": "Underlag", "due_date": datetime.date(2026, 4, 1)},
            {"description": "Plan", "due_date": datetime.date(2026, 5, 1)},
        ],
        "user": head,
    }
    services.assignment_update(assignment=two_deliverables, **edit)

    services.assignment_update(assignment=two_deliverables, **edit)

    assert [field for field, *_rest in _edits(two_deliverables)] == ["title"]


def test_no_personnummer_in_the_history(gd, two_deliverables):
    # given a title saved with a personnummer before Guru masked it
    Assignment.objects.filter(pk=two_deliverables.pk).update(
        title=f"Ärende {PERSONNUMMER}"
    )
    two_deliverables.refresh_from_db()

    services.assignment_update(
        assignment=two_deliverables, title=f"Ärende {PERSONNUMMER} klart", user=gd
    )

    change = AssignmentChange.objects.get()
    assert PERSONNUMMER not in change.before + change.after
    assert change.before == "Ärende [personnummer]"


def test_a_status_set_on_the_mirrored_action_is_recorded_as_its_setter(
    organisation,  # noqa: F811
):
    action = decided_action(organisation)
    owner = organisation["avdelningschef"]

    followup.action_status_set(
        action=action, status=ActionStatus.IN_PROGRESS, note="", user=owner
    )

    assert _trail(assignment_for(action)) == [
        (STATUS, NOT_STARTED, IN_PROGRESS, "", owner.username, True)
    ]


def test_a_status_set_on_a_mirroring_assignment_is_recorded_once(
    organisation,  # noqa: F811
):
    action = decided_action(organisation)
    owner = organisation["avdelningschef"]
    assignment = assignment_for(action)

    services.assignment_set_status(assignment=assignment, status=DONE, user=owner)

    assert _trail(assignment) == [
        (STATUS, NOT_STARTED, DONE, "", owner.username, False)
    ]


def test_a_mirrored_status_nobody_recorded_is_kept_without_a_name(
    organisation,  # noqa: F811
):
    # given an action whose läge was set by someone, then saved otherwise
    # (the admin, a script) with no change of its own
    action = decided_action(organisation)
    followup.action_status_set(
        action=action,
        status=ActionStatus.IN_PROGRESS,
        note="",
        user=organisation["avdelningschef"],
    )
    action.status = ActionStatus.CANCELLED
    action.save()

    # then the assignment's history has the change, by nobody known
    assert _trail(assignment_for(action))[-1] == (
        STATUS,
        IN_PROGRESS,
        CANCELLED,
        "",
        None,
        True,
    )


def test_a_removed_assignment_keeps_its_history(gd, two_deliverables):
    services.assignment_set_status(
        assignment=two_deliverables, status=IN_PROGRESS, user=gd
    )

    services.assignment_delete(assignment=two_deliverables, user=gd)

    assert len(_trail(two_deliverables)) == 1


def _history(page: str) -> str:
    start = page.index("<h2>Historik</h2>")
    return page[start : page.index("</ol>", start)]


def test_the_page_shows_the_history_oldest_first(client, gd, head, two_deliverables):
    client.force_login(gd)
    underlag = two_deliverables.deliverables.get(description="Underlag")
    client.post(
        reverse("meetings:assignment_status", args=[two_deliverables.pk]),
        {"status": IN_PROGRESS},
    )
    client.post(reverse("meetings:deliverable_done", args=[underlag.pk]))
    client.post(reverse("meetings:deliverable_undo", args=[underlag.pk]))

    history = _history(client.get(two_deliverables.get_absolute_url()).text)

    change = AssignmentChange.objects.order_by("pk").first()
    with translation.override("sv"):
        when = date(timezone.localtime(change.changed_at), "j F Y H:i")
    lines = [
        f"{when}</time> Greta Dahl: Ej påbörjat → Pågår",
        "Greta Dahl: Markerade leveransen Underlag som levererad",
        "Greta Dahl: Ångrade leveransen Underlag",
    ]
    positions = [history.index(line) for line in lines]
    assert positions == sorted(positions)


def test_the_page_shows_a_status_set_in_the_follow_up(
    client,
    organisation,  # noqa: F811
):
    action = decided_action(organisation)
    owner = organisation["avdelningschef"]
    followup.action_status_set(
        action=action, status=ActionStatus.IN_PROGRESS, note="", user=owner
    )
    client.force_login(owner)

    history = _history(client.get(assignment_for(action).get_absolute_url()).text)

    assert f"{owner}: Ej påbörjat → Pågår, i tertialuppföljningen" in history


def test_the_page_shows_an_edit(client, gd, head, two_deliverables):
    services.assignment_update(assignment=two_deliverables, owner=gd, user=gd)
    client.force_login(gd)

    history = _history(client.get(two_deliverables.get_absolute_url()).text)

    assert "Greta Dahl: Ändrade ansvarig: Anders Wik → Greta Dahl" in history


def test_only_who_may_see_the_assignment_sees_its_history(
    client, gd, head, staff, two_deliverables
):
    services.assignment_set_status(
        assignment=two_deliverables, status=IN_PROGRESS, user=head
    )

    # the owner sees it
    client.force_login(head)
    assert "Anders Wik: Ej påbörjat → Pågår" in _history(
        client.get(two_deliverables.get_absolute_url()).text
    )
    # someone outside the group, who does not own it, does not
    client.force_login(staff)
    response = client.get(two_deliverables.get_absolute_url())
    assert response.status_code == 403
    assert "Ej påbörjat → Pågår" not in response.text
