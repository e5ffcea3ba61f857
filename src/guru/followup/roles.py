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
]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.CONTROLLER: _CONTROLLER,
    Role.AVDELNINGSCHEF: ["followup.write_analysis"],
    Role.LEDNINGSGRUPP: ["followup.record_conclusion"],
}
