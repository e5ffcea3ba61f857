"""Editors decide which groups follow a process area by default."""

from guru.accounts.roles import Role

_DEFAULT_FOLLOW = [
    "changes.add_defaultfollow",
    "changes.change_defaultfollow",
    "changes.delete_defaultfollow",
    "changes.view_defaultfollow",
]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.REDAKTOR: _DEFAULT_FOLLOW,
    Role.ADMINISTRATOR: _DEFAULT_FOLLOW,
}
