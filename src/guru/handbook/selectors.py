"""Reads of the handbook: lists for readers and for editors."""

import datetime

from django.conf import settings
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .models import GuidancePage, ProcessAreaPage, StartPage
from .permissions import viewable_pages


def start_page_get() -> StartPage | None:
    """The handbook's start page, or None before the site is set up."""
    return StartPage.objects.live().first()


def process_areas_with_counts(
    *, start_page: StartPage, user, session=None
) -> QuerySet[ProcessAreaPage]:
    """Live process areas under the start page that the reader may view, each with
    its number of live pages that the reader may view."""
    live_children = (
        viewable_pages(GuidancePage.objects.live(), user, session)
        .filter(path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1)
        .order_by()
        .values("depth")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        viewable_pages(ProcessAreaPage.objects.child_of(start_page), user, session)
        .live()
        .annotate(guidance_count=Coalesce(Subquery(live_children), 0))
        .order_by("sort_order", "title")
    )


def recently_updated_pages(
    *, user, session=None, limit: int = 8
) -> QuerySet[GuidancePage]:
    """The guidance pages the reader may view, published most recently first."""
    return (
        viewable_pages(GuidancePage.objects.live(), user, session)
        .exclude(last_published_at=None)
        .order_by("-last_published_at")[:limit]
    )


def pages_for_review(
    *,
    today: datetime.date,
    within_days: int | None = None,
    owner=None,
) -> QuerySet[GuidancePage]:
    """Guidance pages whose review is overdue or due within the warning window.

    Ordered with the most overdue first. ``owner`` narrows to one person's pages.
    """
    if within_days is None:
        within_days = settings.GURU_HANDBOOK_REVIEW_WARNING_DAYS
    limit = today + datetime.timedelta(days=within_days)
    pages = (
        GuidancePage.objects.filter(review_due_on__lte=limit)
        .select_related("owner_unit", "owner_person")
        .order_by("review_due_on", "title")
    )
    if owner is not None:
        pages = pages.filter(owner_person=owner)
    return pages


def review_counts(
    *, today: datetime.date, owner=None, pages: QuerySet | None = None
) -> dict[str, int]:
    """How many pages (of ``pages``, all by default) are overdue and how many are
    due soon (for the dashboard)."""
    warning = today + datetime.timedelta(
        days=settings.GURU_HANDBOOK_REVIEW_WARNING_DAYS
    )
    pages = GuidancePage.objects.all() if pages is None else pages
    if owner is not None:
        pages = pages.filter(owner_person=owner)
    return pages.aggregate(
        overdue=Count("pk", filter=Q(review_due_on__lt=today)),
        due_soon=Count(
            "pk", filter=Q(review_due_on__gte=today, review_due_on__lte=warning)
        ),
    )
