from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors import user_roles


def profile(request: HttpRequest) -> HttpResponse:
    """The user's own page: unit, department and roles."""
    return render(
        request,
        "accounts/profile.html",
        {"roles": user_roles(user=request.user)},
    )
