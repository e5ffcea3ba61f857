"""A tertial follow-up's actions show up as assignments, and their status follows."""

import contextlib
import datetime
import importlib
import re

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from guru.followup import services as followup
from guru.followup.models import Action, ActionChange, ActionStatus
from guru.meetings import selectors
from guru.meetings.followup_actions import assignment_for
from guru.meetings.models import Assignment, Deliverable
from guru.meetings.models.assignments import AssignmentStatus
from guru.meetings.services.assignments import (
    assignment_create,
    assignment_delete,
    assignment_set_status,
)
from tests.guru.followup.builders import decided_action
from tests.guru.followup.conftest import organisation  # noqa: F401 (fixture)


def test_a_decided_action_becomes_an_assignment_with_its_owner_and_date(
    organisation,  # noqa: F811
):
    action = decided_action(organisation)
    assignment = assignment_for(action)
    assert assignment.title == "Förenkla blanketten för komplettering"
    assert assignment.owner == organisation["avdelningschef"]
    assert assignment.ordered_by == "Ledningsgruppen"
    assert "Tertialuppföljning" in assignment.source_text
    assert [d.due_date for d in assignment.deliverables.all()] == [
        datetime.date(2099, 3, 1)
    ]


def test_the_status_follows_in_both_directions_without_duplicates(
    organisation,  # noqa: F811
):
    action = decided_action(organisation)
    followup.action_status_set(
        action=action,
        status=ActionStatus.IN_PROGRESS,
        note="Utkast klart.",
        user=organisation["avdelningschef"],
    )
    assignment = assignment_for(action)
    assert assignment.status == AssignmentStatus.IN_PROGRESS
    assert assignment.deliverables.get().done_at is None

    assignment_set_status(
        assignment=assignment,
        status=AssignmentStatus.DONE,
        user=organisation["avdelningschef"],
    )
    assert Action.objects.get(pk=action.pk).status == ActionStatus.DONE
    assert assignment_for(action).deliverables.get().done_at is not None
    assert assignment.__class__.objects.filter(origin_id=action.pk).count() == 1


def _history(client, action) -> str:
    """The action's Ändringshistorik on its follow-up's page."""
    page = client.get(reverse("followup:follow_up", args=[action.follow_up_id]))
    history = re.search(
        r'<details class="text-history">.*?</details>', page.content.decode(), re.S
    )
    assert history is not None
    return history.group(0)


def test_a_läge_changed_through_the_assignment_is_in_the_actions_history(
    organisation,  # noqa: F811
    client,
):
    # given an action, and its owner on the page of its assignment
    action = decided_action(organisation)
    owner = organisation["avdelningschef"]
    assignment = assignment_for(action)
    client.force_login(owner)
    # when the owner sets the assignment's status to Pågår
    response = client.post(
        reverse("meetings:assignment_status", args=[assignment.pk]),
        {"status": AssignmentStatus.IN_PROGRESS},
    )
    # then the action's läge follows, as a change by the owner via the assignment
    assert response.status_code == 302
    assert Action.objects.get(pk=action.pk).status == ActionStatus.IN_PROGRESS
    change = ActionChange.objects.get(action=action)
    assert (
        change.status_before,
        change.status_after,
        change.changed_by,
        change.via_assignment,
    ) == (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, owner, True)
    # and the follow-up page shows it under the action
    history = _history(client, action)
    assert f"{owner}: Ej påbörjad → Pågår" in history
    assert "via uppdraget" in history


def test_the_last_deliverable_done_on_the_assignment_is_in_the_actions_history(
    organisation,  # noqa: F811
    client,
):
    # given an action whose läge was set on the follow-up page
    action = decided_action(organisation)
    gd = organisation["gd"]
    followup.action_status_set(
        action=action, status=ActionStatus.IN_PROGRESS, note="Utkast klart.", user=gd
    )
    deliverable = assignment_for(action).deliverables.get()
    client.force_login(gd)
    # when its assignment's one deliverable is marked done
    response = client.post(reverse("meetings:deliverable_done", args=[deliverable.pk]))
    # then the action is done, its comment kept, and both changes are listed
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.status_note) == (ActionStatus.DONE, "Utkast klart.")
    changes = ActionChange.objects.filter(action=action).order_by("pk")
    assert [(c.status_after, c.changed_by, c.via_assignment) for c in changes] == [
        (ActionStatus.IN_PROGRESS, gd, False),
        (ActionStatus.DONE, gd, True),
    ]
    assert _history(client, action).count("via uppdraget") == 1


