"""Template context shared by every page: the start page for the header and roles."""

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, object]:
    from guru.assistant.permissions import can_manage
    from guru.changes.selectors import unread_count
    from guru.handbook.selectors import start_page_get

    user = getattr(request, "user", None)
    return {
        "guru_start_page": start_page_get(),
        "guru_can_edit": bool(
            user
            and user.is_authenticated
            and user.has_perm("wagtailadmin.access_admin")
        ),
        # The Doris log is the editors' (controllers reach the admin too).
        "guru_can_manage_doris": can_manage(user),
        "guru_unread_changes": (
            unread_count(user=user, session=getattr(request, "session", None))
            if user and user.is_authenticated
            else 0
        ),
    }
