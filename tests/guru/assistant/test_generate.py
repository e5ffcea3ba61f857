"""Generated answers through an OpenAI-compatible endpoint (a fake one on 127.0.0.1)."""

import html as html_module
import json
import re

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from guru.accounts.roles import Role
from guru.assistant import generate
from guru.assistant.models import Generation, Question
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


def test_personal_data_in_the_question_never_reaches_the_model(
    handbook, caseworker, chat
):
    # given a question that names a person by personnummer and e-mail
    chat.reply = "Sökanden har fjorton dagar på sig att komplettera [1]."
    question = (
        "Hur lång tid har sökanden 19811218-9876 (anna.svensson@example.se) "
        "på sig för komplettering?"
    )

    # when Doris asks the model
    doris_answer(question=question, user=caseworker)

    # then the prompt holds neither
    prompt = chat.requests[0]["body"]["messages"][1]["content"]
    assert "9876" not in prompt
    assert "anna.svensson" not in prompt
    assert "komplettering" in prompt


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


def _offered_stream(client, data: dict, **headers) -> str:
    html = client.post("/doris/", data, **headers).content.decode()
    match = re.search(r'data-doris-stream="([^"]+)"', html)
    return html_module.unescape(match.group(1)) if match else ""


def _stream_events(client, url: str) -> list[tuple[str, dict]]:
    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    names = re.findall(r"^event: (\w+)$", body, flags=re.MULTILINE)
    datas = [json.loads(d) for d in re.findall(r"^data: (.+)$", body, re.MULTILINE)]
    return list(zip(names, datas, strict=True))


def test_the_pages_form_streams_only_when_the_script_marks_it(
    client, handbook, caseworker, chat
):
    # given the back-end on and a caseworker on the Doris page
    chat.reply = "Fjorton dagar [1]."
    client.force_login(caseworker)

    # when the form comes with the script's marker (strom=1)
    url = _offered_stream(client, {"fraga": QUESTION, "strom": "1"})

    # then the answer offers a stream and the model has not been asked yet
    assert url.startswith(f"/doris/fraga/{Question.objects.get().pk}/formulerat/?t=")
    assert chat.requests == []
    assert Question.objects.get().generation == Generation.OFFERED


def test_no_stream_is_offered_while_the_back_end_is_off(client, handbook, caseworker):
    client.force_login(caseworker)
    url = _offered_stream(client, {"fraga": QUESTION}, HTTP_HX_REQUEST="true")
    assert url == ""
    assert Question.objects.get().generation == Generation.NONE


def test_a_page_closed_to_the_user_after_asking_never_reaches_the_prompt(
    client, handbook, caseworker, editor, chat
):
    # given a caseworker offered a stream for an answer from the deadline page
    chat.reply = ""
    client.force_login(caseworker)
    url = _offered_stream(client, {"fraga": QUESTION}, HTTP_HX_REQUEST="true")
    assert url

    # when the page is restricted to editors before the stream is opened
    restriction = PageViewRestriction.objects.create(
        page=handbook["komplettering"], restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name=Role.REDAKTOR))
    events = _stream_events(client, url)

    # then none of its sections is sent to the model, and the answer falls back
    for request in chat.requests:
        assert (
            "Komplettering av ansökan" not in request["body"]["messages"][1]["content"]
        )
    assert events[-1][0] == "fallback"
    question = Question.objects.get()
    assert question.generation == Generation.FALLBACK
    # and the editors' log says which answer the caseworker ended with
    client.force_login(editor)
    detail = client.get(f"/doris/redaktion/fraga/{question.pk}/").content.decode()
    assert "utdraget svar gavs, språkmodellen misslyckades" in detail


@pytest.mark.parametrize("finish_reason", ["stop", "length"])
def test_a_streamed_answer_counts_only_when_the_endpoint_finished_it(
    chat, finish_reason
):
    # given a model whose streamed answer ends normally or is cut off
    chat.reply = "Sökanden har fjorton dagar [1]."
    chat.finish_reason = finish_reason
    passages = [generate.Passage("Komplettering › Tidsfrist", "14 dagar.")]

    # when the stream is read to its end
    items = list(generate.stream(QUESTION, passages))

    # then the pieces came, and only a finished answer is kept
    assert "".join(i for i in items if isinstance(i, str)) == chat.reply
    finished = items[-1]
    assert isinstance(finished, generate.Finished)
    if finish_reason == "stop":
        assert finished.generated == generate.Generated(chat.reply, (0,))
    else:
        assert finished.generated is None
