"""Assignments and their deliverables, and the reminders that follow them up."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from guru.privacy import (
    mask_fields,
    mask_personnummer,
    mask_personnummer_to_length,
    masked_to_fit,
)

from ..models import Assignment, AssignmentChange, Deliverable, Meeting, ReminderSent
from ..models.assignments import OPEN_STATUSES, AssignmentStatus
from ..signals import assignment_status_changed

REMINDER_LEAD = datetime.timedelta(days=7)
# Assignments are listed for all of ledningsgruppen and e-mailed in reminders.
ASSIGNMENT_TEXT = ("title", "description", "ordered_by")
DELIVERABLE_LENGTH = Deliverable._meta.get_field("description").max_length
# What an edit records in the history, before and after (AssignmentChange).
EDITED = ("title", "description", "owner", "ordered_by")


def _deliverable(assignment: Assignment, data: dict) -> Deliverable:
    # Keyed to the formset, which shows its errors above its rows.
    description = masked_to_fit(
        data.get("description") or "",
        field="deliverables",
        max_length=DELIVERABLE_LENGTH,
    )
    due_date, due_meeting = data.get("due_date"), data.get("due_meeting")
    if not description:
        raise ValidationError({"deliverables": _("Skriv vad som ska levereras.")})
    if (due_date is None) == (due_meeting is None):
        raise ValidationError(
            {
                "deliverables": _(
                    "Ange antingen ett datum eller ett möte för leveransen ”%(what)s”."
                )
                % {"what": description}
            }
        )
    if due_meeting is not None and due_meeting.deleted_at is not None:
        raise ValidationError({"deliverables": _("Mötet finns inte längre.")})
    return Deliverable(
        assignment=assignment,
        description=description,
        due_date=due_date,
        due_meeting=due_meeting,
    )


@transaction.atomic
def assignment_create(
    *,
    title: str,
    owner,
    ordered_by: str,
    deliverables: Iterable[dict],
    description: str = "",
    agenda_item=None,
    decision=None,
    origin: models.Model | None = None,
    origin_label: str = "",
    status: str = AssignmentStatus.NOT_STARTED,
    created_by=None,
) -> Assignment:
    """Create an assignment with at least one deliverable.

    Other apps call this too: the tertial follow-up passes its action as
    ``origin`` (any saved model instance) and a readable ``origin_label``.
    Each deliverable is a dict with ``description`` and either ``due_date`` or
    ``due_meeting`` ("till mötet den …").
    """
    if decision is not None and agenda_item is None:
        agenda_item = decision.item
    assignment = Assignment(
        title=title.strip(),
        description=description.strip(),
        owner=owner,
        ordered_by=ordered_by.strip(),
        status=status,
        agenda_item=agenda_item,
        decision=decision,
        origin_label=origin_label.strip() or (str(origin) if origin else ""),
        created_by=created_by,
    )
    if origin is not None:
        if origin.pk is None:
            raise ValueError("The origin must be saved before it can be linked.")
        assignment.origin_type = ContentType.objects.get_for_model(origin)
        assignment.origin_id = origin.pk
    mask_fields(assignment, *ASSIGNMENT_TEXT)
    assignment.full_clean()
    assignment.save()
    rows = [_deliverable(assignment, data) for data in deliverables]
    if not rows:
        raise ValidationError(
            {"deliverables": _("Ett uppdrag behöver minst en leverans.")}
        )
    Deliverable.objects.bulk_create(rows)
    return assignment


@transaction.atomic
def assignment_update(
    *,
    assignment: Assignment,
    user,
    deliverables: Iterable[dict] | None = None,
    **fields,
) -> Assignment:
    """``user`` changes the text, owner or beställare; replaces open deliverables
    if given. Each field that changed is in the assignment's history."""
    before = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if deliverables is not None:
        open_before = _open_deliverables_text(assignment)
    for name, value in fields.items():
        setattr(assignment, name, value)
    mask_fields(assignment, *ASSIGNMENT_TEXT)
    assignment.full_clean()
    assignment.save()
    changed = [
        (name, getattr(before, name), getattr(assignment, name))
        for name in EDITED
        if getattr(before, name) != getattr(assignment, name)
    ]
    if deliverables is not None:
        _deliverables_replace(assignment, list(deliverables))
        open_after = _open_deliverables_text(assignment)
        if open_after != open_before:
            changed.append(("deliverables", open_before, open_after))
    AssignmentChange.objects.bulk_create(
        AssignmentChange(
            assignment=assignment,
            kind=AssignmentChange.Kind.EDITED,
            field=name,
            # masked again: a row saved before Guru masked it may hold one
            before=mask_personnummer(str(old)),
            after=mask_personnummer(str(new)),
            changed_by=user,
        )
        for name, old, new in changed
    )
    return assignment


