"""Who may do what with comments, decided here and nowhere else.

Tested as a matrix in ``tests/guru/feedback/test_permission_matrix.py``.
"""

import datetime

from .models import Comment, Visibility

EDIT_WINDOW = datetime.timedelta(minutes=15)


def can_moderate(user) -> bool:
    """Editors (Redaktör, Administratör) handle comments: status, replies, hiding."""
    return bool(
        user and user.is_authenticated and user.has_perm("feedback.moderate_comment")
    )


def can_set_page_mode(user) -> bool:
    """Editors may open or close comments on a page or area at any time."""
    return can_moderate(user)


def is_own_visible_comment(user, comment: Comment) -> bool:
    """The user wrote the comment and readers still see it."""
    return bool(
        user
        and user.is_authenticated
        and comment.author_id == user.pk
        and comment.visibility == Visibility.VISIBLE
    )


def can_change_own_comment(user, comment: Comment, *, now: datetime.datetime) -> bool:
    """The author may edit or withdraw their comment for 15 minutes, then it stays."""
    return (
        is_own_visible_comment(user, comment)
        and now - comment.created_at <= EDIT_WINDOW
    )
