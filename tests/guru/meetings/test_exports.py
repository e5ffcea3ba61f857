"""The agenda and minutes as PDF, and the calendar feed of a user's meetings."""

import io

import pytest
from django.urls import reverse
from icalendar import Calendar
from pypdf import PdfReader

from guru.meetings import exports, services
from guru.meetings.models import Meeting


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def minuted(meeting, gd, item, head):
    services.minutes_record(item=item, minutes="Gruppen gick igenom tertialen.")
    services.decision_record(item=item, text="Fyra fokusområden fastställs.")
    services.agenda_item_create(
        meeting=meeting,
        title="Utvärdering av rådgivningen",
        kind="information",
        description="Rapporten presenteras.",
    )
    services.minutes_lock(meeting=meeting, user=gd)
    return meeting


def test_the_agenda_pdf_lists_items_with_presenters_and_no_minutes(client, minuted, gd):
    client.force_login(gd)
    response = client.get(reverse("meetings:agenda_pdf", args=[minuted.pk]))

    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Dagordning" in text
    assert "1. Tertialuppföljning" in text
    assert "2. Utvärdering av rådgivningen" in text
    assert "Anders Wik" in text
    assert "Fyra fokusområden" not in text


def test_the_minutes_pdf_has_minutes_numbered_decisions_and_justering(
    client, minuted, gd
):
    client.force_login(gd)
    response = client.get(reverse("meetings:minutes_pdf", args=[minuted.pk]))

    text = _pdf_text(response.content)
    assert "Protokoll" in text
    assert "Gruppen gick igenom tertialen." in text
    assert "LG 2026-03-27 § 1" in text
    assert "Justerat av Greta Dahl" in text


def test_staff_cannot_download_the_minutes(client, minuted, staff):
    client.force_login(staff)
    response = client.get(reverse("meetings:minutes_pdf", args=[minuted.pk]))
    assert response.status_code == 403


def test_the_calendar_holds_the_meetings_the_user_takes_part_in(
    client, meeting, later_meeting, secretary, staff
):
    # given the note-taker of both meetings, and a member of staff in none
    client.force_login(secretary)

    # when
    response = client.get(reverse("meetings:calendar"))

    # then
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert response["Content-Type"].startswith("text/calendar")
    assert [str(e["summary"]) for e in events] == [
        "Ledningsgruppen 2026-03-27",
        "Ledningsgruppen 2026-04-10",
    ]
    assert str(events[0]["location"]) == "Stora konferensrummet"
    assert events[0].decoded("dtstart") == meeting.starts_at
    client.force_login(staff)
    empty = Calendar.from_ical(client.get(reverse("meetings:calendar")).content)
    assert list(empty.walk("VEVENT")) == []


def test_the_token_address_works_without_log_in_and_a_forged_one_does_not(
    client, meeting, head
):
    token = exports.calendar_token(head)
    url = reverse("meetings:calendar_token", args=[token])
    response = client.get(url)
    assert response.status_code == 200
    assert b"Ledningsgruppen 2026-03-27" in response.content
    forged = reverse("meetings:calendar_token", args=[token[:-2] + "xx"])
    assert client.get(forged).status_code == 404


def test_the_token_feed_writes_no_personnummer(client, meeting, head):
    # given an item title and a place that name someone by personnummer
    services.agenda_item_create(
        meeting=meeting, title="Ärende 19811218-9876 om bidrag", kind="beslut"
    )
    Meeting.objects.filter(pk=meeting.pk).update(place="Hos 811218-9876")

    # when a calendar program fetches the personal address (no log-in)
    token = exports.calendar_token(head)
    response = client.get(reverse("meetings:calendar_token", args=[token]))

    # then the number is masked everywhere in the file
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert "9876" not in response.content.decode()
    assert "Ärende [personnummer] om bidrag" in str(event["description"])
    assert str(event["location"]) == "Hos [personnummer]"


def test_the_minutes_pdf_keeps_the_line_breaks_of_a_decision(client, minuted, gd):
    decision = minuted.decisions.get()
    decision.text = "Fyra fokusområden fastställs.\nUppföljning sker i maj."
    decision.save(update_fields=["text"])
    client.force_login(gd)

    text = _pdf_text(
        client.get(reverse("meetings:minutes_pdf", args=[minuted.pk])).content
    )

    assert "fastställs.\nUppföljning sker i maj." in text
