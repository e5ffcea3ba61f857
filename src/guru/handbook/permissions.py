"""Who may read which handbook pages, and who may open the admin's page reports.

Readers: Wagtail's view restrictions (login, groups, password) on a page or an
ancestor decide, here and nowhere else. Everything that shows a page's content,
title or existence outside Wagtail's own serving of the page (its history, its
comments, lists, e-mails, Doris) asks these functions.

Controllers reach Wagtail's admin for the key figures but edit no pages, so a
report on pages asks for a page permission, and its menu item asks the same.
"""

from django.db.models import QuerySet
from wagtail.admin.menu import MenuItem
from wagtail.models import Page, PageViewRestriction
from wagtail.permission_policies.pages import PagePermissionPolicy

PAGE_REPORT_PERMISSIONS = ["add", "change", "publish"]


def kind_accepts(kind: str, group_ids, user) -> bool:
    """Whether a view restriction of type ``kind`` (for groups: on ``group_ids``)
    lets the user in, a password aside: this decides for a restriction row and
    for one recorded when its page was deleted (``restrictions_snapshot``).

    A password restriction never accepts here: only a session can tell that the
    password was given, and only for a restriction that still exists.
    """
    if kind == PageViewRestriction.NONE:
        return True
    if kind == PageViewRestriction.LOGIN:
        return bool(user and user.is_authenticated)
    if kind == PageViewRestriction.GROUPS:
        if user is None or not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        # .all() rather than values_list: callers may have prefetched the groups
        return bool(set(group_ids) & {g.pk for g in user.groups.all()})
    return False


def restriction_accepts(restriction: PageViewRestriction, user, session=None) -> bool:
    """Whether one view restriction lets the user (with this session) in.

    Without a session a password restriction never accepts: an e-mail or a
    background job cannot know whether the password was given.
    """
    kind = restriction.restriction_type
    if kind == PageViewRestriction.PASSWORD and session is not None:
        passed = session.get(PageViewRestriction.passed_view_restrictions_session_key)
        return restriction.pk in (passed or [])
    return kind_accepts(kind, _group_ids(restriction), user)


def _group_ids(restriction: PageViewRestriction) -> list[int]:
    if restriction.restriction_type != PageViewRestriction.GROUPS:
        return []  # no query for the groups of a login or password restriction
    # .all() rather than values_list: callers may have prefetched the groups
    return [g.pk for g in restriction.groups.all()]


def denied_paths(user, session=None) -> list[str]:
    """Tree paths under which the user may not view pages (usually none).

    Within a request (given its session) they are read once and remembered on
    the user object, as ``guru.documents.permissions.access_map`` remembers its
    map: one page view asks several times (its aside, its related pages, the
    notices in the header). The request's user and session objects go with the
    request, so a change of restrictions or groups counts from the next one;
    without a session (e-mails, jobs) every call reads the restrictions.
    """
    if user is None or session is None:
        return _denied_paths(user, session)
    passed = list(
        session.get(PageViewRestriction.passed_view_restrictions_session_key) or []
    )
    remembered = getattr(user, "_guru_denied_paths", None)
    # Another session is another request; a password given within this one
    # may open a page: either way, read them again.
    if remembered is None or remembered[0] is not session or remembered[1] != passed:
        remembered = (session, passed, _denied_paths(user, session))
        user._guru_denied_paths = remembered
    return list(remembered[2])


def _denied_paths(user, session) -> list[str]:
    restrictions = PageViewRestriction.objects.select_related("page").prefetch_related(
        "groups"
    )
    return [
        r.page.path for r in restrictions if not restriction_accepts(r, user, session)
    ]


def is_denied(path: str, denied: list[str]) -> bool:
    """Whether a tree path lies under one of ``denied_paths``."""
    return any(path.startswith(d) for d in denied)


def viewable(pages: list[Page], user, session=None) -> list[Page]:
    """The pages of ``pages`` the user may view."""
    denied = denied_paths(user, session)
    if not denied:
        return pages
    return [p for p in pages if not is_denied(p.path, denied)]


def can_view_page(user, page: Page, session=None) -> bool:
    return bool(viewable([page], user, session))


def viewable_pages(pages: QuerySet, user, session=None, *, via: str = "") -> QuerySet:
    """``pages`` (a queryset) without those the user may not view; with ``via``
    (a relation to a page, e.g. "page"), rows of another model without those on
    such pages."""
    lookup = f"{via}__path__startswith" if via else "path__startswith"
    for path in denied_paths(user, session):
        pages = pages.exclude(**{lookup: path})
    return pages


def _page_restrictions(page: Page) -> list[PageViewRestriction]:
    """The view restrictions on the page and its ancestors, groups prefetched."""
    return list(
        PageViewRestriction.objects.filter(
            page__in=page.get_ancestors(inclusive=True)
        ).prefetch_related("groups")
    )


def page_readers(page: Page, users: list) -> list:
    """Those of ``users`` who may view the page outside a browser (e-mails).

    Reads the page's restrictions once; prefetch the users' groups for many users.
    """
    restrictions = _page_restrictions(page)
    return [
        user
        for user in users
        if all(restriction_accepts(r, user) for r in restrictions)
    ]


def restrictions_snapshot(page: Page) -> list[dict]:
    """The view restrictions that apply to the page now (on it or an ancestor), as
    data that outlasts their rows: ``{"type": …, "groups": [group ids]}`` each."""
    return [
        {"type": r.restriction_type, "groups": _group_ids(r)}
        for r in _page_restrictions(page)
    ]


def may_open_page_reports(user) -> bool:
    return PagePermissionPolicy().user_has_any_permission(user, PAGE_REPORT_PERMISSIONS)


class PageReportMenuItem(MenuItem):
    """A report menu item shown only to those the report lets in."""

    def is_shown(self, request) -> bool:
        return may_open_page_reports(request.user)
