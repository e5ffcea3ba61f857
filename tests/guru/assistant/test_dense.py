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
