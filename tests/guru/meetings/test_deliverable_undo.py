"""A delivery can be taken back: "Ångra leverans", and reopening an assignment
set to Klart reopens what Klart alone had marked delivered."""

from django.urls import reverse
from django.utils import timezone

from guru.meetings import services
from guru.meetings.models import Assignment, AssignmentStatus, Deliverable


def _done(assignment: Assignment) -> dict[str, bool]:
    return {d.description: d.done_at is not None for d in assignment.deliverables.all()}


def test_reopening_an_assignment_set_to_klart_reopens_what_klart_delivered(
    head, two_deliverables
):
    # given one deliverable marked delivered, and the assignment then set to Klart
    assignment = two_deliverables
    underlag = assignment.deliverables.get(description="Underlag")
    services.deliverable_mark_done(deliverable=underlag, user=head)
    services.assignment_set_status(
        assignment=assignment, status=AssignmentStatus.DONE, user=head
    )
    assert _done(assignment) == {"Underlag": True, "Plan": True}

    # when the assignment is reopened
    services.assignment_set_status(
        assignment=assignment, status=AssignmentStatus.IN_PROGRESS, user=head
    )

    # then the deliverable marked by itself stays delivered, the other is open again
    assert _done(assignment) == {"Underlag": True, "Plan": False}


def test_deliverables_klart_delivered_before_it_was_recorded_stay_delivered(
    head, two_deliverables
):
    # given an assignment set to Klart before Guru recorded why a deliverable
    # was delivered (nothing tells these rows apart)
    assignment = two_deliverables
    Assignment.objects.filter(pk=assignment.pk).update(status=AssignmentStatus.DONE)
    Deliverable.objects.update(done_at=timezone.now())

    # when it is reopened
    services.assignment_set_status(
        assignment=assignment, status=AssignmentStatus.NOT_STARTED, user=head
    )

    # then nothing is guessed: both stay delivered (each can be undone by itself)
    assert _done(assignment) == {"Underlag": True, "Plan": True}


def test_undoing_a_delivery_opens_the_deliverable_again(client, head, two_deliverables):
    # given one of two deliverables delivered
    assignment = two_deliverables
    underlag = assignment.deliverables.get(description="Underlag")
    services.deliverable_mark_done(deliverable=underlag, user=head)
    client.force_login(head)
    page = client.get(assignment.get_absolute_url()).text
    undo = reverse("meetings:deliverable_undo", args=[underlag.pk])
    assert f'action="{undo}"' in page
    assert "Ångra leverans" in page

    # when the owner clicks "Ångra leverans"
    response = client.post(undo)

    # then it is open again, and the assignment still in progress
    assert response.status_code == 302
    assert _done(assignment) == {"Underlag": False, "Plan": False}
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.IN_PROGRESS
    shown = client.get(response["Location"]).text
    assert "Leveransen är inte längre markerad som levererad." in shown


def test_undoing_a_delivery_of_a_finished_assignment_reopens_it(
    client, head, gd, two_deliverables
):
    # given an assignment finished by delivering both its deliverables
    assignment = two_deliverables
    for deliverable in assignment.deliverables.all():
        services.deliverable_mark_done(deliverable=deliverable, user=head)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.DONE
    finished_at = assignment.status_changed_at
    plan = assignment.deliverables.get(description="Plan")
    client.force_login(gd)
    assert "Ångra leverans" in client.get(assignment.get_absolute_url()).text

    # when a member of the group undoes one delivery
    response = client.post(reverse("meetings:deliverable_undo", args=[plan.pk]))

    # then the assignment is Pågår again, changed now, and the other stays delivered
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.IN_PROGRESS
    assert assignment.status_changed_at > finished_at
    assert _done(assignment) == {"Underlag": True, "Plan": False}
    assert "Uppdraget har status Pågår igen." in client.get(response["Location"]).text


def test_only_who_may_mark_a_delivery_may_undo_it(
    client, head, staff, two_deliverables
):
    # given a delivered deliverable
    assignment = two_deliverables
    underlag = assignment.deliverables.get(description="Underlag")
    services.deliverable_mark_done(deliverable=underlag, user=head)
    undo = reverse("meetings:deliverable_undo", args=[underlag.pk])

    # when someone who may not report on the assignment tries, or a GET is sent
    client.force_login(staff)
    refused = client.post(undo)
    client.force_login(head)
    fetched = client.get(undo)

    # then nothing is undone
    assert (refused.status_code, fetched.status_code) == (403, 405)
    assert _done(assignment)["Underlag"] is True


def test_a_delivery_of_a_removed_assignment_is_not_found(
    client, head, gd, two_deliverables
):
    assignment = two_deliverables
    underlag = assignment.deliverables.get(description="Underlag")
    services.deliverable_mark_done(deliverable=underlag, user=head)
    services.assignment_delete(assignment=assignment, user=gd)
    client.force_login(gd)

    response = client.post(reverse("meetings:deliverable_undo", args=[underlag.pk]))

    assert response.status_code == 404
    assert _done(assignment)["Underlag"] is True
