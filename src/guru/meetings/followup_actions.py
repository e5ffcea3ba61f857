"""A tertial follow-up's decided actions are the management group's assignments too.

The follow-up app owns its actions (åtgärder) and knows nothing of meetings; this
module keeps one assignment per action, so that the one list of everything the
group has asked for (``meetings:assignments``) includes them. The status is
kept the same in both directions: whoever follows an action up, in the
follow-up or in the assignment list, is seen in the other. A status set on the
assignment is the follow-up's change of läge by the same person, with the same
permission and the same trail (``ActionChange``, marked as made via the
assignment).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.db.models.signals import post_save
from django.utils import timezone

from guru.followup import permissions as followup_permissions
from guru.followup import services as followup_services
from guru.followup.models import Action, ActionStatus
from guru.privacy import mask_personnummer_to_length

from .models import Assignment, Deliverable
from .models.assignments import AssignmentStatus
from .services.assignments import (
    assignment_create,
    assignment_status_recorded,
    deliverables_follow_status,
)
from .signals import assignment_status_changed

TO_ASSIGNMENT = {
    ActionStatus.OPEN: AssignmentStatus.NOT_STARTED,
    ActionStatus.IN_PROGRESS: AssignmentStatus.IN_PROGRESS,
    ActionStatus.DONE: AssignmentStatus.DONE,
    ActionStatus.CANCELLED: AssignmentStatus.CANCELLED,
}
TO_ACTION = {value: key for key, value in TO_ASSIGNMENT.items()}
ORDERED_BY = "Ledningsgruppen"


def _origin_label(action: Action) -> str:
    return f"Tertialuppföljning {action.follow_up.period} – {action.perspective}"


def _text(action: Action, field) -> str:
    """The action's title for an assignment's column: masked, then cut to fit.

    The follow-up masks what it stores, but an action saved any other way must
    not put a personnummer in the list the whole management group reads; and an
    action's title (300 characters) is longer than an assignment's (250). Cut,
    not refused: this is a copy nobody typed, made on the action's save, and
    refusing it would refuse the action; the whole title stays in the follow-up,
    where the assignment's page links.
    """
    return mask_personnummer_to_length(action.title.strip(), field.max_length)


def assignment_for(action: Action) -> Assignment | None:
    return Assignment.objects.filter(
        origin_type=ContentType.objects.get_for_model(Action), origin_id=action.pk
    ).first()


def action_synced(sender, instance: Action, raw=False, **kwargs) -> None:
    """Create or update the assignment that mirrors ``instance``."""
    if raw:
        return
    assignment = assignment_for(instance)
    status = TO_ASSIGNMENT[instance.status]
    title = _text(instance, Assignment._meta.get_field("title"))
    description = _text(instance, Deliverable._meta.get_field("description"))
    if assignment is None:
        assignment_create(
            title=title,
            owner=instance.owner,
            ordered_by=ORDERED_BY,
            deliverables=[{"description": description, "due_date": instance.due_on}],
            origin=instance,
            origin_label=_origin_label(instance),
            status=status,
        )
        return
    # Plain updates: they must not signal back and forth.
    set_by = _status_set_by(instance)
    assignment_status_recorded(
        assignment=assignment,
        before=assignment.status,
        after=status,
        user=set_by,
        via_action=True,
    )
    now = timezone.now()
    changed = {"status_changed_at": now} if assignment.status != status else {}
    Assignment.objects.filter(pk=assignment.pk).update(
        title=title, owner=instance.owner, status=status, **changed
    )
    # The deliverable follows the action unless it was delivered by itself.
    Deliverable.objects.filter(
        Q(done_at__isnull=True) | Q(done_with_assignment=True), assignment=assignment
    ).update(description=description, due_date=instance.due_on, due_meeting=None)
    assignment.status = status
    deliverables_follow_status(assignment=assignment, at=now, by=set_by)


def _status_set_by(action: Action):
    """Who set the action's läge, for the assignment's history and its
    deliverables' deliverer: the author of its latest recorded change
    (``followup.services.action_status_set`` records it before saving) if that
    change set this läge; None (nobody known) when the läge was saved without
    one, rather than whoever changed it before."""
    change = action.changes.select_related("changed_by").order_by("-pk").first()
    if change is None or change.status_after != action.status:
        return None
    return change.changed_by


def action_of(assignment: Assignment) -> Action | None:
    """The action ``assignment`` mirrors; None for the group's own assignments.

    Read through the generic ``origin``, which keeps it on the instance: a page
    asks several times (its permissions, its link to the follow-up).
    """
    origin = assignment.origin
    return origin if isinstance(origin, Action) else None


def may_pass_on_status(user, assignment: Assignment) -> bool:
    """Whether ``user`` may set the läge of the action ``assignment`` mirrors
    (an assignment that mirrors none has nothing to pass on)."""
    action = action_of(assignment)
    return action is None or followup_permissions.can_follow_up_action(user, action)


def assignment_status_passed_on(sender, assignment: Assignment, user, **kwargs) -> None:
    """An assignment that mirrors an action passes its status on to the action,
    as ``user``'s change of its läge made via the assignment (its comment kept).
    Who may not follow the action up may not change it this way either: the
    follow-up's service refuses it, and the assignment's change with it."""
    action = action_of(assignment)
    if action is None:
        return
    followup_services.action_status_set(
        action=action,
        status=TO_ACTION[assignment.status],
        note=action.status_note,
        user=user,
        via_assignment=True,
    )


def connect() -> None:
    post_save.connect(action_synced, sender=Action, dispatch_uid="meetings-action")
    assignment_status_changed.connect(
        assignment_status_passed_on,
        sender=Assignment,
        dispatch_uid="meetings-assignment-status",
    )
