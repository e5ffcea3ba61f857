"""Reads of comments, votes, the test period and the editors' lists."""

import dataclasses
import datetime

from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from wagtail.models import Page, Site

from guru.handbook.permissions import viewable_pages

from .models import (
    OPEN_STATUSES,
    Comment,
    CommentMode,
    CommentPeriodSetting,
    CommentSetting,
    HelpfulVote,
    Notification,
    Reply,
    Visibility,
)


@dataclasses.dataclass(frozen=True)
class CommentPeriod:
    """Whether a page takes comments now, and why (for the message under the field)."""

    is_open: bool
    reason: str  # "page", "area", "site" or "none"
    mode: str = CommentMode.FOLLOW
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    override_page: Page | None = None


def page_site(page: Page, request: HttpRequest | None = None) -> Site | None:
    """``page.get_site()``: the site the page belongs to, None if it has none.

    Given the request, the request's site (``Site.find_for_request``, which keeps
    it on the request: Wagtail read it there to route the page) is used if it is
    the page's, so that serving a page does not read its site again.
    """
    url_parts = page.get_url_parts()
    if url_parts is None:
        return None
    site_id = url_parts[0]
    current = Site.find_for_request(request) if request is not None else None
    if current is not None and current.pk == site_id:
        return current
    return Site.objects.get(id=site_id)


def comment_period_for_page(
    *, page: Page, today: datetime.date, request: HttpRequest | None = None
) -> CommentPeriod:
    """The test-period rule for a page: its own setting, its area's, or the site's.

    The nearest override that is not "follow" wins; otherwise the site-wide period
    decides (both dates inclusive; a missing date means open-ended). Given the
    request, the site is not read again (``page_site``).
    """
    override = (
        CommentSetting.objects.filter(
            page__in=page.get_ancestors(inclusive=True).filter(depth__gt=1)
        )
        .exclude(mode=CommentMode.FOLLOW)
        .select_related("page")
        .order_by("-page__depth")
        .first()
    )
    if override is not None:
        reason = "page" if override.page_id == page.pk else "area"
        return CommentPeriod(
            is_open=override.mode == CommentMode.OPEN,
            reason=reason,
            mode=override.mode,
            override_page=override.page,
        )
    site = page_site(page, request) or Site.objects.filter(is_default_site=True).first()
    period = CommentPeriodSetting.for_site(site) if site else None
    if period is None or (period.starts_on is None and period.ends_on is None):
        return CommentPeriod(is_open=False, reason="none")
    is_open = (period.starts_on is None or period.starts_on <= today) and (
        period.ends_on is None or today <= period.ends_on
    )
    return CommentPeriod(
        is_open=is_open,
        reason="site",
        starts_on=period.starts_on,
        ends_on=period.ends_on,
    )


def page_mode(*, page: Page) -> str:
    """The page's own override mode ("follow" when it has none)."""
    setting = CommentSetting.objects.filter(page=page).first()
    return setting.mode if setting else CommentMode.FOLLOW


def page_comments(*, page: Page) -> QuerySet[Comment]:
    """Visible comments on a page, oldest first, with authors and replies.

    select_related/prefetch keep the comment list at three queries, whatever its size.
    """
    return (
        Comment.objects.filter(page=page, visibility=Visibility.VISIBLE)
        .select_related("author__unit", "resolved_revision")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Reply.objects.select_related("author__unit"),
            )
        )
    )


def user_comments(*, user) -> QuerySet[Comment]:
    """Everything a user has written, newest first, withdrawn comments included."""
    return (
        Comment.objects.filter(author=user)
        .select_related("page", "resolved_revision")
        .prefetch_related(
            Prefetch("replies", queryset=Reply.objects.select_related("author"))
        )
        .order_by("-created_at", "-pk")
    )


def user_vote(*, page: Page, user) -> HelpfulVote | None:
    return HelpfulVote.objects.filter(page=page, user=user).first()


