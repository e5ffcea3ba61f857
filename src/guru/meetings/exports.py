"""Printable agenda and minutes (PDF with WeasyPrint) and the iCalendar feed."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from icalendar import Calendar, Event

from guru.pdf import pdf_render
from guru.privacy import mask_personnummer

from . import selectors
from .models import FeedKey, Meeting

CALENDAR_SALT = "guru.meetings.calendar"


def meeting_pdf(*, meeting: Meeting, part: str, user) -> bytes:
    """The agenda (``part="dagordning"``) or the minutes (``"protokoll"``) as PDF.

    Attachments are listed by name, only those ``user`` may open.
    """
    return pdf_render(
        "meetings/pdf/meeting.html",
        {
            "meeting": meeting,
            "part": part,
            "items": selectors.with_visible_attachments(
                selectors.with_planned_starts(
                    meeting, selectors.meeting_items(meeting)
                ),
                user=user,
            ),
            "follow_ups": selectors.follow_up_deliverables(meeting),
            "participants": meeting.participants.select_related("unit"),
            "absentees": meeting.absentees.select_related("unit"),
            "corrections": meeting.corrections.select_related("made_by", "item"),
        },
        base_url=settings.WAGTAILADMIN_BASE_URL,
    )


def _generation(user_id: int) -> int:
    key = FeedKey.objects.filter(user_id=user_id).only("generation").first()
    return key.generation if key else 0


def calendar_token(user) -> str:
    """The signed token of the user's personal addresses (calendar and news feed)."""
    return signing.dumps([user.pk, _generation(user.pk)], salt=CALENDAR_SALT)


def calendar_user(token: str):
    """The active user whose current token this is, or None.

    A token of an earlier generation (before "Skapa ny länk") is refused. Tokens
    made before generations existed hold just the user id: generation 0.
    """
    try:
        value = signing.loads(token, salt=CALENDAR_SALT)
    except signing.BadSignature:
        return None
    if isinstance(value, int):
        value = [value, 0]
    if not (
        isinstance(value, list)
        and len(value) == 2
        and all(type(part) is int for part in value)
    ):
        return None
    user_id, generation = value
    if generation != _generation(user_id):
        return None
    return get_user_model().objects.filter(pk=user_id, is_active=True).first()


def meetings_ical(*, user, base_url: str) -> bytes:
    """An iCalendar file with the meetings the user takes part in.

    The file leaves Guru (a calendar program fetches it by token, a cloud calendar
    keeps it): every text from the agenda is masked for personnummer. The meeting's
    own link is left as typed, since masking digits would break a join address.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//Guru//Ledningsgruppen//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Ledningsgruppen")
    for meeting in selectors.meetings_attended(user=user):
        event = Event()
        event.add("uid", f"lg-meeting-{meeting.pk}@guru")
        event.add("summary", f"Ledningsgruppen {meeting.label[3:]}")
        event.add("dtstart", meeting.starts_at)
        event.add(
            "dtend", meeting.ends_at or meeting.starts_at + datetime.timedelta(hours=2)
        )
        event.add("dtstamp", meeting.created_at)
        if meeting.place:
            event.add("location", mask_personnummer(meeting.place))
        url = f"{base_url}{meeting.get_absolute_url()}"
        event.add("url", meeting.link or url)
        titles = [mask_personnummer(item.title) for item in meeting.items.all()]
        event.add("description", "\n".join([url, "", *titles]))
        calendar.add_component(event)
    return calendar.to_ical()
