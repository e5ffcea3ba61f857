"""What several of the follow-up's views share: who may manage, and confirm-then-act."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from guru.forms import REFUSED

from .. import permissions


def manager_only(request: HttpRequest) -> None:
    if not permissions.can_manage(request.user):
        raise PermissionDenied


def confirmed(
    request: HttpRequest, *, act, done: str, back: str, template: str, context: dict
) -> HttpResponse:
    """A confirmation page: GET asks, POST does ``act`` and goes ``back``.

    A refusal (``ValidationError``) is shown on the page, with status 422.
    """
    error = ""
    if request.method == "POST":
        try:
            act()
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, done)
            return redirect(back)
    return render(
        request,
        template,
        {**context, "back": back, "error": error},
        status=REFUSED if error else 200,
    )