def test_who_may_not_follow_the_action_up_cannot_change_it_through_the_assignment(
    organisation,  # noqa: F811
    client,
):
    # given an action, and an administrator who runs assignments but not the
    # follow-up
    action = decided_action(organisation)
    assignment = assignment_for(action)
    client.force_login(organisation["admin"])
    # when they open the assignment, they are not offered its status
    page = client.get(assignment.get_absolute_url()).content.decode()
    assert "Förenkla blanketten för komplettering" in page
    assert reverse("meetings:assignment_status", args=[assignment.pk]) not in page
    # when they set the assignment's status to Avbruten all the same
    response = client.post(
        reverse("meetings:assignment_status", args=[assignment.pk]),
        {"status": AssignmentStatus.CANCELLED},
    )
    # then it is refused and neither the assignment nor the action changes
    assert response.status_code == 403
    assert assignment_for(action).status == AssignmentStatus.NOT_STARTED
    assert Action.objects.get(pk=action.pk).status == ActionStatus.OPEN
    assert not ActionChange.objects.exists()


def test_the_management_groups_list_of_assignments_includes_the_action(
    organisation,  # noqa: F811
    client,
):
    decided_action(organisation, title="Ta fram en plan för frisknärvaron")
    client.force_login(organisation["gd"])
    response = client.get(reverse("meetings:assignments"))
    assert response.status_code == 200
    assert "Ta fram en plan för frisknärvaron" in response.text


def test_an_action_done_in_the_follow_up_closes_the_assignment_and_its_deliverable(
    organisation,  # noqa: F811
):
    action = decided_action(organisation)
    followup.action_status_set(
        action=action, status=ActionStatus.DONE, note="", user=organisation["gd"]
    )
    assignment = assignment_for(action)
    assert assignment.status == AssignmentStatus.DONE
    assert assignment.status_changed_at is not None
    assert assignment.deliverables.get().done_at is not None


PERSONNUMMER = "19850101-2382"


def test_an_action_saved_without_the_follow_ups_service_is_masked_in_its_assignment(
    organisation,  # noqa: F811
):
    # given an action saved directly, its title not masked by the follow-up
    action = decided_action(organisation)
    action.title = f"Ring sökanden {PERSONNUMMER} om blanketten"
    # when it is saved, and so its assignment follows
    action.save()
    # then the assignment and its deliverable name nobody by personnummer
    assignment = assignment_for(action)
    assert assignment.title == "Ring sökanden [personnummer] om blanketten"
    assert assignment.deliverables.get().description == assignment.title


def test_an_action_with_a_title_longer_than_an_assignments_still_becomes_one(
    organisation,  # noqa: F811
):
    # given an action title of 300 characters, the most the follow-up takes
    title = "Förenkla blanketten " + "x" * 280
    # when the management group decides it
    action = decided_action(organisation, title=title)
    # then it is an assignment too, its title cut to the assignment's 250
    assert Action.objects.get(pk=action.pk).title == title
    assert assignment_for(action).title == title[:250]
    assert assignment_for(action).deliverables.get().description == title[:250]


def test_the_migration_masks_assignments_copied_from_actions_before_masking(
    organisation,  # noqa: F811
):
    # given an assignment copied from an action before the follow-up masked,
    # its title at the column's full length, and an assignment of the group's own
    action = decided_action(organisation)
    assignment = assignment_for(action)
    title = f"Ring {PERSONNUMMER} " + "x" * 230
    Assignment.objects.filter(pk=assignment.pk).update(title=title)
    Deliverable.objects.filter(assignment=assignment).update(description=title)
    own = assignment_create(
        title="Eget uppdrag",
        owner=organisation["gd"],
        ordered_by="GD",
        deliverables=[{"description": "Rapport", "due_date": action.due_on}],
    )
    # when the data migration runs
    migration = importlib.import_module(
        "guru.meetings.migrations.0008_mask_personnummer_in_followup_assignments"
    )
    migration.mask_stored_personnummer(apps, None)
    # then the copy is masked and still fits its column; the rest is untouched
    masked = ("Ring [personnummer] " + "x" * 230)[:250]
    assert Assignment.objects.get(pk=assignment.pk).title == masked
    assert Deliverable.objects.get(assignment=assignment).description == masked
    assert Assignment.objects.get(pk=own.pk).title == "Eget uppdrag"


def test_an_assignment_that_mirrors_an_action_is_changed_in_the_follow_up_only(
    client,
    organisation,  # noqa: F811
):
    # given an action's assignment: the action's next save rewrites its title,
    # owner and open deliverables, so an edit made in the list would be lost
    action = decided_action(organisation)
    assignment = assignment_for(action)
    client.force_login(organisation["gd"])

    # when the group opens it in the assignment list
    page = client.get(assignment.get_absolute_url()).content.decode()
    edit = client.get(reverse("meetings:assignment_edit", args=[assignment.pk]))

    # then it is not offered for editing there, and says where it is changed
    assert reverse("meetings:assignment_edit", args=[assignment.pk]) not in page
    assert "Rubrik, ansvarig och leveranser ändras i" in page
    assert action.follow_up.get_absolute_url() in page
    assert edit.status_code == 403


