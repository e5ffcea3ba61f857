"""Generated answers through an OpenAI-compatible endpoint (a fake one on 127.0.0.1)."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from guru.assistant.selectors import doris_answer

pytestmark = pytest.mark.django_db

QUESTION = "Hur lång tid har sökanden på sig för komplettering?"


class FakeChat:
    """A tiny chat-completions server: answers with ``reply``, records requests."""

    def __init__(self) -> None:
        self.reply = ""
        self.status = 200
        self.delay = 0.0
        self.requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                fake.requests.append(
                    {
                        "path": self.path,
                        "auth": self.headers.get("Authorization"),
                        "body": json.loads(self.rfile.read(length)),
                    }
                )
                time.sleep(fake.delay)
                payload = json.dumps(
                    {
                        "choices": [
                            {"message": {"role": "assistant", "content": fake.reply}}
                        ]
                    }
                ).encode()
                self.send_response(fake.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def chat(settings):
    fake = FakeChat()
    settings.GURU_DORIS_LLM_BASE_URL = fake.url
    settings.GURU_DORIS_LLM_MODEL = "liten-modell"
    settings.GURU_DORIS_LLM_API_KEY = "hemlig"
    settings.GURU_DORIS_LLM_TIMEOUT = 0.5
    yield fake
    fake.close()


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
