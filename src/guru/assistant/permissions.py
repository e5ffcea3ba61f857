"""Who may see what through Doris, decided here and nowhere else.

Everyone logged in may ask. Editors (Redaktör, Administratör) read the question
log and teach Doris. Doris never answers from, suggests or lists a page that the
asker may not view (Wagtail's view restrictions on the page or an ancestor): that
rule is the handbook's (``guru.handbook.permissions``), shared by every reader view.
"""

from guru.handbook.permissions import denied_paths, is_denied, viewable

__all__ = ["can_manage", "denied_paths", "is_denied", "viewable"]


def can_manage(user) -> bool:
    """Editors read the log, add variants and curated answers."""
    return bool(
        user and user.is_authenticated and user.has_perm("assistant.manage_doris")
    )
