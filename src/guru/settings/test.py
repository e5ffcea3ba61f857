"""Settings for the test suite: fast hashing, in-memory e-mail, temporary media."""

import atexit
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="guru-test-media-")
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
    _db_dir = tempfile.mkdtemp(
        prefix="guru-test-db-", dir=_shm if _shm.is_dir() else None
    )
    atexit.register(shutil.rmtree, _db_dir, ignore_errors=True)
    DATABASES["default"]["TEST"] = {"NAME": str(Path(_db_dir) / "guru.sqlite3")}  # noqa: F405
    DATABASES["default"]["OPTIONS"] = {  # noqa: F405
        # Nothing here has to survive a crash; WAL lets a reader and a writer
        # in different threads go on side by side.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF",
        # Take the write lock when a transaction begins, so two threads never
        # deadlock upgrading their read locks.
        "transaction_mode": "IMMEDIATE",
    }
