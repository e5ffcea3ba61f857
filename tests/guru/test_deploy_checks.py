"""The production settings pass Django's deployment checks, and http is redirected
to https except for the load balancer's health check."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _production(tmp_path, **extra) -> dict:
    # The suite's own switches (the browser tests allow sync database calls from
    # async code) are not production's.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "guru.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
        "DJANGO_ALLOWED_HOSTS": "guru.intra.example.se",
    }
    env.update(extra)
    return env


def _run(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checks(tmp_path):
    result = _run(_production(tmp_path), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("secure", "redirect", "hsts"), [("1", True, 31536000), ("0", False, 0)]
)
def test_https_is_enforced_unless_cookies_are_plain(tmp_path, secure, redirect, hsts):
    script = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_REDIRECT_EXEMPT)"
    )
    result = _run(
        _production(tmp_path, GURU_SECURE_COOKIES=secure), "shell", "-c", script
    )

    assert result.returncode == 0, result.stderr
    printed = result.stdout.strip().splitlines()[-1]  # after shell's own banner
    assert printed.split()[:2] == [str(redirect), str(hsts)]
    assert "halsa" in printed


@pytest.mark.parametrize(
    ("extra", "backend", "real"),
    [
        ({}, "mailer.backend.DbBackend", "django.core.mail.backends.smtp.EmailBackend"),
        (
            {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend"},
            "mailer.backend.DbBackend",
            "django.core.mail.backends.filebased.EmailBackend",
        ),
        (
            {"GURU_EMAIL_QUEUE": "0"},
            "django.core.mail.backends.smtp.EmailBackend",
            "django.core.mail.backends.smtp.EmailBackend",
        ),
    ],
)
def test_production_queues_e_mail_unless_told_to_send_it_directly(
    tmp_path, extra, backend, real
):
    # EMAIL_BACKEND in the environment names the backend that really sends
    script = "from django.conf import settings as s;print(s.EMAIL_BACKEND, s.MAILER_EMAIL_BACKEND)"
    env = _production(tmp_path, **extra)
    for name in {"EMAIL_BACKEND", "GURU_EMAIL_QUEUE"} - extra.keys():
        env.pop(name, None)
    result = _run(env, "shell", "-c", script)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [backend, real]
