"""What each role may do in ledningsgruppen's module.

Ledningsgrupp and Administratör run the meetings, assignments, news and plans.
Everyone else reads published news and sees assignments and plans they own.
"""

from guru.accounts.roles import Role

_MODELS = ["meeting", "agendaitem", "decision", "assignment", "newsarticle", "plan"]

GROUP_PERMISSIONS = [
    f"meetings.{action}_{model}"
    for model in _MODELS
    for action in ("add", "change", "view")
] + ["meetings.publish_newsarticle"]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.LEDNINGSGRUPP: GROUP_PERMISSIONS,
    Role.ADMINISTRATOR: GROUP_PERMISSIONS,
}
