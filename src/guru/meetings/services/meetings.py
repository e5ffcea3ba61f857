"""Meetings, agenda items, minutes, decisions, justering and corrections."""

import datetime
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from guru.forms import SavedMeanwhile, saved_differs
from guru.privacy import mask_fields, mask_personnummer

from ..models import (
    AgendaItem,
    AgendaItemAttachment,
    Decision,
    Meeting,
    MinutesCorrection,
)


class MinutesLocked(ValidationError):
    """The minutes are justerade: only a recorded correction may change them."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Protokollet är justerat och låst. Ändringar görs som en rättelse "
                "med skäl."
            ),
            code="locked",
        )


# An item's text as the agenda and the published minutes show it.
ITEM_TEXT = ("title", "description", "minutes")


def _refuse_if_locked(meeting: Meeting | int) -> Meeting:
    """The meeting (or the one with this key) read anew with its row locked;
    MinutesLocked once the minutes are justerade.

    Asks the database (the caller's instance may be older than the justering),
    with the meeting's row locked as ``minutes_lock`` locks it: a justering under
    way is waited for, and none begins before the caller's transaction ends, so
    the check and the write are one step. Call it inside the write's
    transaction, before any other row of the meeting is locked.
    """
    pk = meeting.pk if isinstance(meeting, Meeting) else meeting
    current = Meeting.objects.select_for_update().get(pk=pk)
    if current.locked_at is not None:
        raise MinutesLocked
    return current


def _check_times(starts_at: datetime.datetime, ends_at: datetime.datetime | None):
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError(
            {"ends_at": _("Mötet måste sluta efter att det har börjat.")}
        )


def _adjuster_is_not_note_taker(meeting: Meeting) -> None:
    """Nobody approves (justerar) the minutes they wrote themselves."""
    if meeting.adjuster_id is not None and meeting.adjuster_id == meeting.note_taker_id:
        raise ValidationError(
            {"adjuster": _("Justeraren kan inte vara den som för protokollet.")}
        )


@transaction.atomic
def meeting_create(
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime | None = None,
    place: str = "",
    link: str = "",
    participants: Iterable = (),
    absentees: Iterable = (),
    note_taker=None,
    adjuster=None,
    created_by=None,
) -> Meeting:
    """Plan a meeting of ledningsgruppen."""
    _check_times(starts_at, ends_at)
    meeting = Meeting(
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        link=link,
        note_taker=note_taker,
        adjuster=adjuster,
        created_by=created_by,
    )
    meeting.full_clean()
    _adjuster_is_not_note_taker(meeting)
    meeting.save()
    meeting.participants.set(participants)
    meeting.absentees.set(absentees)
    return meeting


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, participants=None, absentees=None, **fields
) -> Meeting:
    """Change time, place, people; refused once the minutes are locked.

    Who may change which people is the caller's check
    (``permissions.can_name_meeting_people``).
    """
    _refuse_if_locked(meeting)
    for name, value in fields.items():
        setattr(meeting, name, value)
    _check_times(meeting.starts_at, meeting.ends_at)
    meeting.full_clean()
    if {"note_taker", "adjuster"} & fields.keys():
        _adjuster_is_not_note_taker(meeting)
    meeting.save()
    if participants is not None:
        meeting.participants.set(participants)
    if absentees is not None:
        meeting.absentees.set(absentees)
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting, user) -> None:
    """Soft delete: the meeting disappears from lists but stays in the database."""
    _refuse_if_locked(meeting)
    if meeting.deliverables_due.exists():
        raise ValidationError(
            _("Uppdrag ska redovisas på mötet. Flytta dem innan mötet tas bort.")
        )
    meeting.deleted_at = timezone.now()
    meeting.deleted_by = user
    meeting.save(update_fields=["deleted_at", "deleted_by"])


@transaction.atomic
def agenda_item_create(
    *,
    meeting: Meeting,
    title: str,
    kind: str,
    presenters: Iterable = (),
    planned_minutes: int | None = None,
    description: str = "",
    handbook_page=None,
    is_internal: bool = False,
    documents: Iterable = (),
    linked: models.Model | None = None,
    linked_label: str = "",
) -> AgendaItem:
    """Add an item last on the agenda.

    ``linked`` ties the item to something another app owns (a tertial follow-up,
    a KPI consultation round); ``linked_label`` is how the agenda names it.
    """
    _refuse_if_locked(meeting)
    last = meeting.items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(
        meeting=meeting,
        position=last + 1,
        title=title,
        kind=kind,
        planned_minutes=planned_minutes,
        description=description,
        handbook_page=handbook_page,
        is_internal=is_internal,
        linked_label=linked_label.strip() or (str(linked) if linked else ""),
    )
    if linked is not None:
        item.linked_type = ContentType.objects.get_for_model(linked)
        item.linked_id = linked.pk
    mask_fields(item, *ITEM_TEXT)
    item.full_clean()
    item.save()
    item.presenters.set(presenters)
    for document in documents:
        AgendaItemAttachment.objects.get_or_create(item=item, document=document)
    return item


@transaction.atomic
def agenda_item_update(
    *, item: AgendaItem, presenters=None, documents=None, **fields
) -> AgendaItem:
    _refuse_if_locked(item.meeting)
    for name, value in fields.items():
        setattr(item, name, value)
    mask_fields(item, *ITEM_TEXT)
    item.full_clean()
    item.save()
    if presenters is not None:
        item.presenters.set(presenters)
    if documents is not None:
        item.attachments.exclude(document__in=list(documents)).delete()
        for document in documents:
            AgendaItemAttachment.objects.get_or_create(item=item, document=document)
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, up: bool) -> None:
    """Swap the item with its neighbour above (``up``) or below."""
    _refuse_if_locked(item.meeting)
    items = list(item.meeting.items.select_for_update().order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])


@transaction.atomic
def minutes_record(*, item: AgendaItem, minutes: str) -> AgendaItem:
    """Write (or rewrite) the minutes of one item before justering."""
    _refuse_if_locked(item.meeting)
    item.minutes = mask_personnummer(minutes.strip())
    item.save(update_fields=["minutes"])
    return item


@transaction.atomic
def decision_record(*, item: AgendaItem, text: str) -> Decision:
    """Record a decision under the meeting's next paragraph number."""
    meeting = _refuse_if_locked(item.meeting_id)
    if not text.strip():
        raise ValidationError({"text": _("Skriv beslutet.")})
    last = meeting.decisions.active().aggregate(last=Max("number"))["last"] or 0
    return Decision.objects.create(
        meeting=meeting,
        item=item,
        number=last + 1,
        text=mask_personnummer(text.strip()),
    )


@transaction.atomic
def minutes_and_decision_record(
    *,
    item: AgendaItem,
    minutes: str | None,
    decision: str = "",
    loaded: dict | None = None,
) -> Decision | None:
    """Save an item's minutes page in one go: the note (None leaves it as it is)
    and, when one is typed, a new decision. Both are saved, or neither.

    ``loaded``: the note as the page loaded it (``{"minutes": …}``). The
    meeting's row is locked first, as every write in its minutes and the
    justering lock it, and the item read anew: a note saved since the page was
    loaded is found here and not overwritten (SavedMeanwhile, keyed "minutes"),
    and none lands, nor the justering, while this one is checked. Without
    ``loaded`` the note is not compared.
    """
    _refuse_if_locked(item.meeting)
    item = AgendaItem.objects.get(pk=item.pk)
    if (
        minutes is not None
        and loaded
        and saved_differs({"minutes": item.minutes}, loaded)
    ):
        raise SavedMeanwhile({"minutes": {"minutes": item.minutes}})
    if minutes is not None:
        minutes_record(item=item, minutes=minutes)
    if decision.strip():
        return decision_record(item=item, text=decision)
    return None


@transaction.atomic
def decision_delete(*, decision: Decision, user) -> None:
    """Remove a decision before justering (recorded twice, or by mistake).

    Soft delete: the row stays with who removed it and when. The decisions after
    it move up one paragraph, so the minutes are numbered without a gap; before
    justering no number has been cited yet. Refused for a decision that gave an
    assignment: the assignment is moved or removed first.
    """
    meeting = _refuse_if_locked(decision.meeting_id)
    decision = Decision.objects.get(pk=decision.pk)
    if decision.deleted_at is not None:
        return
    if decision.assignments.active().exists():
        raise ValidationError(
            _(
                "Beslutet har gett ett uppdrag. Ta bort uppdraget eller ändra det "
                "innan beslutet tas bort."
            )
        )
    decision.deleted_at = timezone.now()
    decision.deleted_by = user
    decision.save(update_fields=["deleted_at", "deleted_by"])
    # One row at a time, in order: the paragraph above is always free already.
    later = meeting.decisions.active().filter(number__gt=decision.number)
    for other in later.order_by("number"):
        other.number -= 1
        other.save(update_fields=["number"])


@transaction.atomic
def minutes_lock(*, meeting: Meeting, user) -> Meeting:
    """Justering by the named justerare; the minutes are locked from now on."""
    meeting = _refuse_if_locked(meeting)
    if meeting.adjuster_id is None or meeting.adjuster_id != user.pk:
        raise ValidationError(_("Bara den utsedda justeraren kan justera protokollet."))
    # Meetings saved before the rule may still name the note-taker as justerare.
    if meeting.adjuster_id == meeting.note_taker_id:
        raise ValidationError(
            _(
                "Justeraren kan inte vara den som för protokollet. Be "
                "ledningsgruppen utse en annan justerare."
            )
        )
    if not meeting.has_begun:
        raise ValidationError(
            _("Protokollet kan inte justeras förrän mötet har börjat.")
        )
    meeting.locked_at = timezone.now()
    meeting.save(update_fields=["locked_at"])
    return meeting


def _require_locked_and_reason(meeting: Meeting, reason: str) -> None:
    if not Meeting.objects.filter(pk=meeting.pk, locked_at__isnull=False).exists():
        raise ValidationError(
            _("Protokollet är inte justerat ännu; ändra det direkt i stället.")
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv varför protokollet rättas.")})


def _correction_save(correction: MinutesCorrection, user) -> None:
    """Minutes reach all staff once published: no personnummer in the text or
    in the record of the change, whatever the text held before."""
    correction.made_by = user
    mask_fields(correction, "before", "after", "reason")
    correction.save()


@transaction.atomic
def minutes_correct(
    *, item: AgendaItem, minutes: str, reason: str, user
) -> MinutesCorrection:
    """Change locked minutes of an item, recording before, after, who and why."""
    _require_locked_and_reason(item.meeting, reason)
    correction = MinutesCorrection(
        meeting=item.meeting,
        item=item,
        before=item.minutes,
        after=minutes,
        reason=reason,
    )
    _correction_save(correction, user)
    item.minutes = correction.after
    item.save(update_fields=["minutes"])
    return correction


@transaction.atomic
def decision_correct(
    *, decision: Decision, text: str, reason: str, user
) -> MinutesCorrection:
    """Change a locked decision's text; the number stays."""
    _require_locked_and_reason(decision.meeting, reason)
    if not text.strip():
        raise ValidationError({"text": _("Skriv beslutet.")})
    correction = MinutesCorrection(
        meeting=decision.meeting,
        item=decision.item,
        decision=decision,
        before=decision.text,
        after=text,
        reason=reason,
    )
    _correction_save(correction, user)
    decision.text = correction.after
    decision.save(update_fields=["text"])
    return correction
