"""Status words are written in sentence case wherever they are shown
("Levererat", "Försenat", "Ej påbörjat"), whatever the stored value."""

import datetime
import io

from django.urls import reverse
from pypdf import PdfReader

from guru.meetings import services
from guru.meetings.models import Deliverable


def _due_at(meeting, owner, *, delivered: bool, what: str):
    assignment = services.assignment_create(
        title=f"Uppdrag {what}",
        owner=owner,
        ordered_by="GD",
        deliverables=[{"description": what, "due_meeting": meeting}],
    )
    if delivered:
        services.deliverable_mark_done(
            deliverable=assignment.deliverables.get(), user=owner
        )
    return assignment


def test_the_meetings_follow_up_writes_every_status_in_sentence_case(
    client, gd, head, later_meeting
):
    # given one deliverable delivered and one not started, both due at the meeting
    _due_at(later_meeting, head, delivered=True, what="Underlag")
    _due_at(later_meeting, head, delivered=False, what="Plan")
    client.force_login(gd)

    # when the meeting's page and its agenda PDF are shown
    page = client.get(later_meeting.get_absolute_url()).text
    pdf = client.get(reverse("meetings:agenda_pdf", args=[later_meeting.pk]))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)

    # then
    assert "· Levererat" in page
    assert "· Ej påbörjat" in page
    assert "levererat" not in page
    assert "Levererat" in text
    assert "levererat" not in text


def test_an_assignments_page_and_the_list_badge_deliveries_in_sentence_case(
    client, gd, head, two_deliverables
):
    # given an assignment with one deliverable delivered and one overdue
    assignment = two_deliverables
    underlag = assignment.deliverables.get(description="Underlag")
    services.deliverable_mark_done(deliverable=underlag, user=head)
    Deliverable.objects.filter(pk=underlag.pk).update(
        done_at=datetime.datetime(2026, 4, 2, 10, tzinfo=datetime.UTC)
    )
    client.force_login(gd)

    # when
    detail = client.get(assignment.get_absolute_url()).text
    listed = client.get(reverse("meetings:assignments")).text

    # then
    assert "Levererat 2 april 2026" in detail
    assert ">Försenat<" in detail
    assert ">Levererat<" in listed
    assert ">Försenat<" in listed
    for page in (detail, listed):
        assert "levererat" not in page
        assert "försenat" not in page


def test_the_meeting_page_names_the_news_status_in_sentence_case(
    client, meeting, item, gd, secretary
):
    services.minutes_lock(meeting=meeting, user=gd)
    services.news_compose(meeting=meeting, user=secretary)
    client.force_login(gd)

    page = client.get(meeting.get_absolute_url()).text

    assert ">Utkast<" in page
    assert "(utkast)" not in page