def test_an_assignment_that_mirrors_an_action_offers_no_removal_in_the_list(
    client,
    organisation,  # noqa: F811
):
    # given an action's assignment, opened by the group
    assignment = assignment_for(decided_action(organisation))
    client.force_login(organisation["gd"])
    delete_url = reverse("meetings:assignment_delete", args=[assignment.pk])

    # when the page is shown and the removal is posted anyway
    page = client.get(assignment.get_absolute_url()).content.decode()
    response = client.post(delete_url)

    # then no removal is offered, the post is refused, and the row is kept
    assert delete_url not in page
    assert "Det tas inte bort ur listan" in page
    assert response.status_code == 403
    assert Assignment.objects.get(pk=assignment.pk).deleted_at is None


def test_the_service_refuses_to_remove_an_assignment_that_mirrors_an_action(
    organisation,  # noqa: F811
):
    # given an action's assignment
    assignment = assignment_for(decided_action(organisation))

    # when it is removed through the service
    with pytest.raises(ValidationError) as refused:
        assignment_delete(assignment=assignment, user=organisation["gd"])

    # then it is refused, naming where it belongs, and the row is kept
    assert "tas inte bort ur uppdragslistan" in " ".join(refused.value.messages)
    assert Assignment.objects.get(pk=assignment.pk).deleted_at is None


def test_a_mirrored_assignment_stays_in_the_groups_list_after_the_actions_next_save(
    organisation,  # noqa: F811
):
    # given an action whose assignment the group tried to remove from its list
    action = decided_action(organisation)
    with contextlib.suppress(ValidationError):
        assignment_delete(assignment=assignment_for(action), user=organisation["gd"])

    # when the action's läge is changed in the follow-up
    followup.action_status_set(
        action=action,
        status=ActionStatus.IN_PROGRESS,
        note="Utkast klart.",
        user=organisation["avdelningschef"],
    )

    # then the group's list still shows it, with the new läge
    listed = selectors.assignments_list(filters=selectors.AssignmentFilter())
    assert [(a.pk, a.status) for a in listed] == [
        (assignment_for(action).pk, AssignmentStatus.IN_PROGRESS)
    ]


def test_undoing_the_delivery_of_a_done_action_is_in_the_actions_history(
    organisation,  # noqa: F811
    client,
):
    # given an action done through its assignment's one deliverable
    action = decided_action(organisation)
    gd = organisation["gd"]
    deliverable = assignment_for(action).deliverables.get()
    client.force_login(gd)
    client.post(reverse("meetings:deliverable_done", args=[deliverable.pk]))
    # when the delivery is undone
    response = client.post(reverse("meetings:deliverable_undo", args=[deliverable.pk]))
    # then the action is in progress again, recorded as changed via the assignment
    assert response.status_code == 302
    assert Action.objects.get(pk=action.pk).status == ActionStatus.IN_PROGRESS
    assert assignment_for(action).deliverables.get().done_at is None
    last = ActionChange.objects.filter(action=action).latest("pk")
    assert (last.status_before, last.status_after, last.changed_by) == (
        ActionStatus.DONE,
        ActionStatus.IN_PROGRESS,
        gd,
    )
    assert last.via_assignment


def test_an_action_reopened_in_the_follow_up_reopens_its_deliverable(
    organisation,  # noqa: F811
):
    # given an action set to done in the follow-up (its deliverable delivered so)
    action = decided_action(organisation)
    gd = organisation["gd"]
    followup.action_status_set(
        action=action, status=ActionStatus.DONE, note="", user=gd
    )
    assert assignment_for(action).deliverables.get().done_at is not None
    # when the follow-up reopens it
    followup.action_status_set(
        action=action, status=ActionStatus.IN_PROGRESS, note="", user=gd
    )
    # then the assignment and its deliverable are open again
    assignment = assignment_for(action)
    assert assignment.status == AssignmentStatus.IN_PROGRESS
    assert assignment.deliverables.get().done_at is None


def test_an_action_done_on_the_follow_up_page_names_who_delivered_its_deliverable(
    organisation,  # noqa: F811
):
    # given an action with its assignment's deliverable open
    action = decided_action(organisation)
    gd = organisation["gd"]
    # when its läge is set to Genomförd on the follow-up page
    followup.action_status_set(
        action=action, status=ActionStatus.DONE, note="Klar.", user=gd
    )
    # then the deliverable is delivered by who set it
    deliverable = assignment_for(action).deliverables.get()
    assert deliverable.done_at is not None
    assert deliverable.done_by == gd
