"""A real interruption: import_folder killed with SIGKILL, then run again.

Runs manage.py in subprocesses on a SQLite file of their own (the test database is
not visible to another process).
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
FILES = 60


def _env(var_dir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="guru.settings.dev",
        GURU_VAR_DIR=str(var_dir),
        PYTHONUNBUFFERED="1",
    )
    return env


def _manage(env, *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(REPO / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return result.stdout


def _counts(env) -> tuple[int, int]:
    out = _manage(
        env,
        "shell",
        "-c",
        "from guru.documents.models import Document, DocumentVersion;"
        "print(Document.objects.count(), DocumentVersion.objects.count(),"
        " Document.objects.values('folder', 'title').distinct().count())",
    )
    documents, versions, distinct = (int(n) for n in out.split()[-3:])
    assert documents == distinct  # never the same file twice
    return documents, versions


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_import_killed_mid_run_then_rerun_completes_without_duplicates(tmp_path):
    # given a migrated Guru with a target folder, and a drive of 60 files
    env = _env(tmp_path / "var")
    _manage(env, "migrate", "--noinput", "-v", "0")
    _manage(
        env,
        "shell",
        "-c",
        "from guru.documents.services import folder_create;"
        "folder_create(name='Ledningsgruppen')",
    )
    drive = tmp_path / "drive"
    for number in range(FILES):
        folder = drive / f"Mapp {number % 4}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"Anteckning {number:02d}.txt").write_text(
            f"Anteckning nummer {number}. " * 2000, encoding="utf-8"
        )

    # when the import is killed after a few files
    process = subprocess.Popen(  # noqa: S603 - our own manage.py
        [
            sys.executable,
            str(REPO / "manage.py"),
            "import_folder",
            str(drive),
            "--into",
            "Ledningsgruppen",
            "-v",
            "2",
        ],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    done = 0
    for line in process.stdout:
        if line.startswith("  Mapp"):
            done += 1
        if done == 3:
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=60)
    process.stdout.close()
    assert process.returncode == -signal.SIGKILL

    # then what was finished is there, whole (one version per document)
    documents, versions = _counts(env)
    assert 3 <= documents < FILES
    assert versions == documents

    # and running it again completes, without a duplicate
    out = _manage(env, "import_folder", str(drive), "--into", "Ledningsgruppen")
    assert f"oförändrade: {documents}" in out
    assert f"Nya dokument: {FILES - documents}" in out
    assert _counts(env) == (FILES, FILES)
