"""Who may read which versions: whoever may view the page under Wagtail's view
restrictions; once the page is deleted, whoever passes the restrictions it had
then and those on its process area now, if the area still exists.

A version is a copy of the page's text, so it must never be easier to read than
the page itself. The rule is the handbook's (``guru.handbook.permissions``).
"""

from collections.abc import Iterable

from django.db.models import QuerySet
from wagtail.models import Page

from guru.handbook.permissions import denied_paths, is_denied, kind_accepts

from .models import ChangeNotification, PageVersion


def viewable_versions(
    versions: Iterable[PageVersion], user, session=None
) -> list[PageVersion]:
    """The versions of ``versions`` the user may read."""
    versions = list(versions)
    if not versions:  # most page views: no unread notice, no restriction query
        return versions
    denied = denied_paths(user, session)
    # A deleted page's versions lose their page (page_id is set null).
    if not denied and all(v.page_id for v in versions):
        return versions
    keys = {v.page_key for v in versions} | {v.area_key for v in versions}
    paths = dict(Page.objects.filter(pk__in=keys).values_list("pk", "path"))
    decided: dict[tuple, bool] = {}

    def recorded_accepts(restriction: dict) -> bool:
        # once per restriction, not per version: groups may take a query
        key = (restriction["type"], tuple(restriction["groups"]))
        if key not in decided:
            decided[key] = kind_accepts(*key, user)
        return decided[key]

    def allowed(version: PageVersion) -> bool:
        path = paths.get(version.page_key)
        if path is not None:
            return not is_denied(path, denied)
        area_path = paths.get(version.area_key)
        area_open = area_path is not None and not is_denied(area_path, denied)
        if version.view_restrictions is None:
            # Deleted before its restrictions were recorded: its area's decide,
            # and with the area gone nobody can tell, so nobody reads it.
            return area_open
        return (area_path is None or area_open) and all(
            recorded_accepts(r) for r in version.view_restrictions
        )

    return [v for v in versions if allowed(v)]


def viewable_versions_queryset(
    versions: QuerySet[PageVersion], user, session=None
) -> QuerySet[PageVersion]:
    """``versions`` less those the user may not read, still a queryset: a long
    list (the admin's change report) is counted, paged and exported in SQL.

    The verdict is ``viewable_versions``'s, taken once over the few columns it
    reads (one query, whatever the number of versions, plus those for the
    restrictions), and goes back to SQL as the ids of the readable versions: a
    version published since is left out rather than shown unchecked.
    """
    columns = versions.order_by().only(
        "pk", "page", "page_key", "area_key", "view_restrictions"
    )
    readable = [v.pk for v in viewable_versions(columns, user, session)]
    return versions.filter(pk__in=readable)


def can_view_version(user, version: PageVersion, session=None) -> bool:
    return bool(viewable_versions([version], user, session))


def readable_notifications(
    notifications: Iterable[ChangeNotification], user, session=None
) -> list[ChangeNotification]:
    """The notices of ``notifications`` about versions the user may read."""
    notifications = list(notifications)
    versions = [n.version for n in notifications]
    readable = {v.pk for v in viewable_versions(versions, user, session)}
    return [n for n in notifications if n.version_id in readable]
