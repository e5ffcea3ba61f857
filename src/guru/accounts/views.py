from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator

from .selectors import user_roles


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """Django's log-in, which sends someone already logged in on to ``next``.

    Wagtail's admin sends a logged-in user without admin access here with
    ``next`` back to the admin; sending them on would go round for ever, so they
    get Guru's "Du saknar behörighet" instead.
    """

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self._admin_refuses(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def _admin_refuses(self, user) -> bool:
        target = self.get_redirect_url()
        return target.startswith(reverse("wagtailadmin_home")) and not user.has_perm(
            "wagtailadmin.access_admin"
        )


def profile(request: HttpRequest) -> HttpResponse:
    """The user's own page: unit, department and roles."""
    return render(
        request,
        "accounts/profile.html",
        {"roles": user_roles(user=request.user)},
    )
