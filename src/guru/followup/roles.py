"""What each role may do in the tertial follow-up.

Every logged-in employee reads the report, proposes key figures in an open
remissrunda and comments on proposals (no permission needed). Which department a
head may write for is decided in ``permissions.py`` from ``Department.head``.
"""

from guru.accounts.roles import Role

_CONTROLLER = [
    "followup.manage_followup",
    "followup.view_raw_hr",
    "followup.record_conclusion",
    "followup.add_keyfigure",
    "followup.change_keyfigure",
    "followup.view_keyfigure",
    "followup.add_value",
    "followup.change_value",
    "followup.view_value",
    "followup.add_target",
    "followup.change_target",
    "followup.delete_target",
    "followup.view_target",
    "followup.change_perspective",
    "followup.view_perspective",
    "followup.add_headcount",
    "followup.change_headcount",
    "followup.view_headcount",
    # key figures, targets and headcounts are kept in Wagtail's admin
    "wagtailadmin.access_admin",
]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.CONTROLLER: _CONTROLLER,
    Role.AVDELNINGSCHEF: ["followup.write_analysis"],
    Role.LEDNINGSGRUPP: ["followup.record_conclusion"],
}
