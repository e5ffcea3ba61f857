"""What reads: versions in force on a date, recent changes, followers' view."""

import datetime
from collections import OrderedDict

from django.conf import settings
from django.db.models import Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Page

from guru.handbook.models import ChangeKind, page_ancestors

from .models import ChangeNotification, PageVersion, Subscription
from .permissions import readable_notifications


def day_end(day: datetime.date) -> datetime.datetime:
    """The first moment after ``day`` in Guru's time zone."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    )


def version_at(*, page_key: int, day: datetime.date) -> PageVersion | None:
    """The version of a page that applied at the end of ``day``, if it applied."""
    moment = day_end(day)
    version = (
        PageVersion.objects.filter(page_key=page_key, published_at__lt=moment)
        .order_by("-number")
        .first()
    )
    if version is None or (version.withdrawn_at and version.withdrawn_at < moment):
        return None
    return version


def handbook_at(*, day: datetime.date) -> "OrderedDict[str, list[PageVersion]]":
    """Every page that applied at the end of ``day``, grouped by its area then."""
    moment = day_end(day)
    latest: dict[int, PageVersion] = {}
    for version in PageVersion.objects.filter(published_at__lt=moment).order_by(
        "page_key", "number"
    ):
        latest[version.page_key] = version
    in_force = [
        version
        for version in latest.values()
        if not (version.withdrawn_at and version.withdrawn_at < moment)
    ]
    grouped: OrderedDict[str, list[PageVersion]] = OrderedDict()
    for version in sorted(in_force, key=lambda v: (v.area_title, v.title)):
        grouped.setdefault(version.area_title, []).append(version)
    return grouped


def page_history(*, page_key: int) -> QuerySet[PageVersion]:
    return PageVersion.objects.filter(page_key=page_key).order_by("-number")


def current_version(*, page_key: int) -> PageVersion | None:
    return page_history(page_key=page_key).first()


def version_is_current(version: PageVersion) -> bool:
    if version.withdrawn_at:
        return False
    return not PageVersion.objects.filter(
        page_key=version.page_key, number__gt=version.number
    ).exists()


def next_version(version: PageVersion) -> PageVersion | None:
    return (
        PageVersion.objects.filter(page_key=version.page_key, number__gt=version.number)
        .order_by("number")
        .first()
    )


HISTORY_LENGTH = 10  # versions in a page's "Ändringshistorik"


def page_changes(
    *,
    page_key: int,
    previous_visit: datetime.datetime | None = None,
    today: datetime.date | None = None,
) -> dict:
    """What a guidance page shows of its versions, read in one query:

    - ``history``: the latest ``HISTORY_LENGTH`` versions, newest first;
    - ``marks``: anchor → the latest saklig version that changed it within the
      marking window (``GURU_CHANGE_MARK_DAYS``);
    - ``new_since``: anchor → the latest version (any kind) that changed it after
      ``previous_visit`` (empty without one).
    """
    today = today or timezone.localdate()
    mark_since = day_end(
        today - datetime.timedelta(days=settings.GURU_CHANGE_MARK_DAYS)
    )
    window = Q(published_at__gte=mark_since)
    if previous_visit:
        window |= Q(published_at__gt=previous_visit)
    # The number of the HISTORY_LENGTH-th latest version (0 if there are fewer).
    oldest_in_history = Coalesce(
        Subquery(
            page_history(page_key=page_key).values("number")[
                HISTORY_LENGTH - 1 : HISTORY_LENGTH
            ]
        ),
        0,
    )
    versions = list(
        PageVersion.objects.filter(page_key=page_key)
        .filter(window | Q(number__gte=oldest_in_history))
        .order_by("number")
    )
    return {
        "history": versions[::-1][:HISTORY_LENGTH],
        "marks": _latest_by_anchor(
            v
            for v in versions
            if v.kind == ChangeKind.SUBSTANTIVE and v.published_at >= mark_since
        ),
        "new_since": (
            _latest_by_anchor(v for v in versions if v.published_at > previous_visit)
            if previous_visit
            else {}
        ),
    }


def _latest_by_anchor(versions) -> dict[str, PageVersion]:
    """anchor → the last of ``versions`` (in order of number) that changed it."""
    marks: dict[str, PageVersion] = {}
    for version in versions:
        for anchor in version.changed_anchors:
            marks[anchor] = version
    return marks


def changes_in_period(
    *, start: datetime.date, end: datetime.date, kind: str | None = None
) -> QuerySet[PageVersion]:
    """Published changes (not first versions) from ``start`` to ``end`` inclusive."""
    start_moment = day_end(start - datetime.timedelta(days=1))
    queryset = PageVersion.objects.filter(
        published_at__gte=start_moment, published_at__lt=day_end(end), number__gt=1
    ).select_related("author")
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("-published_at")


def area_feed_versions(*, area_key: int, limit: int = 50) -> QuerySet[PageVersion]:
    return PageVersion.objects.filter(
        area_key=area_key, kind=ChangeKind.SUBSTANTIVE, number__gt=1
    ).order_by("-published_at")[:limit]


def user_subscription_for(*, user, page: Page) -> Subscription | None:
    return Subscription.objects.filter(user=user, page=page).first()


def user_subscriptions(*, user) -> QuerySet[Subscription]:
    return (
        Subscription.objects.filter(user=user, active=True)
        .select_related("page")
        .order_by("page__path")
    )


def user_notifications(*, user, limit: int = 50) -> QuerySet[ChangeNotification]:
    return ChangeNotification.objects.filter(user=user).select_related("version")[
        :limit
    ]


def unread_count(*, user, session=None) -> int:
    """The header's badge: unread notices about versions the user may read.

    A page restricted after the notice was made drops out of the count, as it does
    from the list on "Bevakningar".
    """
    unread = (
        ChangeNotification.objects.filter(user=user, read_at__isnull=True)
        .select_related("version")
        .only(
            "version__page",
            "version__page_key",
            "version__area_key",
            "version__view_restrictions",
        )
    )
    return len(readable_notifications(unread, user, session))


def followed_via(*, user, page: Page) -> Page | None:
    """The page, area or start page through which ``user`` follows ``page``."""
    ancestors = [page, *reversed(page_ancestors(page))]
    subscriptions = {
        s.page_id: s
        for s in Subscription.objects.filter(
            Q(user=user) & Q(page__in=[p.pk for p in ancestors])
        )
    }
    for candidate in ancestors:
        subscription = subscriptions.get(candidate.pk)
        if subscription is not None:
            return candidate if subscription.active else None
    return None
