"""Doris's JSON API (when present) keeps guidance documents to their readers."""

import pytest

pytest.importorskip("guru.assistant.api", reason="the JSON API is on another branch")

from guru.assistant.services import api_token_create
from tests.guru.assistant.test_documents import (  # noqa: F401
    QUESTION,
    guidance,
    lg_folder,
    people,
)

pytestmark = pytest.mark.django_db

ASK = "/api/doris/ask"
SEARCH = "/api/doris/search"


def _post(client, user, payload):
    token = api_token_create(user=user, name="test")
    return client.post(
        ASK,
        payload,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    ).json()


def test_the_api_answers_a_member_from_the_document_and_never_a_non_member(
    client,
    people,  # noqa: F811 - a fixture from test_documents
    guidance,  # noqa: F811 - a fixture from test_documents
):
    data = _post(client, people["lg"], {"question": QUESTION})
    assert data["status"] == "answered"
    assert "närmaste chef" in data["answer"]
    assert data["source"]["url"] == guidance.get_absolute_url()

    data = _post(client, people["staff"], {"question": QUESTION})
    assert "närmaste chef" not in data["answer"]
    urls = [s["url"] for s in data["suggestions"]]
    if data["source"]:
        urls.append(data["source"]["url"])
    assert guidance.get_absolute_url() not in urls
