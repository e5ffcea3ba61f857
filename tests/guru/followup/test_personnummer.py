"""No free text that the follow-up takes in is stored with a personnummer in it."""

import datetime
import importlib
import json
from decimal import Decimal

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from guru.accounts.models import Department
from guru.followup import consultation, imports, services
from guru.followup.models import (
    Action,
    Annotation,
    ConsultationRound,
    ImportBatch,
    Perspective,
    Proposal,
    ProposalStatus,
    Value,
    ValueChange,
)
from tests.guru.followup import builders
from tests.guru.followup.conftest import SUBSTANTIVE
from tests.guru.masked_texts import too_long, typed_at

# Valid, and the form the QA report found in an e-mail; the mask must catch it
# with and without the dash and the century.
PERSONNUMMER = "19850101-2382"
DIGITS = ("850101-2382", "8501012382")
TEXT = f"Uppgift om {PERSONNUMMER} i ärendet"


@pytest.fixture
def world(organisation):
    """An open follow-up, a key figure and a proposal in an open round."""
    controller = organisation["controller"]
    figure = builders.key_figure(
        code="V1",
        aggregation="sum",
        scale=Decimal(1),
        individual_based=False,
        privacy_class="open",
    )
    follow_up = services.follow_up_open(year=2026, tertial=2, user=controller)
    round_ = consultation.round_open(
        title="Remissrunda 2027",
        closes_on=datetime.date.today() + datetime.timedelta(days=14),  # noqa: DTZ011
        user=controller,
    )
    proposal = consultation.proposal_submit(
        round_=round_,
        proposer=organisation["handlaggare"],
        data={**SUBSTANTIVE, "perspective": Perspective.objects.get(key="processer")},
    )
    return {
        **organisation,
        "figure": figure,
        "follow_up": follow_up,
        "round": round_,
        "proposal": proposal,
        "perspective": Perspective.objects.get(key="ekonomi"),
    }


def _value(w, **text):
    services.value_set(
        key_figure=w["figure"],
        period=w["follow_up"].period,
        unit=w["controller"].unit,
        value=Decimal(3),
        user=w["controller"],
        **text,
    )


def _import(w, *, source="", note="", filename="t2.csv"):
    unit = w["controller"].unit.code
    content = (
        ";".join(imports.COLUMNS) + f"\nV1;2026 T2;{unit};T;4;;;;{source};{note}\n"
    )
    preview = imports.values_import_preview(
        filename=filename, content=content.encode(), user=w["controller"]
    )
    assert preview.errors == []
    imports.values_import_commit(batch=preview.batch, user=w["controller"])


def _action(w, title="Förenkla blanketten"):
    return services.action_create(
        follow_up=w["follow_up"],
        perspective=w["perspective"],
        title=title,
        owner=w["avdelningschef"],
        due_on=datetime.date(2099, 3, 1),
        user=w["gd"],
    )


ENTRY_POINTS = {
    "value note": lambda w: _value(w, note=TEXT),
    "value source": lambda w: _value(w, source=TEXT),
    "changed value note": lambda w: (_value(w), _value(w, note=TEXT)),
    "import comment": lambda w: _import(w, note=TEXT),
    "import source": lambda w: _import(w, source=TEXT),
    "import file name": lambda w: _import(w, filename=f"{PERSONNUMMER}.csv"),
    "annotation": lambda w: services.annotation_add(
        key_figure=w["figure"],
        period=w["follow_up"].period,
        department=None,
        text=TEXT,
        user=w["controller"],
    ),
    "analysis": lambda w: services.analysis_save(
        follow_up=w["follow_up"],
        department=Department.objects.get(code="FÖR"),
        perspective=w["perspective"],
        text=TEXT,
        done=False,
        user=w["avdelningschef"],
    ),
    "conclusion": lambda w: services.conclusion_save(
        follow_up=w["follow_up"], perspective=w["perspective"], text=TEXT, user=w["gd"]
    ),
    "action title": lambda w: _action(w, title=TEXT),
    "action status note": lambda w: services.action_status_set(
        action=_action(w), status="in_progress", note=TEXT, user=w["gd"]
    ),
    "round title": lambda w: consultation.round_open(
        title=TEXT, closes_on=datetime.date(2099, 1, 1), user=w["controller"]
    ),
    "round description": lambda w: consultation.round_open(
        title="Runda",
        description=TEXT,
        closes_on=datetime.date(2099, 1, 1),
        user=w["controller"],
    ),
    "proposal": lambda w: consultation.proposal_submit(
        round_=w["round"],
        proposer=w["handlaggare"],
        data={
            **SUBSTANTIVE,
            "perspective": w["perspective"],
            "name": TEXT,
            "motivation": SUBSTANTIVE["motivation"] + " " + TEXT,
        },
    ),
    "proposal comment": lambda w: consultation.proposal_comment(
        proposal=w["proposal"], author=w["gd"], text=TEXT
    ),
    "decision reason": lambda w: consultation.proposal_decide(
        proposal=w["proposal"],
        status=ProposalStatus.REJECTED,
        motivation=TEXT,
        user=w["controller"],
    ),
}


