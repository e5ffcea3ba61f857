"""A delivery records who marked it delivered: one by one, or by setting the
whole assignment to Klart; taking it back, or reopening the assignment, clears it."""

from django.template.defaultfilters import date
from django.urls import reverse
from django.utils import timezone, translation

from guru.meetings import services
from guru.meetings.models import AssignmentStatus, Deliverable


def _done_by(assignment) -> dict[str, str | None]:
    return {
        d.description: d.done_by and d.done_by.username
        for d in assignment.deliverables.select_related("done_by")
    }


def test_marking_one_deliverable_delivered_records_who_did(head, gd, two_deliverables):
    underlag = two_deliverables.deliverables.get(description="Underlag")

    services.deliverable_mark_done(deliverable=underlag, user=gd)

    assert _done_by(two_deliverables) == {"Underlag": "gd", "Plan": None}


def test_klart_records_who_set_it_on_what_it_delivered(head, gd, two_deliverables):
    # given one deliverable marked delivered by the owner
    underlag = two_deliverables.deliverables.get(description="Underlag")
    services.deliverable_mark_done(deliverable=underlag, user=head)

    # when a member of the group sets the whole assignment to Klart
    services.assignment_set_status(
        assignment=two_deliverables, status=AssignmentStatus.DONE, user=gd
    )

    # then the open one is delivered by who set Klart; the other keeps its own
    assert _done_by(two_deliverables) == {"Underlag": "chef", "Plan": "gd"}


def test_reopening_clears_who_delivered_what_klart_delivered(
    head, gd, two_deliverables
):
    underlag = two_deliverables.deliverables.get(description="Underlag")
    services.deliverable_mark_done(deliverable=underlag, user=head)
    services.assignment_set_status(
        assignment=two_deliverables, status=AssignmentStatus.DONE, user=gd
    )

    services.assignment_set_status(
        assignment=two_deliverables, status=AssignmentStatus.IN_PROGRESS, user=gd
    )

    assert _done_by(two_deliverables) == {"Underlag": "chef", "Plan": None}


def test_undoing_a_delivery_clears_who_delivered_it(head, gd, two_deliverables):
    for deliverable in two_deliverables.deliverables.all():
        services.deliverable_mark_done(deliverable=deliverable, user=head)
    plan = two_deliverables.deliverables.get(description="Plan")

    services.deliverable_undo_done(deliverable=plan, user=gd)

    assert _done_by(two_deliverables) == {"Underlag": "chef", "Plan": None}


def test_the_assignment_page_says_who_delivered(client, head, gd, two_deliverables):
    # given one deliverable marked delivered through the page, and one delivered
    # before Guru recorded who delivered
    underlag = two_deliverables.deliverables.get(description="Underlag")
    client.force_login(gd)
    client.post(reverse("meetings:deliverable_done", args=[underlag.pk]))
    Deliverable.objects.filter(description="Plan").update(done_at=timezone.now())

    page = client.get(two_deliverables.get_absolute_url()).text

    # then the first names who, the other shows just the day
    with translation.override("sv"):
        day = date(timezone.localdate(), "j F Y")
    assert f"Levererat {day} av Greta Dahl</span>" in page
    assert f"Levererat {day}</span>" in page
