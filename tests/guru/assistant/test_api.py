"""Doris's JSON API: token or session, Swedish errors, and a schemathesis run."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from guru.assistant.api import api
from guru.assistant.models import Question
from guru.assistant.services import api_token_create

pytestmark = pytest.mark.django_db

ASK = "/api/doris/ask"
QUESTION = "Hur lång tid har sökanden på sig för komplettering?"


@pytest.fixture
def token(caseworker):
    return api_token_create(user=caseworker, name="test")


def _bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_ask_with_a_token_answers_with_the_source(client, handbook, token):
    response = client.post(
        ASK, {"question": QUESTION}, content_type="application/json", **_bearer(token)
    )
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "answered"
    assert "14 dagar" in data["answer"]
    assert data["source"]["url"].endswith("/ansokan/komplettering/#tidsfrist")
    assert Question.objects.get().pk == data["question_id"]


def test_without_credentials_the_api_says_so_in_swedish(client, handbook):
    response = client.post(ASK, {"question": QUESTION}, content_type="application/json")
    assert response.status_code == 401
    assert "Logga in eller ange en giltig API-nyckel" in response.json()["detail"]


def test_a_wrong_token_is_refused(client, handbook, token):
    response = client.get("/api/search", {"q": "frist"}, **_bearer(token + "x"))
    assert response.status_code == 401


def test_session_authentication_needs_the_csrf_token(handbook, caseworker):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(caseworker)
    response = client.post(ASK, {"question": QUESTION}, content_type="application/json")
    assert response.status_code in (401, 403)
    page = client.get("/doris/")
    csrf = page.cookies["csrftoken"].value
    response = client.post(
        ASK,
        {"question": QUESTION},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf,
    )
    assert response.status_code == 200


def test_feedback_on_own_question_only(client, handbook, token, editor):
    client.post(
        ASK, {"question": QUESTION}, content_type="application/json", **_bearer(token)
    )
    question = Question.objects.get()
    response = client.post(
        "/api/doris/feedback",
        {"question_id": question.pk, "helpful": False, "comment": "Fel frist"},
        content_type="application/json",
        **_bearer(token),
    )
    assert response.json() == {"question_id": question.pk, "helpful": False}
    other = api_token_create(user=editor, name="x")
    response = client.post(
        "/api/doris/feedback",
        {"question_id": question.pk, "helpful": True},
        content_type="application/json",
        **_bearer(other),
    )
    assert response.status_code == 404
    assert response.json()["detail"] == "Frågan finns inte bland dina frågor."


def test_bad_input_gets_swedish_errors(client, handbook, token):
    empty = client.post(
        ASK, {"question": "  "}, content_type="application/json", **_bearer(token)
    )
    assert empty.status_code == 400
    assert empty.json()["detail"] == "Skriv en fråga till Doris."
    broken = client.post(
        ASK, "{not json", content_type="application/json", **_bearer(token)
    )
    assert broken.status_code in (400, 422)
    assert "detail" in broken.json()
    missing = client.get("/api/search", **_bearer(token))
    assert missing.status_code == 422
    assert missing.json()["detail"].startswith("Förfrågan är inte giltig")


def test_rate_limit_is_429_in_swedish(client, handbook, token, settings):
    settings.GURU_DORIS_QUESTIONS_PER_MINUTE = 1
    for expected in (200, 429):
        response = client.post(
            ASK,
            {"question": QUESTION},
            content_type="application/json",
            **_bearer(token),
        )
        assert response.status_code == expected, response.json()
    assert "Vänta en minut" in response.json()["detail"]


def test_search_rate_limit_is_429_in_swedish(client, handbook, token, settings):
    settings.GURU_SEARCHES_PER_MINUTE = 1
    for expected in (200, 429):
        response = client.get("/api/search", {"q": "motivering"}, **_bearer(token))
        assert response.status_code == expected, response.json()
    assert "Vänta en minut" in response.json()["detail"]


def test_search_returns_sections_with_snippets(client, handbook, token):
    data = client.get(
        "/api/search", {"q": "motivering föreskrifter"}, **_bearer(token)
    ).json()
    assert data["hits"][0]["heading"] == "Krav på motivering"
    assert "<mark>" in data["hits"][0]["snippet"]


def test_the_schema_is_behind_the_log_in(client, handbook, caseworker):
    assert client.get("/api/openapi.json").status_code == 302
    client.force_login(caseworker)
    schema = client.get("/api/openapi.json").json()
    assert {"/api/doris/ask", "/api/doris/feedback", "/api/search"} <= set(
        schema["paths"]
    )


def _token_only(raw: dict) -> dict:
    """The schema as a token client sees it: schemathesis would otherwise invent
    session cookies, which (being invalid) are refused by the CSRF check."""
    raw["components"]["securitySchemes"].pop("SessionAuth", None)
    for operations in raw["paths"].values():
        for operation in operations.values():
            operation["security"] = [
                s for s in operation.get("security", []) if "SessionAuth" not in s
            ]
    return raw


schema = schemathesis.openapi.from_dict(
    _token_only(api.get_openapi_schema(path_prefix="/api/"))
)


@pytest.fixture
def api_token(db, handbook, caseworker, settings):
    settings.GURU_DORIS_QUESTIONS_PER_MINUTE = 10_000
    settings.GURU_SEARCHES_PER_MINUTE = 10_000
    # As Django's test client does: a request must not close the test's
    # database connection (PostgreSQL would lose the test transaction).
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield api_token_create(user=caseworker, name="schemathesis")
    for signal in signals:
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_has_no_server_error_for_any_input(case, api_token):
    # Every call carries a valid key on purpose (authentication is tested
    # above), so the checks that probe missing or invalid credentials are off.
    case.call_and_validate(
        app=get_wsgi_application(),
        headers={"Authorization": f"Bearer {api_token}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            response_schema_conformance,
        ],
    )


def test_token_command_prints_a_key_that_works(client, handbook, caseworker):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("create_doris_api_token", "handlaggare", stdout=out)
    key = out.getvalue().strip()
    assert client.get("/api/search", {"q": "frist"}, **_bearer(key)).status_code == 200
