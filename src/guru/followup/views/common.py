"""What several of the follow-up's views share: who may manage."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from .. import permissions


def manager_only(request: HttpRequest) -> None:
    if not permissions.can_manage(request.user):
        raise PermissionDenied
