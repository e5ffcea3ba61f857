"""Reads about users and roles."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from .roles import Role


def user_roles(*, user: AbstractBaseUser | AnonymousUser) -> list[Role]:
    """The Guru roles a user holds, in the order of ``Role``."""
    if not user.is_authenticated:
        return []
    names = set(user.groups.values_list("name", flat=True))
    return [role for role in Role if role.value in names]


def user_has_role(*, user: AbstractBaseUser | AnonymousUser, role: Role) -> bool:
    """Whether the user holds the role (through group membership)."""
    return user.is_authenticated and user.groups.filter(name=role.value).exists()
