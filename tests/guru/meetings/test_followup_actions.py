"""A tertial follow-up's actions show up as assignments, and their status follows."""

import datetime
import importlib

from django.apps import apps
from django.urls import reverse

from guru.followup import services as followup
from guru.followup.models import Action, ActionStatus, Perspective
from guru.meetings.followup_actions import assignment_for
from guru.meetings.models import Assignment, Deliverable
from guru.meetings.models.assignments import AssignmentStatus
from guru.meetings.services.assignments import assignment_create, assignment_set_status
from tests.guru.followup.conftest import organisation  # noqa: F401 (fixture)


def _decide(people, title="Förenkla blanketten för komplettering"):
    follow_up = followup.follow_up_open(year=2026, tertial=3, user=people["controller"])
    return followup.action_create(
        follow_up=follow_up,
        perspective=Perspective.objects.get(key="processer"),
        title=title,
        owner=people["avdelningschef"],
        due_on=datetime.date(2099, 3, 1),
        user=people["gd"],
    )


def test_a_decided_action_becomes_an_assignment_with_its_owner_and_date(
    organisation,  # noqa: F811
):
    action = _decide(organisation)
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
    action = _decide(organisation)
    followup.action_status_set(
        action=action,
        status=ActionStatus.IN_PROGRESS,
        note="Utkast klart.",
        user=organisation["avdelningschef"],
    )
    assignment = assignment_for(action)
    assert assignment.status == AssignmentStatus.IN_PROGRESS
    assert assignment.deliverables.get().done_at is None

    assignment_set_status(assignment=assignment, status=AssignmentStatus.DONE)
    assert Action.objects.get(pk=action.pk).status == ActionStatus.DONE
    assert assignment_for(action).deliverables.get().done_at is not None
    assert assignment.__class__.objects.filter(origin_id=action.pk).count() == 1


def test_the_management_groups_list_of_assignments_includes_the_action(
    organisation,  # noqa: F811
    client,
):
    _decide(organisation, title="Ta fram en plan för frisknärvaron")
    client.force_login(organisation["gd"])
    response = client.get(reverse("meetings:assignments"))
    assert response.status_code == 200
    assert "Ta fram en plan för frisknärvaron" in response.text


def test_an_action_done_in_the_follow_up_closes_the_assignment_and_its_deliverable(
    organisation,  # noqa: F811
):
    action = _decide(organisation)
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
    action = _decide(organisation)
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
    action = _decide(organisation, title=title)
    # then it is an assignment too, its title cut to the assignment's 250
    assert Action.objects.get(pk=action.pk).title == title
    assert assignment_for(action).title == title[:250]
    assert assignment_for(action).deliverables.get().description == title[:250]


def test_the_migration_masks_assignments_copied_from_actions_before_masking(
    organisation,  # noqa: F811
):
    # given an assignment copied from an action before the follow-up masked,
    # its title at the column's full length, and an assignment of the group's own
    action = _decide(organisation)
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
