"""PDF downloads and the calendar feed (session or personal token address)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import exports, permissions, services
from ..models import Meeting
from .common import require


def meeting_pdf(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.active(), pk=pk)
    require(permissions.can_view_meeting(request.user, meeting))
    response = HttpResponse(
        exports.meeting_pdf(meeting=meeting, part=part, user=request.user),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = (
        f'inline; filename="{part}-{meeting.day:%Y-%m-%d}.pdf"'
    )
    return response


def _ical_response(request: HttpRequest, user) -> HttpResponse:
    body = exports.meetings_ical(
        user=user, base_url=request.build_absolute_uri("/")[:-1]
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ledningsgruppen.ics"'
    return response


def calendar(request: HttpRequest) -> HttpResponse:
    """The signed-in user's meetings as .ics."""
    return _ical_response(request, request.user)


@login_not_required
def calendar_by_token(request: HttpRequest, token: str) -> HttpResponse:
    """The same feed for calendar programs, which cannot log in."""
    user = exports.calendar_user(token)
    if user is None:
        raise Http404
    return _ical_response(request, user)


def calendar_info(request: HttpRequest) -> HttpResponse:
    """How to subscribe: the personal calendar and news feed addresses."""
    token = exports.calendar_token(request.user)
    return render(
        request,
        "meetings/calendar.html",
        {
            "feed_url": request.build_absolute_uri(
                reverse("meetings:calendar_token", args=[token])
            ),
            "news_feed_url": request.build_absolute_uri(
                reverse("meetings:news_feed_token", args=[token])
            ),
        },
    )


@require_POST
def calendar_renew(request: HttpRequest) -> HttpResponse:
    """ "Skapa ny länk": new personal addresses; the old ones answer 404 from now."""
    services.feed_address_renew(user=request.user)
    messages.success(
        request,
        _(
            "Nya adresser är skapade. De gamla fungerar inte längre: byt adress i "
            "din kalender och din nyhetsläsare."
        ),
    )
    return redirect("meetings:calendar_info")
