"""Assignments with deliverables, their follow-up on agendas, overdue and lists."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from guru.meetings import selectors, services
from guru.meetings.forms import DeliverableForm
from guru.meetings.models import Assignment, AssignmentStatus, Decision, Meeting
from guru.meetings.models.removal import Removable
from guru.meetings.selectors import AssignmentFilter


def _assign(owner, **deliverable):
    return services.assignment_create(
        title="Kommunikation om ERUF",
        owner=owner,
        ordered_by="GD",
        deliverables=[{"description": "Diskussionsunderlag", **deliverable}],
    )


def test_an_assignment_due_at_a_meeting_appears_on_that_meetings_agenda(
    meeting, later_meeting, head, item
):
    # given an assignment from an item, due "till mötet den 10 april"
    decision = services.decision_record(item=item, text="Chefen tar fram underlag.")
    services.assignment_create(
        title="Kommunikation om ERUF",
        owner=head,
        ordered_by="GD",
        decision=decision,
        deliverables=[
            {"description": "Diskussionsunderlag", "due_meeting": later_meeting},
            {"description": "Skiss på plan", "due_date": datetime.date(2026, 5, 20)},
        ],
    )

    # when
    on_later = selectors.follow_up_deliverables(later_meeting)
    on_first = selectors.follow_up_deliverables(meeting)

    # then
    assert [d.description for d in on_later] == ["Diskussionsunderlag"]
    assert on_later[0].due_text == "till mötet den 2026-04-10"
    assert on_later[0].assignment.source_text == "LG 2026-03-27 § 1"
    assert on_first == []


def test_a_dated_deliverable_comes_up_at_the_first_meeting_on_or_after_its_date(
    meeting, later_meeting, head
):
    _assign(head, due_date=datetime.date(2026, 4, 2))

    assert selectors.follow_up_deliverables(meeting) == []
    assert len(selectors.follow_up_deliverables(later_meeting)) == 1


def test_a_deliverable_needs_exactly_one_of_date_and_meeting(head, later_meeting):
    with pytest.raises(ValidationError, match="antingen"):
        _assign(head)
    with pytest.raises(ValidationError, match="antingen"):
        _assign(head, due_date=datetime.date(2026, 4, 1), due_meeting=later_meeting)
    with pytest.raises(ValidationError, match="minst en leverans"):
        services.assignment_create(
            title="x", owner=head, ordered_by="GD", deliverables=[]
        )
    assert not Assignment.objects.exists()


def test_other_apps_can_create_assignments_with_their_own_origin(head):
    # given something outside the module (here: a group stands in for a tertial)
    origin = Group.objects.create(name="T1 2026")

    # when
    assignment = services.assignment_create(
        title="Åtgärd efter tertialen",
        owner=head,
        ordered_by="LG",
        origin=origin,
        origin_label="Tertialuppföljning T1 2026",
        deliverables=[{"description": "Plan", "due_date": datetime.date(2026, 6, 1)}],
    )

    # then
    assignment.refresh_from_db()
    assert assignment.origin == origin
    assert assignment.source_text == "Tertialuppföljning T1 2026"


def test_overdue_lists_open_deliverables_whose_day_has_passed(head, later_meeting):
    late = _assign(head, due_date=datetime.date(2026, 4, 1))
    done = _assign(head, due_date=datetime.date(2026, 4, 1))
    services.assignment_set_status(
        assignment=done, status=AssignmentStatus.DONE, user=head
    )
    _assign(head, due_date=datetime.date(2026, 6, 1))
    at_meeting = _assign(head, due_meeting=later_meeting)

    overdue = selectors.overdue_deliverables(today=datetime.date(2026, 4, 15))

    assert {d.assignment_id for d in overdue} == {late.pk, at_meeting.pk}


def test_the_list_filters_by_owner_department_and_status(gd, head):
    mine = _assign(head, due_date=datetime.date(2026, 4, 1))
    theirs = _assign(gd, due_date=datetime.date(2026, 9, 1))
    services.assignment_set_status(
        assignment=theirs, status=AssignmentStatus.IN_PROGRESS, user=gd
    )
    today = datetime.date(2026, 5, 1)

    def ids(**filters):
        return set(
            selectors.assignments_list(
                filters=AssignmentFilter(**filters), today=today
            ).values_list("pk", flat=True)
        )

    assert ids(owner_id=head.pk) == {mine.pk}
    assert ids(department_id=gd.unit.department_id) == {theirs.pk}
    assert ids(status=AssignmentStatus.IN_PROGRESS) == {theirs.pk}
    assert ids(status=selectors.OVERDUE) == {mine.pk}
    assert ids() == {mine.pk, theirs.pk}


def test_the_last_delivered_deliverable_completes_the_assignment(
    head, two_deliverables
):
    assignment = two_deliverables
    first, second = assignment.deliverables.all()

    services.deliverable_mark_done(deliverable=first, user=head)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.IN_PROGRESS

    services.deliverable_mark_done(deliverable=second, user=head)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.DONE


def test_deleting_an_assignment_is_soft_and_says_who(head, gd):
    assignment = _assign(head, due_date=datetime.date(2026, 4, 1))
    services.assignment_delete(assignment=assignment, user=gd)
    assert Assignment.objects.get(pk=assignment.pk).deleted_by == gd
    assert not selectors.assignments_list(filters=AssignmentFilter()).exists()


def test_deleting_an_assignment_is_asked_before_it_is_done(client, head, gd):
    # given an assignment, and the group's member on its page
    assignment = _assign(head, due_date=datetime.date(2026, 4, 1))
    client.force_login(gd)
    url = reverse("meetings:assignment_delete", args=[assignment.pk])
    detail = client.get(assignment.get_absolute_url()).content.decode()
    assert f'href="{url}"' in detail

    # when they follow "Ta bort uppdraget"
    asked = client.get(url)

    # then a page asks first, naming the assignment, and nothing is deleted yet
    assert asked.status_code == 200
    assert "Kommunikation om ERUF" in asked.content.decode()
    assert "Ja, ta bort uppdraget" in asked.content.decode()
    assert Assignment.objects.get(pk=assignment.pk).deleted_at is None
    # and the confirmation deletes it
    assert client.post(url).status_code == 302
    assert Assignment.objects.get(pk=assignment.pk).deleted_by == gd


def test_assignments_are_removed_as_meetings_and_decisions_are():
    # one soft-removal base: the same fields, named the same in forms and admin
    for model in (Meeting, Decision, Assignment):
        assert issubclass(model, Removable), model
        assert model._meta.get_field("deleted_at").verbose_name == "borttaget"
    assert hasattr(Assignment.objects, "open")


def test_a_meeting_with_work_due_cannot_be_deleted_and_others_are_soft_deleted(
    meeting, later_meeting, head, gd
):
    _assign(head, due_meeting=later_meeting)

    with pytest.raises(ValidationError, match="Flytta dem"):
        services.meeting_delete(meeting=later_meeting, user=gd)
    services.meeting_delete(meeting=meeting, user=gd)

    meeting.refresh_from_db()
    assert (meeting.deleted_by, later_meeting.deleted_at) == (gd, None)
    assert list(selectors.meetings_for_user(user=gd)) == [later_meeting]


def test_updating_deliverables_changes_rows_in_place_and_removes_the_rest(
    two_deliverables,
):
    # given an assignment with two open deliverables
    assignment = two_deliverables
    sketch, plan = assignment.deliverables.all()

    # when a caller without row ids moves the sketch, drops the plan, adds a report
    services.assignment_update(
        assignment=assignment,
        deliverables=[
            {"description": "Underlag", "due_date": datetime.date(2026, 4, 8)},
            {"description": "Rapport", "due_date": datetime.date(2026, 6, 1)},
        ],
        user=assignment.owner,
    )

    # then the sketch is the same row with its new date, the plan is gone
    rows = {d.description: d for d in assignment.deliverables.all()}
    assert set(rows) == {"Underlag", "Rapport"}
    assert rows["Underlag"].pk == sketch.pk
    assert rows["Underlag"].due_date == datetime.date(2026, 4, 8)
    assert not assignment.deliverables.filter(pk=plan.pk).exists()


@pytest.mark.parametrize(
    "query", ["beslut=abc", "punkt=9x", "punkt=-1", "beslut=²", "punkt=" + "9" * 30]
)
def test_a_malformed_origin_in_the_address_is_not_found(client, gd, query):
    client.force_login(gd)
    response = client.get(f"{reverse('meetings:assignment_create')}?{query}")
    assert response.status_code == 404


def test_an_assignment_from_a_decision_names_it_in_the_form(client, gd, item):
    decision = services.decision_record(item=item, text="Fyra fokus fastställs.")
    client.force_login(gd)
    url = f"{reverse('meetings:assignment_create')}?beslut={decision.pk}"
    assert "Från beslut LG 2026-03-27 § 1" in client.get(url).text


@pytest.mark.parametrize(
    ("due", "messages"),
    [
        ({}, {"due_date": ["Ange ett datum eller ett möte."]}),
        (
            {"due_date": "2026-05-15", "due_meeting": "later"},
            {"due_date": ["Ange antingen ett datum eller ett möte, inte båda."]},
        ),
        ({"due_date": "15 maj"}, {"due_date": ["Skriv datumet som ÅÅÅÅ-MM-DD."]}),
        (
            {"due_date": "15 maj", "due_meeting": "later"},
            {"due_date": ["Skriv datumet som ÅÅÅÅ-MM-DD."]},
        ),
    ],
)
def test_a_deliverable_says_exactly_what_is_wrong_with_its_due(
    coming_meeting, due, messages
):
    # given a described deliverable with the due as typed
    if due.get("due_meeting") == "later":
        due = {**due, "due_meeting": coming_meeting.pk}

    # when
    form = DeliverableForm(data={"description": "Skiss", **due})

    # then one message, the one that fits
    assert not form.is_valid()
    assert form.errors == messages


def test_a_deliverable_is_offered_only_meetings_from_today_on(
    gd, head, later_meeting, coming_meeting
):
    # given a meeting held in April, one later today and one in two weeks
    today = services.meeting_create(
        starts_at=timezone.localtime().replace(hour=23, minute=0),
        participants=[gd, head],
        created_by=gd,
    )

    # when a new deliverable's form is shown
    offered = DeliverableForm().fields["due_meeting"].queryset

    # then today's and the coming meeting are offered, soonest first
    assert list(offered) == [today, coming_meeting]


def test_a_new_deliverable_cannot_be_due_at_a_meeting_held_already(later_meeting):
    # given a new deliverable sent with a meeting held in April
    data = {"description": "Skiss", "due_meeting": later_meeting.pk}

    # when
    form = DeliverableForm(data=data)

    # then the meeting is not a choice, and that is the one message
    assert not form.is_valid()
    assert form.errors == {
        "due_meeting": ["Välj ett av mötena i listan: i dag eller senare."]
    }


def test_editing_a_deliverable_due_at_a_meeting_held_keeps_that_meeting(
    client, gd, head, later_meeting, coming_meeting
):
    # given an assignment due at a meeting held in April
    assignment = _assign(head, due_meeting=later_meeting)
    client.force_login(gd)
    url = reverse("meetings:assignment_edit", args=[assignment.pk])
    row = client.get(url).context["formset"].forms[0]
    assert later_meeting in row.fields["due_meeting"].queryset

    # when the group saves the form with the row as shown, its text changed
    response = client.post(
        url,
        {
            "title": assignment.title,
            "owner": head.pk,
            "ordered_by": assignment.ordered_by,
            "leverans-TOTAL_FORMS": "3",
            "leverans-INITIAL_FORMS": "1",
            "leverans-0-id": row.initial["id"],
            "leverans-0-description": "Skiss, reviderad",
            "leverans-0-due_meeting": later_meeting.pk,
        },
    )

    # then it is saved, still due at that meeting
    assert response.status_code == 302
    deliverable = assignment.deliverables.get()
    assert (deliverable.description, deliverable.due_meeting) == (
        "Skiss, reviderad",
        later_meeting,
    )
