"""Guru's roles and the permissions the accounts app gives them.

A role is a Django group. Every app that needs permissions declares them in its own
``roles.py`` as ``ROLE_PERMISSIONS`` (model permissions, "app_label.codename") and, if
it grants permissions on objects (Wagtail pages, collections), a function
``sync_object_permissions(groups)``. ``services.roles_sync`` collects them all.
"""

from enum import StrEnum


class Role(StrEnum):
    """The six roles of Guru; the value is the group's (Swedish) name."""

    HANDLAGGARE = "Handläggare"
    REDAKTOR = "Redaktör"
    CONTROLLER = "Controller"
    AVDELNINGSCHEF = "Avdelningschef"
    LEDNINGSGRUPP = "Ledningsgrupp"
    ADMINISTRATOR = "Administratör"


ROLE_DESCRIPTIONS = {
    Role.HANDLAGGARE: "Läser vägledningen, lämnar synpunkter och frågar Doris.",
    Role.REDAKTOR: "Skriver och uppdaterar vägledningen; granskar andras ändringar.",
    Role.CONTROLLER: "Äger uppföljningens data och öppnar tertialuppföljningar.",
    Role.AVDELNINGSCHEF: "Analyserar sin avdelnings resultat i uppföljningen.",
    Role.LEDNINGSGRUPP: "Ledningsgruppens möten, beslut, uppdrag och dokument.",
    Role.ADMINISTRATOR: "Hanterar användare, organisation, roller och inställningar.",
}

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.REDAKTOR: [
        "wagtailadmin.access_admin",
    ],
    Role.ADMINISTRATOR: [
        "wagtailadmin.access_admin",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.delete_user",
        "accounts.view_user",
        "accounts.add_department",
        "accounts.change_department",
        "accounts.view_department",
        "accounts.add_unit",
        "accounts.change_unit",
        "accounts.view_unit",
        "auth.add_group",
        "auth.change_group",
        "auth.view_group",
        "wagtailcore.add_workflow",
        "wagtailcore.change_workflow",
        "wagtailcore.add_task",
        "wagtailcore.change_task",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
    ],
}
