"""No personnummer in what ledningsgruppen writes: agenda, minutes, decisions,
corrections, assignments and plans are masked as they are saved, and what was
stored before is masked by a data migration."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from guru.meetings import services
from guru.meetings.models import (
    AgendaItem,
    Assignment,
    Decision,
    Deliverable,
    MinutesCorrection,
    Plan,
    PlanActivity,
    PlanVersion,
)
from tests.guru.masked_texts import too_long, typed_at

PERSONNUMMER = "19850101-2382"
MASK = "[personnummer]"
TEXT = f"Gäller sökanden {PERSONNUMMER}"


def _stored_texts() -> str:
    """Every text column the migration masks, and plan versions, as one string."""
    migration = importlib.import_module(
        "guru.meetings.migrations.0010_mask_personnummer_in_minutes"
    )
    texts = [
        str(value)
        for model_name, names in migration.COLUMNS.items()
        for row in apps.get_model("meetings", model_name).objects.values(*names)
        for value in row.values()
    ]
    texts += [str(v.sections) for v in PlanVersion.objects.all()]
    return "\n".join(texts)


def test_minutes_and_decisions_written_on_the_page_are_published_masked(
    client, meeting, item, secretary, gd
):
    # given the note-taker writes minutes and a decision naming a personnummer
    client.force_login(secretary)
    url = reverse("meetings:item_minutes", args=[item.pk])
    client.post(url, {"minutes": TEXT})
    client.post(url, {"decision": "1", "text": f"Beslut om {PERSONNUMMER}"})

    # then the meeting's page shows the mask where the number was
    client.force_login(gd)
    page = client.get(meeting.get_absolute_url()).text
    assert PERSONNUMMER not in page
    assert f"Gäller sökanden {MASK}" in page
    assert f"Beslut om {MASK}" in page


def test_every_meetings_service_masks_what_it_stores(
    meeting, later_meeting, item, gd, head
):
    # agenda item, minutes and decision
    other = services.agenda_item_create(
        meeting=meeting, title=TEXT, kind="information", description=TEXT
    )
    services.agenda_item_update(item=other, title=f"Ny {TEXT}", description=TEXT)
    services.minutes_record(item=item, minutes=TEXT)
    decision = services.decision_record(item=item, text=TEXT)
    # corrections of locked minutes, their reasons too
    services.minutes_lock(meeting=meeting, user=gd)
    services.minutes_correct(item=item, minutes=f"{TEXT}.", reason=TEXT, user=gd)
    services.decision_correct(decision=decision, text=f"{TEXT}.", reason=TEXT, user=gd)
    # an assignment and its deliverables, created and changed
    assignment = services.assignment_create(
        title=TEXT,
        description=TEXT,
        owner=head,
        ordered_by=TEXT,
        deliverables=[{"description": TEXT, "due_meeting": later_meeting}],
    )
    services.assignment_update(
        assignment=assignment,
        title=f"Ny {TEXT}",
        deliverables=[{"description": f"Ny {TEXT}", "due_meeting": later_meeting}],
        user=gd,
    )
    # a plan, its activities and the version it records
    plan = Plan(kind="handlingsplan", title=TEXT, owner=gd, ordered_by="GD", goal=TEXT)
    services.plan_save(
        plan=plan,
        activities=[{"what": TEXT, "responsible": head, "when": "maj"}],
        user=gd,
    )

    stored = _stored_texts()
    assert PERSONNUMMER not in stored
    # one mask per text above: 2 on the new item, the minutes, the decision,
    # 6 in the two corrections, 4 in the assignment, 5 in the plan and its version
    assert stored.count(MASK) == 19


def test_the_migration_masks_what_was_stored_before(meeting, later_meeting, item, gd):
    # given rows written as typed, before the services masked them
    decision = services.decision_record(item=item, text="Beslut")
    assignment = services.assignment_create(
        title="Uppdrag",
        owner=gd,
        ordered_by="GD",
        deliverables=[{"description": "Rapport", "due_meeting": later_meeting}],
    )
    plan = Plan(kind="handlingsplan", title="Plan", owner=gd, ordered_by="GD")
    services.plan_save(
        plan=plan, activities=[{"what": "A", "responsible": gd, "when": "maj"}], user=gd
    )
    services.minutes_lock(meeting=meeting, user=gd)
    correction = services.minutes_correct(
        item=item, minutes="Rättad", reason="Fel", user=gd
    )
    AgendaItem.objects.filter(pk=item.pk).update(
        title=TEXT, description=TEXT, minutes=TEXT
    )
    Decision.objects.filter(pk=decision.pk).update(text=TEXT)
    MinutesCorrection.objects.filter(pk=correction.pk).update(
        before=TEXT, after=TEXT, reason=TEXT
    )
    Assignment.objects.filter(pk=assignment.pk).update(
        title=TEXT, description=TEXT, ordered_by=TEXT
    )
    Deliverable.objects.filter(assignment=assignment).update(description=TEXT)
    Plan.objects.filter(pk=plan.pk).update(title=TEXT, purpose=TEXT)
    PlanActivity.objects.filter(plan=plan).update(what=TEXT, when=TEXT)
    PlanVersion.objects.filter(plan=plan).update(
        sections=[{"anchor": "syfte", "heading": "Syfte", "html": f"<p>{TEXT}</p>"}]
    )
    assert _stored_texts().count(PERSONNUMMER) == 16

    # when the data migration runs
    importlib.import_module(
        "guru.meetings.migrations.0010_mask_personnummer_in_minutes"
    ).mask_stored_personnummer(apps, None)

    # then nothing holds the number, and the locked minutes read with the mask
    assert PERSONNUMMER not in _stored_texts()
    item.refresh_from_db()
    assert item.minutes == f"Gäller sökanden {MASK}"
    assert item.title == f"Gäller sökanden {MASK}"


def test_an_assignment_title_that_masking_makes_too_long_is_refused_not_cut(
    head, later_meeting
):
    # given a title at the column's 250 characters, holding a personnummer
    title = typed_at(250, TEXT)

    # when the assignment is created
    with pytest.raises(ValidationError) as refused:
        services.assignment_create(
            title=title,
            owner=head,
            ordered_by="GD",
            deliverables=[{"description": "Rapport", "due_meeting": later_meeting}],
        )

    # then it is refused on the title, and nothing is saved
    assert refused.value.message_dict == {"title": [too_long(250)]}
    assert not Assignment.objects.exists()


def test_a_deliverable_that_masking_makes_too_long_is_refused_not_cut(
    head, later_meeting
):
    # given a deliverable at the column's 250 characters, holding a personnummer
    deliverable = {"description": typed_at(250, TEXT), "due_meeting": later_meeting}

    # when the assignment is created with it
    with pytest.raises(ValidationError) as refused:
        services.assignment_create(
            title="Rapport", owner=head, ordered_by="GD", deliverables=[deliverable]
        )

    # then it is refused on the deliverables, and nothing is saved
    assert refused.value.message_dict == {"deliverables": [too_long(250)]}
    assert not Deliverable.objects.exists()


def test_a_title_that_still_fits_after_masking_is_saved_masked(head, later_meeting):
    # given a title one character short of the column's 250, with a personnummer
    title = typed_at(249, TEXT)

    # when the assignment is created
    assignment = services.assignment_create(
        title=title,
        owner=head,
        ordered_by="GD",
        deliverables=[{"description": "Rapport", "due_meeting": later_meeting}],
    )

    # then it is stored whole, masked, at the column's full length
    stored = Assignment.objects.get(pk=assignment.pk).title
    assert stored == title.replace(PERSONNUMMER, MASK)
    assert len(stored) == 250


def test_an_agenda_item_title_that_masking_makes_too_long_is_refused_not_cut(meeting):
    # given an item title at the column's 200 characters, holding a personnummer
    title = typed_at(200, TEXT)

    # when the item is added to the agenda
    with pytest.raises(ValidationError) as refused:
        services.agenda_item_create(meeting=meeting, title=title, kind="information")

    # then it is refused on the title, and the agenda is unchanged
    assert refused.value.message_dict == {"title": [too_long(200)]}
    assert not meeting.items.exists()


def test_a_plan_activity_that_masking_makes_too_long_is_refused_not_cut(gd, head):
    # given a plan whose activity is at the column's 250 characters
    plan = Plan(kind="handlingsplan", title="Plan", owner=gd, ordered_by="GD")
    activity = {"what": typed_at(250, TEXT), "responsible": head, "when": "maj"}

    # when the plan is saved
    with pytest.raises(ValidationError) as refused:
        services.plan_save(plan=plan, activities=[activity], user=gd)

    # then it is refused on the activities
    assert refused.value.message_dict == {"activities": [too_long(250)]}


def test_the_assignment_form_shows_the_refusal_beside_the_title_and_keeps_it(
    client, gd, head
):
    # given the group writes an assignment whose title masking makes too long
    client.force_login(gd)
    title = typed_at(250, TEXT)

    # when it is sent
    response = client.post(
        reverse("meetings:assignment_create"),
        {
            "title": title,
            "owner": head.pk,
            "ordered_by": "GD",
            "leverans-TOTAL_FORMS": "1",
            "leverans-INITIAL_FORMS": "0",
            "leverans-0-description": "Rapport",
            "leverans-0-due_date": "2099-05-15",
        },
    )

    # then the form comes back with the message on the title and the text kept
    assert response.status_code == 422
    assert response.context["form"].errors == {"title": [too_long(250)]}
    assert title in response.content.decode()
    assert not Assignment.objects.exists()