def readable_notifications(*, user, session=None) -> QuerySet[Notification]:
    """The user's notices, less those about a page the user may no longer view.

    A notice names its comment's page, so it is no easier to read than the page
    (restricted after the notice was made, say); notices without a comment stay.
    """
    readable = viewable_pages(Page.objects.all(), user, session)
    return Notification.objects.filter(user=user).filter(
        Q(comment__isnull=True) | Q(comment__page__in=readable.values("pk"))
    )


def user_notifications(
    *, user, session=None, limit: int = 20
) -> QuerySet[Notification]:
    return readable_notifications(user=user, session=session).select_related(
        "comment__page"
    )[:limit]


def unread_notification_count(*, user, session=None) -> int:
    """The header's badge: unread notices the user may open."""
    return (
        readable_notifications(user=user, session=session).filter(read_at=None).count()
    )


def recent_writes_count(
    *, user, since: datetime.datetime, until: datetime.datetime
) -> int:
    """How many comments and replies the user wrote in a span of time.

    The rate limit counts rows in the database, so it holds across all workers.
    """
    span = {"created_at__gte": since, "created_at__lte": until}
    return (
        Comment.objects.filter(author=user, **span).count()
        + Reply.objects.filter(author=user, **span).count()
    )


def on_readable_pages(queryset: QuerySet, *, user, session=None) -> QuerySet:
    """Comments or votes (anything with ``page``) on pages the user may view.

    The editors' lists are no window on a page they may not read: a comment or a
    Nej-vote's "Vad saknades?" is written by someone who read the page, and may
    quote it. Editing rights in Wagtail do not count, as nowhere in Guru.
    """
    return viewable_pages(queryset, user, session, via="page")


def inbox_comments(*, user, session=None) -> QuerySet[Comment]:
    """The comments of the editors' inbox (on pages the editor may view), with
    what the list shows joined in."""
    comments = Comment.objects.select_related(
        "page", "author__unit", "resolved_revision"
    ).annotate(reply_count=Count("replies"))
    return on_readable_pages(comments, user=user, session=session)


def inbox_votes(*, user, session=None) -> QuerySet[HelpfulVote]:
    """Votes on the pages the editor may view, with what the lists show joined in."""
    votes = HelpfulVote.objects.select_related("page", "user__unit", "handled_by")
    return on_readable_pages(votes, user=user, session=session)


def inbox_no_votes(*, user, session=None) -> QuerySet[HelpfulVote]:
    """Nej-votes for the editors' inbox, newest first."""
    return (
        inbox_votes(user=user, session=session)
        .filter(helpful=False)
        .order_by("-updated_at", "-pk")
    )


def pages_with_feedback_stats(*, user, session=None) -> QuerySet:
    """Guidance pages the editor may view, with votes, helpful-percentage and open
    comments.

    Subqueries rather than joined counts: two joined COUNTs over votes and comments
    would multiply each other.
    """
    from guru.handbook.models import GuidancePage

    def vote_count(helpful: bool, **extra) -> Subquery:
        return Subquery(
            HelpfulVote.objects.filter(page=OuterRef("pk"), helpful=helpful, **extra)
            .order_by()
            .values("page")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        )

    open_comments = Subquery(
        Comment.objects.filter(
            page=OuterRef("pk"),
            status__in=OPEN_STATUSES,
            visibility=Visibility.VISIBLE,
        )
        .order_by()
        .values("page")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )
    pages = viewable_pages(GuidancePage.objects.all(), user, session)
    return (
        pages.select_related("owner_unit", "owner_person")
        .annotate(
            yes_votes=Coalesce(vote_count(True), 0),
            no_votes=Coalesce(vote_count(False), 0),
            open_no_votes=Coalesce(vote_count(False, handled_at=None), 0),
            open_comments=Coalesce(open_comments, 0),
        )
        .annotate(
            helpful_percent=Case(
                When(
                    Q(yes_votes__gt=0) | Q(no_votes__gt=0),
                    then=100.0 * F("yes_votes") / (F("yes_votes") + F("no_votes")),
                ),
                default=Value(None),
                output_field=FloatField(),
            ),
            # Nej-votes an editor has handled no longer push the page up.
            attention=F("open_no_votes") + F("open_comments"),
        )
    )


