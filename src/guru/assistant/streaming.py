"""Generated answers streamed to the reader as Server-Sent Events.

The ask view answers at once with Doris's extractive answer and the address of
a stream. The stream asks the model (``generate.stream``), sends its text as it
arrives and ends with either the checked answer or a note that the extractive
answer stands; the question log is updated to what the reader ended with.

The address carries a signed token naming the question, its asker and the
sections chosen for the prompt. The question must be the requester's own and is
streamed once, so an address can neither be used by someone else nor replayed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.core import signing
from django.template.loader import render_to_string

from doris import ANSWERED

from . import generate, selectors, services
from .models import Question

SALT = "guru.assistant.streaming"
# The page opens the stream at once; an older token is not honoured.
TOKEN_MAX_AGE = 600


def stream_token(*, question: Question, section_ids: list[str]) -> str:
    return signing.dumps(
        {"q": question.pk, "u": question.user_id, "s": section_ids},
        salt=SALT,
        compress=True,
    )


def stream_sections(*, token: str, question: Question, user) -> list[str] | None:
    """The sections named by a valid token for this user's question, else None."""
    try:
        data = signing.loads(token, salt=SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    if question.user_id != user.pk:
        return None
    if data.get("q") != question.pk or data.get("u") != user.pk:
        return None
    sections = data.get("s")
    if not isinstance(sections, list) or not all(isinstance(s, str) for s in sections):
        return None
    return sections


def _event(name: str, payload: dict) -> bytes:
    # One JSON line per event: the text may hold newlines, which would
    # otherwise have to be split over several data: lines.
    return f"event: {name}\ndata: {json.dumps(payload)}\n\n".encode()


def answer_events(
    *, question: Question, section_ids: list[str], request
) -> Iterator[bytes]:
    """The events of one stream: ``text`` pieces, then ``answer`` or ``fallback``.

    The prompt is rebuilt from the sections the user may open now, with the
    question as logged (personal data masked, so none reaches the model).
    """
    user = request.user
    recorded = False
    try:
        refs, passages = selectors.generation_passages(
            section_ids=section_ids, user=user, request=request
        )
        yield b": Doris formulerar\n\n"  # opens the stream before the model answers
        finished = None
        for item in generate.stream(question.text, passages):
            if isinstance(item, generate.Finished):
                finished = item.generated
            else:
                yield _event("text", {"text": item})
        if finished is None:
            services.question_generation_finish(user=user, question_id=question.pk)
            recorded = True
            html = render_to_string("assistant/_generation_note.html", {}, request)
            yield _event("fallback", {"html": html})
            return
        result = selectors.AskResult(ANSWERED, question.text, question.confidence)
        selectors.generated_apply(result, finished, refs)
        services.question_generation_finish(
            user=user, question_id=question.pk, text=result.text, source=result.source
        )
        recorded = True
        html = render_to_string(
            "assistant/_answer_main.html",
            {"result": result, "also_cited": result.suggestions},
            request,
        )
        yield _event("answer", {"html": html})
    finally:
        if not recorded:  # the reader left, or something broke: extractive stands
            services.question_generation_finish(user=user, question_id=question.pk)
