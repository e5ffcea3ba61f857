"""No personnummer in what ledningsgruppen writes: agenda, minutes, decisions,
corrections, assignments and plans are masked as they are saved, and what was
stored before is masked by a data migration."""

import importlib

from django.apps import apps
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
