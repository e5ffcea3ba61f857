"""Several server processes keep Doris fresh: each notices the newer index version.

Two `manage.py runserver --noreload` processes serve one file SQLite database; a
third process publishes and unpublishes a page. Both servers must answer from
the new state without a restart.
"""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.guru.assistant.multiprocess_setup import PASSWORD

REPO = Path(__file__).resolve().parents[3]
QUESTION = "Hur överklagar man beslutet?"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _manage(env, *args: str) -> None:
    subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )


def _shell(env, function: str) -> None:
    code = (
        f"from tests.guru.assistant.multiprocess_setup import {function}; {function}()"
    )
    _manage(env, "shell", "-c", code)


def _wait_until_up(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(process.stderr.read().decode())
        try:
            requests.get(f"{url}/halsa/", timeout=2)
            return
        except requests.ConnectionError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not start")


def _logged_in(url: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{url}/konto/logga-in/", timeout=10).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    session.post(
        f"{url}/konto/logga-in/",
        data={
            "csrfmiddlewaretoken": token,
            "username": "handlaggare",
            "password": PASSWORD,
        },
        headers={"Referer": f"{url}/konto/logga-in/"},
        timeout=10,
    ).raise_for_status()
    return session


def _ask(url: str, session: requests.Session) -> str:
    page = session.get(f"{url}/doris/", timeout=10).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = session.post(
        f"{url}/doris/",
        data={"csrfmiddlewaretoken": token, "fraga": QUESTION},
        headers={"Referer": f"{url}/doris/"},
        timeout=30,
    )
    response.raise_for_status()
    # Only the answer, not the list of earlier questions on the same page.
    return re.search(
        r"<article class=\"doris-answer.*?</article>", response.text, re.S
    )[0]


@pytest.fixture
def two_servers(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "guru.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'guru.sqlite3'}",
        "GURU_VAR_DIR": str(tmp_path),
        "GURU_DORIS_QUESTIONS_PER_MINUTE": "100",
    }
    _manage(env, "migrate", "--noinput")
    _shell(env, "setup")
    servers = []
    try:
        for _ in range(2):
            port = _free_port()
            process = subprocess.Popen(  # noqa: S603 - our own manage.py
                [
                    sys.executable,
                    "manage.py",
                    "runserver",
                    "--noreload",
                    f"127.0.0.1:{port}",
                ],
                cwd=REPO,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            servers.append((f"http://127.0.0.1:{port}", process))
        for url, process in servers:
            _wait_until_up(url, process)
        yield env, [url for url, _ in servers]
    finally:
        for _, process in servers:
            process.terminate()
            process.wait(timeout=20)


def test_every_server_process_answers_from_the_newest_index(two_servers):
    env, urls = two_servers
    sessions = [_logged_in(url) for url in urls]

    # given two processes that have both loaded Doris's index (nothing on appeals)
    for url, session in zip(urls, sessions, strict=True):
        assert "#overklagande" not in _ask(url, session)

    # when a third process publishes a section on appeals
    _shell(env, "publish_appeal_section")

    # then both processes answer from it, citing the new section's anchor
    for url, session in zip(urls, sessions, strict=True):
        html = _ask(url, session)
        assert "Källa:" in html
        assert 'href="/beslut/beslutsmotivering/#overklagande"' in html

    # when the page is unpublished, neither process cites it any more
    _shell(env, "unpublish_decision_page")
    for url, session in zip(urls, sessions, strict=True):
        assert "#overklagande" not in _ask(url, session)
