"""Who may do what in ledningsgruppen's module, decided here and nowhere else.

Tested as a matrix in ``tests/guru/meetings/test_permission_matrix.py``. The roles
Ledningsgrupp and Administratör get the model permissions in ``roles.py``; the
meeting's note-taker and justerare get what their task needs even without them.
"""

from . import followup_actions
from .models import Assignment, Meeting, NewsArticle, Plan


def _logged_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_view_meetings(user) -> bool:
    """The group's meetings, assignments list and plans overview."""
    return _logged_in(user) and user.has_perm("meetings.view_meeting")


def can_create_meeting(user) -> bool:
    return _logged_in(user) and user.has_perm("meetings.add_meeting")


def can_view_meeting(user, meeting: Meeting) -> bool:
    if can_view_meetings(user):
        return True
    return _logged_in(user) and (
        user.pk in {meeting.note_taker_id, meeting.adjuster_id}
        or meeting.participants.filter(pk=user.pk).exists()
    )


def can_edit_meeting(user, meeting: Meeting) -> bool:
    """Agenda and minutes, until they are locked. After that: nobody."""
    if meeting.is_locked or not _logged_in(user):
        return False
    return user.has_perm("meetings.change_meeting") or user.pk == meeting.note_taker_id


def can_name_meeting_people(user, meeting: Meeting) -> bool:
    """Participants, note-taker and justerare: the group, not the note-taker.

    Otherwise the note-taker could make himself justerare of his own minutes.
    """
    if meeting.is_locked or not _logged_in(user):
        return False
    return user.has_perm("meetings.change_meeting")


def can_delete_meeting(user, meeting: Meeting) -> bool:
    """Only the group removes a meeting; its note-taker writes in it."""
    return can_name_meeting_people(user, meeting)


def is_adjuster(user, meeting: Meeting) -> bool:
    """The named justerare of minutes not locked yet."""
    return (
        _logged_in(user)
        and not meeting.is_locked
        and meeting.adjuster_id is not None
        and user.pk == meeting.adjuster_id
    )


def can_lock_minutes(user, meeting: Meeting) -> bool:
    """Only the named justerare checks the minutes, once the meeting has begun."""
    return is_adjuster(user, meeting) and meeting.has_begun


def can_correct_minutes(user, meeting: Meeting) -> bool:
    """Locked minutes change only through a recorded correction."""
    if not meeting.is_locked or not _logged_in(user):
        return False
    return user.has_perm("meetings.change_meeting") or user.pk in {
        meeting.note_taker_id,
        meeting.adjuster_id,
    }


def can_view_assignment(user, assignment: Assignment) -> bool:
    """The group; the owner; and whoever may open a meeting whose page lists it."""
    if can_view_meetings(user):
        return True
    if not _logged_in(user):
        return False
    if assignment.owner_id == user.pk:
        return True
    from .selectors import meetings_listing  # selectors import this module

    return any(can_view_meeting(user, m) for m in meetings_listing(assignment))


def can_manage_assignments(user) -> bool:
    return _logged_in(user) and user.has_perm("meetings.change_assignment")


def can_edit_assignment(user, assignment: Assignment) -> bool:
    """The group changes its assignments' text, owner and deliverables, but not
    those of one that mirrors a follow-up action: the action's next save writes
    them anew, so they are changed in the follow-up."""
    return (
        can_manage_assignments(user) and followup_actions.action_of(assignment) is None
    )


def can_delete_assignment(user, assignment: Assignment) -> bool:
    """The group removes its own assignments, not one another app keeps through
    its ``origin`` (a follow-up action): the action's next save would write to
    the removed row, and the action would be gone from the list while still open.
    The same rule as ``services.assignment_delete``, which refuses them too."""
    return can_manage_assignments(user) and assignment.origin_id is None


def can_update_assignment_status(user, assignment: Assignment) -> bool:
    """The owner reports progress on their own assignment; the group on all.
    The status of one that mirrors a follow-up action is that action's läge, so
    it takes the follow-up's leave too (``followup_actions.may_pass_on_status``)."""
    allowed = can_manage_assignments(user) or (
        _logged_in(user) and assignment.owner_id == user.pk
    )
    return allowed and followup_actions.may_pass_on_status(user, assignment)


def can_edit_news(user, article: NewsArticle) -> bool:
    """The draft: the group and the meeting's note-taker. Once published, it speaks
    to all staff: only those who may publish change it."""
    if not _logged_in(user):
        return False
    if article.is_published:
        return can_publish_news(user, article)
    if user.has_perm("meetings.change_newsarticle"):
        return True
    return article.meeting_id is not None and article.meeting.note_taker_id == user.pk


def can_compose_news(user, meeting: Meeting) -> bool:
    if not meeting.is_locked or not _logged_in(user):
        return False
    return user.has_perm("meetings.add_newsarticle") or user.pk == meeting.note_taker_id


def can_publish_news(user, article: NewsArticle) -> bool:
    """Publishing reaches all staff: the group (and administrators) only."""
    return _logged_in(user) and user.has_perm("meetings.publish_newsarticle")


def can_view_news(user, article: NewsArticle) -> bool:
    """Published news is for everyone; drafts for those who may edit them."""
    if article.deleted_at is not None:
        return False
    return (article.is_published and _logged_in(user)) or can_edit_news(user, article)


def can_view_plans(user) -> bool:
    return _logged_in(user) and user.has_perm("meetings.view_plan")


def can_view_plan(user, plan: Plan) -> bool:
    return can_view_plans(user) or (_logged_in(user) and plan.owner_id == user.pk)


def can_create_plan(user) -> bool:
    return _logged_in(user) and user.has_perm("meetings.add_plan")


def can_edit_plan(user, plan: Plan) -> bool:
    if not _logged_in(user):
        return False
    return user.has_perm("meetings.change_plan") or plan.owner_id == user.pk