def _open_deliverables_text(assignment: Assignment) -> str:
    """The open deliverables as the history shows an edit of them."""
    return "; ".join(
        f"{d.description} ({d.due_text})"
        for d in assignment.deliverables.filter(done_at__isnull=True).select_related(
            "due_meeting"
        )
    )


def _deliverables_replace(assignment: Assignment, deliverables: list[dict]) -> None:
    """Make the open deliverables ``deliverables``, changing existing rows in place.

    A row is the open deliverable whose ``id`` it names or, without one, the first
    with the same description; it keeps its reminder history (``ReminderSent``),
    so an edit sends nothing again. A moved due date is reminded for the new date.
    Open deliverables no row names are removed; new rows are created.
    """
    rows = [(data.get("id"), _deliverable(assignment, data)) for data in deliverables]
    if not rows and not assignment.deliverables.exclude(done_at=None).exists():
        raise ValidationError(
            {"deliverables": _("Ett uppdrag behöver minst en leverans.")}
        )
    unmatched = {d.pk: d for d in assignment.deliverables.filter(done_at__isnull=True)}
    for pk, row in rows:
        if pk in unmatched:
            row.pk = unmatched.pop(pk).pk
    for _pk, row in rows:
        if row.pk is None:
            same = next(
                (d for d in unmatched.values() if d.description == row.description),
                None,
            )
            if same is not None:
                row.pk = unmatched.pop(same.pk).pk
    Deliverable.objects.filter(pk__in=list(unmatched)).delete()
    for _pk, row in rows:
        if row.pk is not None:
            row.save(update_fields=["description", "due_date", "due_meeting"])
    Deliverable.objects.bulk_create([row for _pk, row in rows if row.pk is None])


@transaction.atomic
def assignment_set_status(*, assignment: Assignment, status: str, user) -> Assignment:
    """``user`` reports the assignment's status; ``assignment_status_changed``
    tells who did (a follow-up action the assignment mirrors records it). A
    change is in the assignment's history; the same status again is not."""
    if status not in AssignmentStatus.values:
        raise ValidationError({"status": _("Okänd status.")})
    before = (
        Assignment.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=assignment.pk)
    )
    assignment.status = status
    assignment.status_changed_at = timezone.now()
    assignment.save(update_fields=["status", "status_changed_at"])
    assignment_status_recorded(
        assignment=assignment, before=before, after=status, user=user
    )
    deliverables_follow_status(
        assignment=assignment, at=assignment.status_changed_at, by=user
    )
    assignment_status_changed.send(sender=Assignment, assignment=assignment, user=user)
    return assignment


def assignment_status_recorded(
    *, assignment: Assignment, before: str, after: str, user, via_action=False
) -> None:
    """Put a change of ``assignment``'s status in its history, unless it is the
    same status again. ``user`` None: nobody known (see AssignmentChange).
    Part of the caller's transaction."""
    if before == after:
        return
    AssignmentChange.objects.create(
        assignment=assignment,
        kind=AssignmentChange.Kind.STATUS,
        status_before=before,
        status_after=after,
        via_action=via_action,
        changed_by=user,
    )


def _delivery_recorded(deliverable: Deliverable, *, kind: str, user) -> None:
    AssignmentChange.objects.create(
        assignment_id=deliverable.assignment_id,
        kind=kind,
        deliverable_description=mask_personnummer_to_length(
            deliverable.description, DELIVERABLE_LENGTH
        ),
        changed_by=user,
    )


def deliverables_follow_status(
    *, assignment: Assignment, at: datetime.datetime, by=None
):
    """Klart marks the open deliverables delivered by ``by`` (who set it; None
    when not known), noting that Klart did it; reopening the assignment opens
    those again. Deliverables marked delivered one by one stay delivered either
    way. Part of the caller's transaction."""
    deliverables = Deliverable.objects.filter(assignment=assignment)
    if assignment.status == AssignmentStatus.DONE:
        deliverables.filter(done_at__isnull=True).update(
            done_at=at, done_with_assignment=True, done_by=by
        )
    elif assignment.status in OPEN_STATUSES:
        deliverables.filter(done_with_assignment=True).update(
            done_at=None, done_with_assignment=False, done_by=None
        )


