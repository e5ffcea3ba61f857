"""Doris's load test: logged-in users ask questions in the panel (htmx POST).

Run against a server prepared with ``manage.py doris_load_setup``; see
docs/benchmarks.md for the exact commands and the figures.
"""

import itertools
import os
import random
import re

from locust import HttpUser, between, task

PASSWORD = os.environ.get("GURU_LOADTEST_PASSWORD", "lasttest-losenord")
QUESTIONS = [
    "Hur lång tid har sökanden på sig att komplettera?",
    "Vem fattar beslut om återkrav?",
    "Vad ska en beslutsmotivering innehålla?",
    "Hur diarieför jag en ansökan?",
    "När ska en remiss skickas?",
    "Hur gör jag en utbetalning?",
    "Vad gäller för jäv?",
    "Hur länge ska handlingar bevaras?",
    "Kan ett beslut överklagas?",
    "Vad är förvaltningslagen?",
    "Hur begär jag in komplettering?",
    "Vilka uppgifter ska finnas i en ansökan?",
]
_numbers = itertools.count(1)
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Caseworker(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        number = (next(_numbers) - 1) % 20 + 1
        page = self.client.get("/konto/logga-in/", name="login form")
        token = _CSRF.search(page.text).group(1)
        self.client.post(
            "/konto/logga-in/",
            {
                "csrfmiddlewaretoken": token,
                "username": f"lasttest{number:02d}",
                "password": PASSWORD,
            },
            headers={"Referer": f"{self.host}/konto/logga-in/"},
            name="login",
        )
        self.csrf = self.client.cookies.get("csrftoken")

    @task
    def ask(self) -> None:
        with self.client.post(
            "/doris/",
            {"fraga": random.choice(QUESTIONS)},  # noqa: S311 - not security
            headers={
                "HX-Request": "true",
                "X-CSRFToken": self.csrf,
                "Referer": f"{self.host}/doris/",
            },
            name="POST /doris/ (htmx)",
            catch_response=True,
        ) as response:
            if "doris-answer" not in response.text:
                response.failure("inget svar från Doris")
