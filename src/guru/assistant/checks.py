"""System checks: Doris's optional model files are named right before first use."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register


@register()
def doris_model_files(app_configs, **kwargs) -> list[Error]:
    errors = []
    directory = settings.GURU_DORIS_ENCODER_DIR
    if directory:
        from doris.encoders import missing_model_files

        missing = missing_model_files(directory)
        if missing:
            errors.append(
                Error(
                    f"GURU_DORIS_ENCODER_DIR={directory} lacks {', '.join(missing)}.",
                    hint="Point it at an exported ONNX sentence encoder, or unset it.",
                    id="guru.assistant.E001",
                )
            )
    if settings.GURU_DORIS_CALIBRATION:
        from doris.confidence import load_calibration

        try:
            load_calibration(settings.GURU_DORIS_CALIBRATION)
        except ValueError as error:
            errors.append(
                Error(
                    f"GURU_DORIS_CALIBRATION: {error}.",
                    hint="Write it with python -m doris.bench --fit-calibration "
                    "--calibration FILE (see docs/operations.md).",
                    id="guru.assistant.E002",
                )
            )
    return errors
