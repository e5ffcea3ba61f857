"""The optional dense encoder from a local model directory, as the engine supports."""

import pytest
from django.core.management import call_command

from guru.assistant.engine import engine_current, engine_forget
from guru.assistant.selectors import doris_answer
from tests.doris.test_encoders import build_model

pytestmark = pytest.mark.django_db


def test_configured_model_directory_gives_hybrid_retrieval(
    handbook, caseworker, settings, tmp_path
):
    settings.GURU_DORIS_ENCODER_DIR = str(build_model(tmp_path))

    engine = engine_current()
    assert engine.encoder is not None
    assert engine.index.vectors() is not None

    # the snapshot keeps the vectors for the next process
    call_command("rebuild_doris_index")
    engine_forget()
    assert engine_current().index.vectors() is not None
    result = doris_answer(question="Vad ska motiveringen ange?", user=caseworker)
    assert result.source.anchor == "krav-pa-motivering"


def test_a_snapshot_from_another_encoder_is_rebuilt_not_used(
    handbook, caseworker, settings, tmp_path, caplog
):
    # given a snapshot written while no encoder was configured
    call_command("rebuild_doris_index")
    engine_forget()

    # when a model is configured and the next process loads the index
    settings.GURU_DORIS_ENCODER_DIR = str(build_model(tmp_path))
    engine = engine_current()

    # then it rebuilds with vectors instead of answering lexically (or failing)
    assert engine.index.vectors() is not None
    assert "cannot be used" in caplog.text
    result = doris_answer(question="Vad ska motiveringen ange?", user=caseworker)
    assert result.source.anchor == "krav-pa-motivering"


def test_a_configured_calibration_replaces_the_shipped_one(
    handbook, caseworker, settings, tmp_path
):
    import json

    from doris.confidence import default_calibration

    question = "Vad ska motiveringen ange?"
    assert doris_answer(question=question, user=caseworker).status == "answered"

    # given a calibration file whose threshold no answer reaches
    strict = default_calibration().to_json() | {"threshold": 0.999}
    (tmp_path / "strict.json").write_text(json.dumps(strict))
    settings.GURU_DORIS_CALIBRATION = str(tmp_path / "strict.json")
    engine_forget()

    # then Doris says she is unsure, with pages to read
    assert doris_answer(question=question, user=caseworker).status == "unsure"


def test_misnamed_model_files_fail_the_system_check(settings, tmp_path):
    from django.core.checks import run_checks

    settings.GURU_DORIS_ENCODER_DIR = str(tmp_path)
    settings.GURU_DORIS_CALIBRATION = str(tmp_path / "none.json")
    ids = {error.id for error in run_checks()}
    assert {"guru.assistant.E001", "guru.assistant.E002"} <= ids

    build_model(tmp_path)
    settings.GURU_DORIS_CALIBRATION = ""
    assert not {e.id for e in run_checks()} & {"guru.assistant.E001"}
