"""State changes for users, organisation and roles."""

import importlib
import logging
from collections.abc import Iterable

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .roles import Role

logger = logging.getLogger(__name__)


def _role_permission_sources() -> Iterable[object]:
    """Yield every installed Guru app's ``roles`` module, if it has one."""
    for app_config in apps.get_app_configs():
        if not app_config.name.startswith("guru."):
            continue
        try:
            yield importlib.import_module(f"{app_config.name}.roles")
        except ModuleNotFoundError as error:
            if error.name != f"{app_config.name}.roles":
                raise


def _permission(label: str) -> Permission:
    app_label, codename = label.split(".", 1)
    try:
        return Permission.objects.get(
            content_type__app_label=app_label, codename=codename
        )
    except Permission.DoesNotExist:
        raise LookupError(f"Unknown permission in a roles.py: {label}") from None


@transaction.atomic
def roles_sync() -> dict[Role, Group]:
    """Create the role groups and give them exactly the permissions the apps declare.

    Idempotent: permissions that are no longer declared are removed, so the code is
    the single source of truth for what a role may do.
    """
    for app_config in apps.get_app_configs():
        # Permissions are normally created per app after migrate; make sure all
        # exist before we assign them, whatever order the apps migrate in.
        create_permissions(app_config, verbosity=0)

    groups = {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}
    wanted: dict[Role, set[Permission]] = {role: set() for role in Role}
    sources = list(_role_permission_sources())
    for module in sources:
        for role, labels in getattr(module, "ROLE_PERMISSIONS", {}).items():
            wanted[role].update(_permission(label) for label in labels)
    for role, group in groups.items():
        group.permissions.set(wanted[role])
    for module in sources:
        sync_objects = getattr(module, "sync_object_permissions", None)
        if sync_objects is not None:
            sync_objects(groups)
    return groups


def roles_sync_after_migrate(**kwargs: object) -> None:
    """post_migrate receiver: keep the role groups in step with the code."""
    roles_sync()


@transaction.atomic
def organisation_sync(*, departments: list[dict]) -> None:
    """Create or update departments and their units from plain data (code, name, units)."""
    from .models import Department, Unit

    for department_data in departments:
        department, _created = Department.objects.update_or_create(
            code=department_data["code"], defaults={"name": department_data["name"]}
        )
        for unit_data in department_data.get("units", []):
            Unit.objects.update_or_create(
                code=unit_data["code"],
                defaults={"name": unit_data["name"], "department": department},
            )


@transaction.atomic
def user_sync(
    *,
    username: str,
    first_name: str,
    last_name: str,
    unit_code: str,
    title: str = "",
    roles: list[str] | tuple[str, ...] = (),
    email: str = "",
    password: str | None = None,
):
    """Create or update a user with unit, title and exactly the given roles."""
    from .models import Unit, User

    user, created = User.objects.update_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "title": title,
            "email": email,
            "unit": Unit.objects.get(code=unit_code),
        },
    )
    if password is not None and (created or not user.check_password(password)):
        user.set_password(password)
        user.save(update_fields=["password"])
    user.groups.set(Group.objects.filter(name__in=[Role(r).value for r in roles]))
    return user
