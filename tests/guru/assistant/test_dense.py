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
