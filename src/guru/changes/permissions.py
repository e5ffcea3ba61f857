"""Who may read which versions: whoever may view the page (or, once the page is
deleted, its process area) under Wagtail's view restrictions.

A version is a copy of the page's text, so it must never be easier to read than
the page itself. The rule is the handbook's (``guru.handbook.permissions``).
"""

from collections.abc import Iterable

from wagtail.models import Page

from guru.handbook.permissions import denied_paths, is_denied

from .models import ChangeNotification, PageVersion


def viewable_versions(
    versions: Iterable[PageVersion], user, session=None
) -> list[PageVersion]:
    """The versions of ``versions`` the user may read."""
    versions = list(versions)
    if not versions:  # most page views: no unread notice, no restriction query
        return versions
    denied = denied_paths(user, session)
    if not denied:
        return versions
    keys = {v.page_key for v in versions} | {v.area_key for v in versions}
    paths = dict(Page.objects.filter(pk__in=keys).values_list("pk", "path"))

    def allowed(version: PageVersion) -> bool:
        path = paths.get(version.page_key) or paths.get(version.area_key)
        return path is None or not is_denied(path, denied)

    return [v for v in versions if allowed(v)]


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
