"""What reads: agendas with their follow-ups, assignment lists, news, plans."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from guru.documents.permissions import can_open_document
from guru.handbook.permissions import viewable

from .links import link_visible
from .models import (
    AgendaItem,
    Assignment,
    AssignmentStatus,
    Decision,
    Deliverable,
    Meeting,
    NewsArticle,
    Plan,
    PlanStatus,
)
from .models.assignments import OPEN_STATUSES
from .permissions import can_view_meetings

OVERDUE = "forsenat"


def meetings_for_user(*, user) -> QuerySet[Meeting]:
    """All meetings for the group; otherwise those the user takes part in."""
    meetings = Meeting.objects.active().select_related("note_taker", "adjuster")
    if can_view_meetings(user):
        return meetings
    return meetings.filter(
        Q(participants=user) | Q(note_taker=user) | Q(adjuster=user)
    ).distinct()


def meetings_attended(*, user) -> QuerySet[Meeting]:
    """Meetings the user takes part in, for the calendar feed."""
    return (
        Meeting.objects.active()
        .filter(Q(participants=user) | Q(note_taker=user) | Q(adjuster=user))
        .distinct()
        .order_by("starts_at")
    )


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.active()
        .filter(starts_at__lt=meeting.starts_at)
        .order_by("-starts_at")
        .first()
    )


def meeting_items(meeting: Meeting) -> QuerySet[AgendaItem]:
    # One query each for presenters (with units), attachments, decisions and the
    # linked objects of other apps (per content type).
    return meeting.items.select_related("handbook_page").prefetch_related(
        "linked",
        "presenters__unit",
        "attachments__document__current_version",
        Prefetch("decisions", queryset=Decision.objects.active()),
        Prefetch(
            "assignments",
            queryset=Assignment.objects.active()
            .select_related("owner")
            .prefetch_related("deliverables__due_meeting"),
        ),
    )


def _may_open(user, attachment) -> bool:
    return can_open_document(user, attachment.document)


def attachments_visible(*, user, attachments) -> list:
    """The attachments whose document ``user`` may open; the others are not named.

    The document space decides (its folder's permissions); a document deleted
    there is not shown either.
    """
    return [a for a in attachments if _may_open(user, a)]


def attachments_hidden_documents(*, user, attachments) -> list:
    """Documents attached that ``user`` cannot open: kept when they save a form."""
    return [a.document for a in attachments if not _may_open(user, a)]


def with_visible_attachments(items, *, user) -> list[AgendaItem]:
    """The items, each with ``visible_attachments`` for ``user``."""
    items = list(items)
    for item in items:
        item.visible_attachments = attachments_visible(
            user=user, attachments=item.attachments.all()
        )
    return items


def with_visible_links(items, *, user, session=None) -> list[AgendaItem]:
    """The items, each with ``link_visible``: whether ``user`` may see "Gäller",
    and ``visible_handbook_page``: its page in the handbook if ``user`` may view it.

    A link to something the user may not open is not named at all (not even its
    title), as with attachments; so is a handbook page closed to them (Wagtail's
    view restrictions, ``guru.handbook.permissions``).
    """
    items = list(items)
    pages = viewable(
        [item.handbook_page for item in items if item.handbook_page], user, session
    )
    shown = {page.pk for page in pages}
    for item in items:
        item.link_visible = bool(item.linked_label) and (
            not item.linked_type_id or link_visible(item.linked, user)
        )
        item.visible_handbook_page = (
            item.handbook_page if item.handbook_page_id in shown else None
        )
    return items


def with_planned_starts(meeting: Meeting, items) -> list[AgendaItem]:
    """The items, each with ``planned_start``: when it begins if the plan holds."""
    clock = timezone.localtime(meeting.starts_at)
    result = []
    for item in items:
        item.planned_start = clock
        clock += datetime.timedelta(minutes=item.planned_minutes or 0)
        result.append(item)
    return result


def follow_up_deliverables(meeting: Meeting) -> list[Deliverable]:
    """Deliverables that come up at this meeting as follow-up items.

    Those due "till mötet den …" this meeting, and those with a date that falls
    after the previous meeting and no later than this one.
    """
    due = Q(due_meeting=meeting)
    earlier = previous_meeting(meeting)
    dated = Q(due_date__lte=meeting.day)
    if earlier is not None:
        dated &= Q(due_date__gt=earlier.day)
    else:
        dated &= Q(due_date__gte=meeting.day - datetime.timedelta(days=60))
    return list(
        Deliverable.objects.filter(due | dated)
        .filter(
            assignment__deleted_at__isnull=True,
            assignment__status__in=[*OPEN_STATUSES, AssignmentStatus.DONE],
        )
        .exclude(assignment__status=AssignmentStatus.DONE, done_at__isnull=True)
        .select_related(
            "assignment__owner__unit", "due_meeting", "assignment__decision__meeting"
        )
        .order_by("due_date", "pk")
    )


def meetings_listing(assignment: Assignment) -> set[Meeting]:
    """The meetings whose page shows the assignment: where it was given, and where
    one of its deliverables comes up (``follow_up_deliverables``)."""
    meetings = set(
        Meeting.objects.active().filter(
            Q(items__assignments=assignment)  # a decision's item sets it too
            | Q(deliverables_due__assignment=assignment)
        )
    )
    dates = assignment.deliverables.filter(due_date__isnull=False)
    for due in dates.values_list("due_date", flat=True):
        start = timezone.make_aware(datetime.datetime.combine(due, datetime.time.min))
        first = (
            Meeting.objects.active()
            .filter(starts_at__gte=start)
            .order_by("starts_at")
            .first()
        )
        if first is not None and any(
            d.assignment_id == assignment.pk for d in follow_up_deliverables(first)
        ):
            meetings.add(first)
    return meetings


@dataclass(frozen=True)
class AssignmentFilter:
    owner_id: int | None = None
    department_id: int | None = None
    status: str = ""


def assignments_list(
    *, filters: AssignmentFilter, today: datetime.date | None = None
) -> QuerySet[Assignment]:
    """One list of everything the group has asked for, filtered."""
    today = today or timezone.localdate()
    assignments = (
        Assignment.objects.active()
        .select_related(
            "owner__unit__department",
            "decision__meeting",
            "agenda_item__meeting",
            "origin_type",
        )
        .prefetch_related("deliverables__due_meeting")
    )
    if filters.owner_id:
        assignments = assignments.filter(owner_id=filters.owner_id)
    if filters.department_id:
        assignments = assignments.filter(
            owner__unit__department_id=filters.department_id
        )
    if filters.status == OVERDUE:
        assignments = assignments.filter(pk__in=_overdue_ids(today))
    elif filters.status:
        assignments = assignments.filter(status=filters.status)
    return assignments


def _overdue_ids(today: datetime.date) -> QuerySet:
    return (
        Deliverable.objects.filter(
            done_at__isnull=True,
            assignment__status__in=OPEN_STATUSES,
            assignment__deleted_at__isnull=True,
        )
        .filter(Q(due_date__lt=today) | Q(due_meeting__starts_at__date__lt=today))
        .values("assignment_id")
    )


def overdue_deliverables(*, today: datetime.date | None = None) -> list[Deliverable]:
    """Open deliverables whose day has passed, oldest first."""
    today = today or timezone.localdate()
    rows = (
        Deliverable.objects.filter(
            done_at__isnull=True,
            assignment__status__in=OPEN_STATUSES,
            assignment__deleted_at__isnull=True,
        )
        .filter(Q(due_date__lt=today) | Q(due_meeting__starts_at__date__lt=today))
        .select_related("assignment__owner__unit__department", "due_meeting")
    )
    return sorted(rows, key=lambda row: row.due_on)


def is_overdue(deliverable: Deliverable, today: datetime.date) -> bool:
    return (
        deliverable.done_at is None
        and deliverable.assignment.is_open
        and deliverable.due_on < today
    )


def news_published(*, limit: int | None = None) -> QuerySet[NewsArticle]:
    articles = NewsArticle.objects.published().select_related("meeting")
    return articles[:limit] if limit else articles


def plans_overview() -> dict[str, list[Plan]]:
    """Every plan grouped by status, in the order utkast → fastställd."""
    plans = Plan.objects.active().select_related("owner__unit")
    grouped: dict[str, list[Plan]] = {status: [] for status in PlanStatus.values}
    for plan in plans:
        grouped[plan.status].append(plan)
    return grouped
