"""Generated answers streamed to the panel, over a real HTTP server (live_server)
reading a fake OpenAI-compatible endpoint on 127.0.0.1."""

import html
import json
import re

import pytest
import requests
from django.test import Client

from guru.assistant.engine import engine_current
from guru.assistant.models import Generation, Question

pytestmark = pytest.mark.django_db(transaction=True)

QUESTION = "Hur lång tid har sökanden på sig för komplettering?"
EXTRACTIVE = "Sökanden har 14 dagar på sig."


def _session(live_server, user) -> requests.Session:
    """A requests session logged in as ``user`` (a session row in the database)."""
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set("sessionid", client.cookies["sessionid"].value)
    session.get(f"{live_server.url}/doris/", timeout=10).raise_for_status()
    session.headers["X-CSRFToken"] = session.cookies["csrftoken"]
    return session


def _ask_in_panel(live_server, session) -> str:
    """Ask as the panel does (htmx) and return the answer's HTML."""
    response = session.post(
        f"{live_server.url}/doris/",
        data={"fraga": QUESTION},
        headers={"HX-Request": "true"},
        timeout=10,
    )
    response.raise_for_status()
    return response.text


def _stream_url(live_server, answer_html: str) -> str:
    match = re.search(r'data-doris-stream="([^"]+)"', answer_html)
    assert match, "the answer offers no stream"
    return live_server.url + html.unescape(match.group(1))


def _events(session, url: str) -> list[tuple[str, dict]]:
    """(name, data) of every event until the server ends the stream."""
    response = session.get(url, stream=True, timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/event-stream")
    events, name = [], ""
    for line in response.iter_lines(decode_unicode=True):
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            events.append((name, json.loads(line[6:])))
    return events


@pytest.fixture
def asked(live_server, handbook, caseworker, chat):
    """A caseworker's question answered at once, with the stream to open."""
    engine_current()
    session = _session(live_server, caseworker)
    answer_html = _ask_in_panel(live_server, session)
    return session, answer_html


def test_panel_answers_at_once_and_streams_a_checked_generated_answer(
    live_server, asked, chat
):
    # given the panel's answer (the model not yet asked) and a model that cites [1]
    session, answer_html = asked
    assert chat.requests == []
    assert EXTRACTIVE in answer_html
    assert "Tidsfrist för komplettering" in answer_html
    chat.reply = "Sökanden har fjorton dagar på sig att komplettera [1]."

    # when the stream is read
    events = _events(session, _stream_url(live_server, answer_html))

    # then the text arrives piece by piece and ends as the checked answer
    pieces = [data["text"] for name, data in events if name == "text"]
    assert len(pieces) > 3
    assert "".join(pieces) == chat.reply
    name, data = events[-1]
    assert name == "answer"
    assert "Sökanden har fjorton dagar på sig att komplettera." in data["html"]
    assert "Formulerat av en språkmodell" in data["html"]
    assert "#tidsfrist" in data["html"]
    assert chat.requests[0]["body"]["stream"] is True
    assert chat.requests[0]["body"]["messages"][1]["content"].endswith(QUESTION)
    # and the log holds the answer the user ended with
    question = Question.objects.get()
    assert question.generation == Generation.GENERATED
    assert question.generated is True
    assert question.answer_text == "Sökanden har fjorton dagar på sig att komplettera."
    assert question.source_anchor == "tidsfrist"


def test_citation_outside_the_sections_keeps_the_extractive_answer(
    live_server, asked, chat
):
    # given a model that cites a section it was not given
    session, answer_html = asked
    chat.reply = "Sökanden har fjorton dagar [7]."

    # when the stream is read
    events = _events(session, _stream_url(live_server, answer_html))

    # then it ends in a fallback note and the log keeps the extractive answer
    name, data = events[-1]
    assert name == "fallback"
    assert "Svaret ovan är hämtat direkt ur handläggarstödet" in data["html"]
    question = Question.objects.get()
    assert question.generation == Generation.FALLBACK
    assert question.generated is False
    assert question.answer_text.startswith(EXTRACTIVE)


@pytest.mark.parametrize("broken", ["closed", "timeout"])
def test_endpoint_failing_mid_stream_keeps_the_extractive_answer(
    live_server, asked, chat, broken
):
    # given a model that starts to answer and then drops the connection or stalls
    session, answer_html = asked
    chat.reply = "Sökanden har fjorton dagar på sig att komplettera [1]."
    if broken == "closed":
        chat.cut_after = 3
    else:
        chat.pause_after, chat.pause = 3, 1.5  # the read timeout is 0.5 s

    # when the stream is read
    events = _events(session, _stream_url(live_server, answer_html))

    # then the first pieces came, and the end is the fallback
    assert [name for name, _ in events] == ["text", "text", "text", "fallback"]
    question = Question.objects.get()
    assert question.generation == Generation.FALLBACK
    assert question.answer_text.startswith(EXTRACTIVE)


def test_another_users_stream_address_is_not_found(live_server, asked, chat, editor):
    # given the caseworker's stream address in the hands of another user
    _, answer_html = asked
    url = _stream_url(live_server, answer_html)
    other = _session(live_server, editor)

    # when they open it
    response = other.get(url, timeout=10)

    # then it is not found, the model is not asked, and the owner can still use it
    assert response.status_code == 404
    assert chat.requests == []
    assert Question.objects.get().generation == Generation.OFFERED


def test_a_stream_address_runs_once_and_needs_its_token(live_server, asked, chat):
    # given a stream that has been read
    session, answer_html = asked
    chat.reply = "Fjorton dagar [1]."
    url = _stream_url(live_server, answer_html)
    tampered = re.sub(r"t=[^&]+", "t=falsk", url)
    assert session.get(tampered, timeout=10).status_code == 404
    _events(session, url)

    # when it is opened again
    again = session.get(url, timeout=10)

    # then it is refused and the model was asked only once
    assert again.status_code == 404
    assert len(chat.requests) == 1


def test_plain_form_without_script_gets_the_whole_generated_answer(
    live_server, handbook, caseworker, chat
):
    # given a browser without JavaScript (no htmx, no strom=1)
    engine_current()
    chat.reply = "Sökanden har fjorton dagar på sig [1]."
    session = _session(live_server, caseworker)

    # when it posts the page's form
    response = session.post(
        f"{live_server.url}/doris/", data={"fraga": QUESTION}, timeout=10
    )

    # then the generated answer is in the page itself, with no stream
    assert "Sökanden har fjorton dagar på sig." in response.text
    assert "data-doris-stream=" not in response.text
    assert Question.objects.get().generated is True
