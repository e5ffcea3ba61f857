"""What each role may do with Doris: every employee asks; editors teach her."""

from guru.accounts.roles import Role

EDITOR_PERMISSIONS = [
    "assistant.manage_doris",
    "assistant.add_synonym",
    "assistant.change_synonym",
    "assistant.delete_synonym",
    "assistant.view_synonym",
]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.REDAKTOR: EDITOR_PERMISSIONS,
    Role.ADMINISTRATOR: EDITOR_PERMISSIONS,
}
