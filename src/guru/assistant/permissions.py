"""Who may see what through Doris, decided here and nowhere else.

Everyone logged in may ask. Editors (Redaktör, Administratör) read the question
log and teach Doris. Doris never answers from, suggests or lists a page that the
asker may not view (Wagtail's view restrictions on the page or an ancestor).
"""

from wagtail.models import Page, PageViewRestriction


def can_manage(user) -> bool:
    """Editors read the log, add variants and curated answers."""
    return bool(
        user and user.is_authenticated and user.has_perm("assistant.manage_doris")
    )


def _restriction_accepts(restriction: PageViewRestriction, user, session) -> bool:
    kind = restriction.restriction_type
    if kind == PageViewRestriction.NONE:
        return True
    if kind == PageViewRestriction.LOGIN:
        return bool(user and user.is_authenticated)
    if kind == PageViewRestriction.GROUPS:
        if user is None or not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        allowed = {g.pk for g in restriction.groups.all()}
        return bool(allowed & set(user.groups.values_list("pk", flat=True)))
    if kind == PageViewRestriction.PASSWORD and session is not None:
        passed = session.get(PageViewRestriction.passed_view_restrictions_session_key)
        return restriction.pk in (passed or [])
    return False


def denied_paths(user, session=None) -> list[str]:
    """Tree paths under which the user may not view pages (usually none)."""
    restrictions = PageViewRestriction.objects.select_related("page").prefetch_related(
        "groups"
    )
    return [
        r.page.path for r in restrictions if not _restriction_accepts(r, user, session)
    ]


def viewable(pages: list[Page], user, session=None) -> list[Page]:
    """The pages of ``pages`` the user may view."""
    denied = denied_paths(user, session)
    if not denied:
        return pages
    return [p for p in pages if not any(p.path.startswith(d) for d in denied)]
