"""What each role may do with comments.

Every logged-in employee may comment and vote (no permission needed). Editors and
administrators handle comments and set the test period.
"""

from guru.accounts.roles import Role

EDITOR_PERMISSIONS = [
    "feedback.moderate_comment",
    "feedback.change_commentperiodsetting",
    "feedback.view_commentperiodsetting",
]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.REDAKTOR: EDITOR_PERMISSIONS,
    Role.ADMINISTRATOR: EDITOR_PERMISSIONS,
}
