"""Settings for the test suite: fast hashing, in-memory e-mail, temporary media."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def own_tmpdir(prefix: str, base: str | None = None) -> str:
    """A private directory for this test process, removed when it exits.

    Its name carries the process id, so that the directories of test processes
    that were killed (their exit handlers never ran) are found and removed by the
    next one; a directory whose process still runs is left alone.
    """
    base = base or tempfile.gettempdir()
    for old in Path(base).glob(f"{prefix}*-*"):
        pid = old.name.removeprefix(prefix).split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    path = tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=base)
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = own_tmpdir("guru-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A test database in a file, not in memory. With an in-memory database the
    # live server's request threads and the test thread all share one sqlite3
    # connection, and the browser's parallel requests use it at the same time;
    # sqlite3 connections are not made for that. With a file every thread opens
    # its own connection, as under runserver. pytest-django adds the xdist
    # worker's name to the file name; the directory is this process's own, in
    # memory (/dev/shm) where the machine has it.
    _shm = Path("/dev/shm")  # noqa: S108 (mkdtemp makes a private directory in it)
    _db_dir = own_tmpdir("guru-test-db-", str(_shm) if _shm.is_dir() else None)
    DATABASES["default"]["TEST"] = {"NAME": str(Path(_db_dir) / "guru.sqlite3")}  # noqa: F405
    DATABASES["default"]["OPTIONS"] = {  # noqa: F405
        # Nothing here has to survive a crash; WAL lets a reader and a writer
        # in different threads go on side by side.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF",
        # Take the write lock when a transaction begins, so two threads never
        # deadlock upgrading their read locks.
        "transaction_mode": "IMMEDIATE",
    }
