"""Project-wide views: health check, the icon and the CSRF failure page."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static


@login_not_required
def health(request: HttpRequest) -> JsonResponse:
    """For the load balancer: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "error"}, status=503)
    return JsonResponse({"status": "ok"})


@login_not_required
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links: the SVG icon."""
    return redirect(static("guru/favicon.svg"), permanent=True)


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A Swedish explanation when a form's security token is missing or stale."""
    return render(request, "403_csrf.html", status=403)