def _stored_texts(prefix: str = "guru.") -> list[str]:
    """Every text and JSON column of every Guru model (or the models of the
    modules that start with ``prefix``), as stored now."""
    texts = []
    for model in apps.get_models():
        if not model.__module__.startswith(prefix):
            continue
        columns = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        for row in model.objects.values_list(*columns):
            texts += [json.dumps(item, ensure_ascii=False, default=str) for item in row]
    return texts


@pytest.mark.parametrize("entry_point", ENTRY_POINTS.values(), ids=ENTRY_POINTS)
def test_no_entry_point_stores_or_mails_a_personnummer(
    world, entry_point, django_capture_on_commit_callbacks
):
    # given someone who pastes a personnummer into a free-text field
    # when the text goes in through the module's service
    with django_capture_on_commit_callbacks(execute=True):
        entry_point(world)
    # then it is stored masked, in the record and in its history, and not mailed
    stored = _stored_texts() + [m.body + m.subject for m in mail.outbox]
    assert any("[personnummer]" in text for text in stored)
    assert _with_personnummer(stored) == []


def _with_personnummer(texts: list[str]) -> list[str]:
    return [text for text in texts if any(d in text for d in DIGITS)]


def test_the_migration_masks_what_was_stored_before_the_services_masked_it(world):
    # given free text stored unmasked before this change
    w = world
    unit, controller = w["controller"].unit, w["controller"]
    Annotation.objects.create(
        key_figure=w["figure"],
        period=w["follow_up"].period,
        text=TEXT,
        author=controller,
    )
    # (bulk_create: no signal, so no assignment in meetings, which is not ours)
    Action.objects.bulk_create(
        [
            Action(
                follow_up=w["follow_up"],
                perspective=w["perspective"],
                title=TEXT,
                status_note=TEXT,
                owner=controller,
                due_on=datetime.date(2099, 3, 1),
            )
        ]
    )
    value = Value.objects.create(
        key_figure=w["figure"],
        period=w["follow_up"].period,
        department=unit.department,
        unit=unit,
        value=Decimal(3),
        note=TEXT,
        source=TEXT,
        entered_by=controller,
    )
    ValueChange.objects.create(
        value=value,
        changed_by=controller,
        action="create",
        before={"value": "2", "note": TEXT, "source": ""},
        after={"value": "3", "note": TEXT, "source": TEXT},
    )
    ImportBatch.objects.create(
        filename=f"{PERSONNUMMER}.csv",
        uploaded_by=controller,
        rows=[{"line": 2, "value": "3", "note": TEXT, "source": TEXT}],
    )
    ConsultationRound.objects.filter(pk=w["round"].pk).update(
        title=TEXT, description=TEXT
    )
    Proposal.objects.filter(pk=w["proposal"].pk).update(decision_motivation=TEXT)
    assert len(_with_personnummer(_stored_texts("guru.followup."))) == 12
    # when the data migration runs
    migration = importlib.import_module(
        "guru.followup.migrations.0003_mask_stored_personnummer"
    )
    migration.mask_stored_personnummer(apps, None)
    # then nothing of the follow-up's keeps the number, and the rest is intact
    assert _with_personnummer(_stored_texts("guru.followup.")) == []
    assert Value.objects.get(pk=value.pk).note == "Uppgift om [personnummer] i ärendet"
    assert ValueChange.objects.get(value=value).after["value"] == "3"


def test_a_value_note_that_masking_makes_too_long_is_refused_not_cut(world):
    # given a comment at the column's 500 characters, holding a personnummer
    note = typed_at(500, TEXT)

    # when the value is entered with it
    with pytest.raises(ValidationError) as refused:
        _value(world, note=note)

    # then it is refused on the comment, and no value is stored
    assert refused.value.message_dict == {"note": [too_long(500)]}
    assert not Value.objects.exists()