def pages_needing_review(*, user, session=None, limit: int | None = None) -> QuerySet:
    """Pages the editor may view with Nej-votes or open comments, the most in need
    first."""
    pages = (
        pages_with_feedback_stats(user=user, session=session)
        .filter(attention__gt=0)
        .order_by("-attention", "-open_no_votes", "title")
    )
    return pages[:limit] if limit else pages


def digest_pending() -> QuerySet[Comment]:
    """Comments not yet in any page owner's daily digest."""
    return (
        Comment.objects.filter(owner_notified_at=None, visibility=Visibility.VISIBLE)
        .select_related("page", "author__unit")
        .order_by("page__path", "created_at")
    )


@dataclasses.dataclass
class FeedbackFilters:
    """The inbox's filters, shared by the list, the vote list and the exports."""

    status: str = ""
    visibility: str = ""
    area: Page | None = None
    page_id: int | None = None
    owner_unit_id: int | None = None
    owner_person_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    section: str = ""
    handled: str = ""  # votes only: "yes", "no" or "" for all


def feedback_filter(
    queryset: QuerySet, *, filters: FeedbackFilters, date_field: str = "created_at"
) -> QuerySet:
    """Narrow comments or votes (both have ``page``) by the inbox's filters."""
    from guru.handbook.models import GuidancePage

    f = filters
    if f.status and "status" in {fld.name for fld in queryset.model._meta.fields}:
        queryset = queryset.filter(status=f.status)
    if f.visibility and queryset.model is Comment:
        queryset = queryset.filter(visibility=f.visibility)
    if f.area is not None:
        queryset = queryset.filter(page__path__startswith=f.area.path)
    if f.page_id:
        queryset = queryset.filter(page_id=f.page_id)
    if f.owner_unit_id:
        owned = GuidancePage.objects.filter(owner_unit_id=f.owner_unit_id)
        queryset = queryset.filter(page_id__in=owned.values("pk"))
    if f.owner_person_id:
        owned = GuidancePage.objects.filter(owner_person_id=f.owner_person_id)
        queryset = queryset.filter(page_id__in=owned.values("pk"))
    if f.date_from:
        queryset = queryset.filter(**{f"{date_field}__date__gte": f.date_from})
    if f.date_to:
        queryset = queryset.filter(**{f"{date_field}__date__lte": f.date_to})
    if f.handled and queryset.model is HelpfulVote:
        queryset = queryset.filter(handled_at__isnull=f.handled == "no")
    if f.section and queryset.model is Comment:
        if f.section == "-":
            queryset = queryset.filter(section_anchor="")
        else:
            queryset = queryset.filter(section_heading__icontains=f.section)
    return queryset


INBOX_SORTS = {
    "nyast": ("-created_at", "-pk"),
    "aldst": ("created_at", "pk"),
    "sida": ("page__title", "created_at"),
    "status": ("status", "-created_at"),
}


def page_feedback_summary(*, page: Page) -> dict[str, object]:
    """Open comments and helpful-percentage of one page (for the page explorer)."""
    votes = HelpfulVote.objects.filter(page=page).aggregate(
        yes=Count("pk", filter=Q(helpful=True)), total=Count("pk")
    )
    open_comments = Comment.objects.filter(
        page=page, status__in=OPEN_STATUSES, visibility=Visibility.VISIBLE
    ).count()
    percent = round(100 * votes["yes"] / votes["total"]) if votes["total"] else None
    return {"open_comments": open_comments, "helpful_percent": percent}
