"""The test settings' private directories: removed at exit, or by the next run."""

import os
import subprocess
import sys
from pathlib import Path

from guru.settings.test import own_tmpdir


def _finished_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_killed_process_s_directory_goes_and_a_running_one_s_stays(tmp_path):
    dead = tmp_path / f"guru-x-{_finished_pid()}-abc"
    dead.mkdir()
    (dead / "guru.sqlite3").write_bytes(b"left by a killed run")
    alive = tmp_path / f"guru-x-{os.getppid()}-def"
    alive.mkdir()
    unnamed = tmp_path / "guru-x-old_style"  # before the process id was in the name
    unnamed.mkdir()

    made = Path(own_tmpdir("guru-x-", str(tmp_path)))

    assert not dead.exists()
    assert alive.is_dir()
    assert unnamed.is_dir()
    assert made.is_dir()
    assert made.name.startswith(f"guru-x-{os.getpid()}-")


def test_a_test_process_removes_its_directories_when_it_exits(tmp_path):
    script = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'guru.settings.test';"
        "from django.conf import settings;"
        "print(settings.MEDIA_ROOT); print(settings.DATABASES['default']['TEST'].get('NAME', ''))"
    )
    env = {**os.environ, "DATABASE_URL": "sqlite:///" + str(tmp_path / "x.sqlite3")}
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    media, database = Path(out[0]), Path(out[1])
    assert media.name.startswith("guru-test-media-")
    assert database.parent.name.startswith("guru-test-db-")
    assert not media.exists()
    assert not database.parent.exists()
