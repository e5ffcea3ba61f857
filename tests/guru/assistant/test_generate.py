"""Generated answers through an OpenAI-compatible endpoint (a fake one on 127.0.0.1)."""

import pytest

from guru.assistant.selectors import doris_answer

pytestmark = pytest.mark.django_db

QUESTION = "Hur lång tid har sökanden på sig för komplettering?"


def test_off_by_default_no_request_is_made(handbook, caseworker):
    result = doris_answer(question=QUESTION, user=caseworker)
    assert result.status == "answered"
    assert result.generated is False


def test_generated_answer_with_valid_citation_is_given(handbook, caseworker, chat):
    chat.reply = "Sökanden har fjorton dagar på sig att komplettera [1]."

    result = doris_answer(question=QUESTION, user=caseworker)

    assert result.generated is True
    assert result.text == "Sökanden har fjorton dagar på sig att komplettera."
    assert result.source.anchor == "tidsfrist"
    request = chat.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["auth"] == "Bearer hemlig"
    assert request["body"]["model"] == "liten-modell"
    prompt = request["body"]["messages"][1]["content"]
    # the prompt holds only retrieved sections, numbered, and the question
    assert "[1] Komplettering av ansökan › Tidsfrist för komplettering" in prompt
    assert "14 dagar" in prompt
    assert prompt.endswith(f"Fråga: {QUESTION}")


@pytest.mark.parametrize(
    "reply",
    [
        "Sökanden har fjorton dagar [7].",  # cites a section that was not given
        "Sökanden har fjorton dagar.",  # cites nothing
        "OSÄKER",
        "",
    ],
)
def test_unchecked_citations_fall_back_to_the_extractive_answer(
    handbook, caseworker, chat, reply
):
    chat.reply = reply
    result = doris_answer(question=QUESTION, user=caseworker)
    assert result.generated is False
    assert result.text.startswith("Sökanden har 14 dagar på sig.")
    assert len(chat.requests) == 1


def test_timeout_and_server_error_fall_back(handbook, caseworker, chat):
    chat.reply = "Fjorton dagar [1]."
    chat.delay = 1.0
    assert doris_answer(question=QUESTION, user=caseworker).generated is False
    chat.delay = 0.0
    chat.status = 500
    result = doris_answer(question=QUESTION, user=caseworker)
    assert result.generated is False
    assert result.source.anchor == "tidsfrist"


def test_the_panel_marks_a_generated_answer(client, handbook, caseworker, chat):
    chat.reply = "Fjorton dagar gäller <b>alltid</b> [1]."
    client.force_login(caseworker)
    html = client.post("/doris/", {"fraga": QUESTION}).content.decode()
    assert "Formulerat av en språkmodell" in html
    assert "&lt;b&gt;alltid&lt;/b&gt;" in html
