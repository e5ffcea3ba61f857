"""PDF downloads and the calendar feed (session or personal token address)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .. import exports, permissions
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
    user_id = exports.calendar_user_id(token)
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise Http404
    return _ical_response(request, user)


def calendar_info(request: HttpRequest) -> HttpResponse:
    """How to subscribe: the personal address."""
    token = exports.calendar_token(request.user)
    return render(
        request,
        "meetings/calendar.html",
        {
            "feed_url": request.build_absolute_uri(
                f"/ledning/kalender/{token}/ledningsgruppen.ics"
            )
        },
    )
