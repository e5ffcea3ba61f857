"""Administrators keep the folder tree and its permissions in Wagtail's admin.

Reading and changing documents is not a model permission: it follows the folders'
own rules (see ``permissions.py``).
"""

from guru.accounts.roles import Role

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.ADMINISTRATOR: [
        "documents.add_folder",
        "documents.change_folder",
        "documents.view_folder",
    ],
}