@transaction.atomic
def deliverable_mark_done(*, deliverable: Deliverable, user) -> Deliverable:
    """``user`` reports one deliverable in; the assignment is done when all of
    them are. Marking it is in the assignment's history. One delivered already
    (a second click, another tab) is left as it is: who delivered it, and when."""
    current = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
    if current.done_at is not None:
        return current
    deliverable.done_at = timezone.now()
    deliverable.done_with_assignment = False
    deliverable.done_by = user
    deliverable.save(update_fields=["done_at", "done_with_assignment", "done_by"])
    _delivery_recorded(deliverable, kind=AssignmentChange.Kind.DELIVERED, user=user)
    assignment = deliverable.assignment
    if not assignment.deliverables.filter(done_at__isnull=True).exists():
        assignment_set_status(
            assignment=assignment, status=AssignmentStatus.DONE, user=user
        )
    elif assignment.status == AssignmentStatus.NOT_STARTED:
        assignment_set_status(
            assignment=assignment, status=AssignmentStatus.IN_PROGRESS, user=user
        )
    return deliverable


@transaction.atomic
def deliverable_undo_done(*, deliverable: Deliverable, user) -> Deliverable:
    """Take back a delivery marked by mistake: the deliverable is open again.

    An assignment that was Klart is Pågår again, set by ``user`` like any status
    change (so a follow-up action it mirrors records it in its history); a
    cancelled one stays cancelled. Taking it back is in the assignment's
    history. One that is open already (a second click) is left as it is.
    """
    current = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
    if current.done_at is None:
        return current
    deliverable.done_at = None
    deliverable.done_with_assignment = False
    deliverable.done_by = None
    deliverable.save(update_fields=["done_at", "done_with_assignment", "done_by"])
    _delivery_recorded(deliverable, kind=AssignmentChange.Kind.UNDONE, user=user)
    assignment = deliverable.assignment
    if assignment.status == AssignmentStatus.DONE:
        assignment_set_status(
            assignment=assignment, status=AssignmentStatus.IN_PROGRESS, user=user
        )
    return deliverable


@transaction.atomic
def assignment_delete(*, assignment: Assignment, user=None) -> None:
    """Soft delete; the row, who deleted it and when stay for the audit trail.

    Refused for an assignment another app keeps (a follow-up's action, its
    ``origin``): that app writes the row on its own next save, deleted or not.
    """
    if assignment.origin_id is not None:
        raise ValidationError(
            _(
                "Uppdraget hör till %(origin)s och tas inte bort ur "
                "uppdragslistan. Sätt status Avbrutet om det inte ska göras."
            )
            % {"origin": assignment.origin_label}
        )
    assignment.deleted_at = timezone.now()
    assignment.deleted_by = user
    assignment.save(update_fields=["deleted_at", "deleted_by"])


def _due_deliverables(day: datetime.date) -> list[tuple[Deliverable, str]]:
    """Open deliverables with a reminder due on ``day``: (deliverable, kind)."""
    week = day + REMINDER_LEAD
    meetings_on = {
        target: list(
            Meeting.objects.active()
            .filter(starts_at__date=target)
            .values_list("pk", flat=True)
        )
        for target in (day, week)
    }
    candidates = (
        Deliverable.objects.filter(
            done_at__isnull=True,
            assignment__status__in=OPEN_STATUSES,
            assignment__deleted_at__isnull=True,
        )
        .filter(
            models.Q(due_date__in=[day, week])
            | models.Q(due_meeting__in=meetings_on[day] + meetings_on[week])
        )
        .select_related("assignment__owner", "due_meeting")
    )
    found = []
    for deliverable in candidates:
        kind = (
            ReminderSent.Kind.DUE_DAY
            if deliverable.due_on == day
            else ReminderSent.Kind.WEEK_BEFORE
        )
        found.append((deliverable, kind))
    return found


def reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail owners a week before and on the day a deliverable is due.

    Each reminder is recorded before its e-mail is sent, inside one transaction
    per reminder, so running the command twice a day never sends a duplicate.
    """
    today = today or timezone.localdate()
    sent = 0
    for deliverable, kind in _due_deliverables(today):
        owner = deliverable.assignment.owner
        if not owner.email:
            continue
        try:
            with transaction.atomic():
                ReminderSent.objects.create(
                    deliverable=deliverable, kind=kind, due_on=deliverable.due_on
                )
                _reminder_email(deliverable, kind, owner)
        except IntegrityError:
            continue  # already reminded for this due date
        sent += 1
    return sent


def _reminder_email(deliverable: Deliverable, kind: str, owner) -> None:
    context = {
        "deliverable": deliverable,
        "assignment": deliverable.assignment,
        "owner": owner,
        "today": kind == ReminderSent.Kind.DUE_DAY,
        "base_url": settings.WAGTAILADMIN_BASE_URL,
    }
    subject = (
        _("I dag: %(what)s") if context["today"] else _("Om en vecka: %(what)s")
    ) % {"what": deliverable.description}
    send_mail(
        subject=subject,
        message=render_to_string("meetings/email/reminder.txt", context),
        from_email=None,
        recipient_list=[owner.email],
    )