def test_an_action_title_that_masking_makes_too_long_is_refused_not_cut(world):
    # given an action title at the column's 300 characters, holding a personnummer
    title = typed_at(300, TEXT)

    # when the management group records it
    with pytest.raises(ValidationError) as refused:
        _action(world, title=title)

    # then it is refused on the title, and no action is stored
    assert refused.value.message_dict == {"title": [too_long(300)]}
    assert not Action.objects.exists()


def test_an_action_title_that_still_fits_after_masking_is_saved_masked(world):
    # given an action title one character short of the column's 300
    title = typed_at(299, TEXT)

    # when the management group records it
    action = _action(world, title=title)

    # then it is stored whole, masked, at the column's full length
    stored = Action.objects.get(pk=action.pk).title
    assert stored == title.replace(PERSONNUMMER, "[personnummer]")
    assert len(stored) == 300


def test_a_proposal_name_that_masking_makes_too_long_is_refused_not_cut(world):
    # given a proposed key figure's name at the column's 200 characters
    data = {
        **SUBSTANTIVE,
        "perspective": world["perspective"],
        "name": typed_at(200, TEXT),
    }

    # when it is proposed
    with pytest.raises(ValidationError) as refused:
        consultation.proposal_submit(
            round_=world["round"], proposer=world["handlaggare"], data=data
        )

    # then it is refused on the name, and only the world's own proposal is stored
    assert refused.value.message_dict == {"name": [too_long(200)]}
    assert list(Proposal.objects.all()) == [world["proposal"]]


def test_an_imported_comment_that_masking_makes_too_long_is_a_row_error(world):
    # given a file whose row has a comment at the column's 500 characters
    unit = world["controller"].unit.code
    row = f"V1;2026 T2;{unit};T;4;;;;;{typed_at(500, TEXT)}"
    content = ";".join(imports.COLUMNS) + "\n" + row + "\n"

    # when it is previewed
    preview = imports.values_import_preview(
        filename="t2.csv", content=content.encode(), user=world["controller"]
    )

    # then the row is refused, saying why, and nothing is staged
    assert preview.batch is None
    assert [(e.line, e.messages) for e in preview.errors] == [
        (2, [f"Kommentaren: {too_long(500)}"])
    ]


def test_the_action_status_form_shows_the_refusal_beside_the_comment(client, world):
    # given an action and a läge comment at the column's 300 characters
    action = _action(world)
    client.force_login(world["gd"])

    # when its läge is set with that comment
    response = client.post(
        reverse("followup:action_status", args=[action.pk]),
        {"status": "in_progress", "note": typed_at(300, TEXT)},
    )

    # then the page comes back with the message on the comment, nothing changed
    assert response.status_code == 422
    form = response.context["failed_status"]["form"]
    assert form.errors == {"note": [too_long(300)]}
    assert Action.objects.get(pk=action.pk).status_note == ""


def test_the_round_form_shows_the_refusal_beside_the_title(client, world):
    # given a controller opening a round whose title masking makes too long
    client.force_login(world["controller"])
    title = typed_at(200, TEXT)

    # when the form is sent
    response = client.post(
        reverse("followup:rounds"),
        {"title": title, "closes_on": datetime.date(2099, 1, 1).isoformat()},
    )

    # then it comes back with the message on the title and the title kept
    assert response.status_code == 422
    assert response.context["form"].errors == {"title": [too_long(200)]}
    assert title in response.text
    assert not ConsultationRound.objects.filter(title__startswith=TEXT).exists()


def test_the_value_form_shows_the_refusal_beside_the_source(client, world):
    # given a controller entering a value whose source masking makes too long
    client.force_login(world["controller"])

    # when the form is sent
    response = client.post(
        reverse("followup:value_create"),
        {
            "key_figure": world["figure"].pk,
            "period": "2026 T2",
            "unit": world["controller"].unit.pk,
            "gender": "T",
            "value": "3",
            "status": "preliminar",
            "source": typed_at(200, TEXT),
        },
    )

    # then it comes back with the message on the source, and nothing is stored
    assert response.status_code == 422
    assert response.context["form"].errors == {"source": [too_long(200)]}
    assert not Value.objects.exists()
