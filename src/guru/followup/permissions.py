"""Who may do what in the follow-up, decided here and nowhere else.

Tested as a matrix in ``tests/guru/followup/test_permission_matrix.py``.
"""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from guru.accounts.models import Department
from guru.accounts.roles import Role
from guru.accounts.selectors import user_has_role

from .models import (
    Action,
    Analysis,
    AnalysisStatus,
    ConsultationRound,
    FollowUp,
    FollowUpStatus,
    Proposal,
)


def _ok(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_manage(user) -> bool:
    """Controllers own the data: key figures, imports, periods, opening and publishing."""
    return _ok(user) and user.has_perm("followup.manage_followup")


def can_edit_values(user) -> bool:
    """Who enters values by hand may also delete them: the controllers."""
    return can_manage(user)


def can_view_raw_hr(user) -> bool:
    """Unit-level figures about employees' health are for controllers only."""
    return _ok(user) and user.has_perm("followup.view_raw_hr")


def heads_department(user, department: Department) -> bool:
    return _ok(user) and department.head_id == user.pk


def writes_analysis_of(user, department: Department) -> bool:
    """Whether the user writes the department's analysis while a follow-up is
    open: its head, with the right to write analyses."""
    return user.has_perm("followup.write_analysis") and heads_department(
        user, department
    )


def can_edit_analysis(user, follow_up: FollowUp, department: Department) -> bool:
    """A department head writes only their own department's analysis, while open."""
    return follow_up.status == FollowUpStatus.OPEN and writes_analysis_of(
        user, department
    )


def can_read_every_draft(user) -> bool:
    """Controllers, the management group and administrators read draft analyses."""
    return _ok(user) and (
        can_manage(user)
        or user.has_perm("followup.record_conclusion")
        or user_has_role(user=user, role=Role.ADMINISTRATOR)
    )


def can_read_analysis(
    user, follow_up: FollowUp, analysis: Analysis, *, every_draft: bool | None = None
) -> bool:
    """A klar analysis is for everyone, a draft for whoever may still edit it and
    those who read every draft (``every_draft``: that answer, when asking for many).

    The form says a draft becomes readable for the management group when it is
    marked klar; the published PDF, made for everyone, has no drafts.
    """
    if analysis.status == AnalysisStatus.DONE:
        return True
    return can_read_draft(user, follow_up, analysis.department, every_draft=every_draft)


def can_read_draft(
    user,
    follow_up: FollowUp,
    department: Department,
    *,
    every_draft: bool | None = None,
) -> bool:
    """A department's draft analysis, or a draft text in its trail of changes: for
    whoever may still edit it and those who read every draft."""
    if every_draft is None:
        every_draft = can_read_every_draft(user)
    return every_draft or (_ok(user) and can_edit_analysis(user, follow_up, department))


def records_conclusions(user) -> bool:
    """Whether the user records the joint conclusions while a follow-up is open:
    the management group (and the controller who keeps the pen)."""
    return _ok(user) and user.has_perm("followup.record_conclusion")


def can_record_conclusions(user, follow_up: FollowUp) -> bool:
    """The management group (and the controller who keeps the pen) while open."""
    return follow_up.status == FollowUpStatus.OPEN and records_conclusions(user)


def can_follow_up_action(user, action: Action) -> bool:
    """An action's läge is set by its owner, whoever in the management group or
    a controller; the owner need not be in the management group."""
    return _ok(user) and (
        action.owner_id == user.pk
        or user.has_perm("followup.record_conclusion")
        or can_manage(user)
    )


def can_annotate(user, department: Department | None) -> bool:
    """Controllers annotate any value; a department head their own department's."""
    if can_manage(user):
        return True
    return department is not None and heads_department(user, department)


def annotatable_departments(user) -> list[Department]:
    """The departments whose values the user may annotate (see ``can_annotate``)."""
    if can_manage(user):
        return list(Department.objects.filter(is_active=True))
    if not _ok(user):
        return []
    return list(Department.objects.filter(head=user, is_active=True))


def can_decide_proposal(user, proposal: Proposal) -> bool:
    return can_manage(user)


def proposers() -> QuerySet:
    """Who takes part in a remissrunda (proposes, comments, supports): every
    active employee, as every logged-in one may."""
    return get_user_model().objects.filter(is_active=True)


def owns_proposal(user, proposal: Proposal) -> bool:
    """Only the proposer edits or withdraws a proposal (while it may still change:
    ``consultation.proposal_unchangeable`` says when it may not)."""
    return _ok(user) and proposal.proposer_id == user.pk


def can_run_round(user, round_: ConsultationRound) -> bool:
    """Controllers run remissrundor: they may close one before its last day, move
    its last day, and reopen one that is closed."""
    return can_manage(user)


def editable_departments(user) -> list[Department]:
    """The departments whose analyses the user may write."""
    if not _ok(user) or not user.has_perm("followup.write_analysis"):
        return []
    return list(Department.objects.filter(head=user, is_active=True))
