"""Optional generated answers through an OpenAI-compatible chat endpoint.

Off unless ``GURU_DORIS_LLM_BASE_URL`` is set (with ``GURU_DORIS_LLM_MODEL`` and,
if the service needs one, ``GURU_DORIS_LLM_API_KEY``). The prompt holds only the
sections Doris retrieved, numbered; the model must cite them as [1], [2] …
Every citation is checked: an answer without citations, or citing a number
that was not given, is thrown away and Doris gives her extractive answer.
Timeouts and errors do the same. Nothing here raises.

``stream`` asks for the same answer with ``stream: true`` and hands on the text
as the endpoint sends it (Server-Sent Events, ``data:`` lines); the checks
are the same and are made once the answer is complete.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass

import requests
from django.conf import settings

from guru.privacy import mask_personal_data

logger = logging.getLogger(__name__)

_CITATION = re.compile(r"\[(\d{1,2})\]")
SYSTEM_PROMPT = (
    "Du är Doris, en handläggares stöd på en svensk myndighet. Svara kort på "
    "svenska, med högst tre meningar, och bara utifrån de numrerade avsnitten. "
    "Ange efter varje påstående vilket avsnitt det bygger på, som [1] eller [2]. "
    "Om avsnitten inte besvarar frågan, svara exakt: OSÄKER"
)


@dataclass(frozen=True)
class Passage:
    label: str
    text: str


@dataclass(frozen=True)
class Generated:
    text: str
    cited: tuple[int, ...]  # zero-based indexes into the passages


def enabled() -> bool:
    return bool(settings.GURU_DORIS_LLM_BASE_URL and settings.GURU_DORIS_LLM_MODEL)


def _prompt(question: str, passages: list[Passage]) -> str:
    numbered = "\n\n".join(
        f"[{i}] {p.label}\n{p.text[:2000]}" for i, p in enumerate(passages, start=1)
    )
    # The model needs no personnummer or e-mail address to answer from the
    # handbook, and the endpoint may be a service outside the agency.
    return f"Avsnitt:\n\n{numbered}\n\nFråga: {mask_personal_data(question)}"


def _headers() -> dict[str, str]:
    headers = {"Content-Type": "application/json"}
    if settings.GURU_DORIS_LLM_API_KEY:
        headers["Authorization"] = f"Bearer {settings.GURU_DORIS_LLM_API_KEY}"
    return headers


def _post(question: str, passages: list[Passage], *, stream: bool):
    body = {
        "model": settings.GURU_DORIS_LLM_MODEL,
        "temperature": 0,
        "max_tokens": 300,
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": _prompt(question, passages)},
        ],
    }
    if stream:
        body["stream"] = True
    return requests.post(
        settings.GURU_DORIS_LLM_BASE_URL.rstrip("/") + "/chat/completions",
        json=body,
        headers=_headers(),
        # connecting, and (streamed) each pause between two pieces
        timeout=settings.GURU_DORIS_LLM_TIMEOUT,
        stream=stream,
    )


def generate(question: str, passages: list[Passage]) -> Generated | None:
    """The model's answer with checked citations, or None to fall back."""
    if not enabled() or not passages:
        return None
    try:
        response = _post(question, passages, stream=False)
        response.raise_for_status()
        content = response.json()["choices"][0]["message"]["content"]
    except (requests.RequestException, ValueError, KeyError, IndexError, TypeError):
        logger.warning("Generated answer failed; the extractive answer is used")
        return None
    return checked(content, len(passages))


# A streamed answer longer than this is not a short answer; it is cut off.
MAX_STREAMED_CHARS = 4000


@dataclass(frozen=True)
class Finished:
    """The end of a stream: the checked answer, or None to fall back."""

    generated: Generated | None


def stream(question: str, passages: list[Passage]) -> Iterator[str | Finished]:
    """The answer's text piece by piece as it arrives, then one ``Finished``.

    The answer counts only if the endpoint said it was complete (``[DONE]`` or
    ``finish_reason: stop``) within ``GURU_DORIS_LLM_STREAM_TIMEOUT`` seconds,
    with no pause longer than ``GURU_DORIS_LLM_TIMEOUT``, and its citations
    check out. Nothing here raises.
    """
    if not enabled() or not passages:
        yield Finished(None)
        return
    parts: list[str] = []
    complete = False
    deadline = time.monotonic() + settings.GURU_DORIS_LLM_STREAM_TIMEOUT
    try:
        with _post(question, passages, stream=True) as response:
            response.raise_for_status()
            for piece, done in _events(response):
                if piece:
                    parts.append(piece)
                    yield piece
                if done:
                    complete = True
                    break
                if time.monotonic() > deadline or sum(map(len, parts)) > (
                    MAX_STREAMED_CHARS
                ):
                    logger.warning("Streamed answer too slow or too long")
                    break
    except (
        requests.RequestException,
        ValueError,
        KeyError,
        IndexError,
        TypeError,
        AttributeError,
    ):
        logger.warning("Streamed answer failed; the extractive answer is used")
    if not complete:
        yield Finished(None)
        return
    yield Finished(checked("".join(parts), len(passages)))


def _events(response: requests.Response) -> Iterator[tuple[str, bool]]:
    """(text, finished) for each ``data:`` line of a chat-completions stream."""
    for line in response.iter_lines(chunk_size=None):
        if not line.startswith(b"data:"):
            continue  # comments (keep-alives), event names, blank separators
        data = line[5:].strip()
        if data == b"[DONE]":
            yield "", True
            return
        choices = json.loads(data)["choices"]
        if not choices:
            continue  # e.g. a closing chunk with only the token usage
        choice = choices[0]
        piece = (choice.get("delta") or {}).get("content") or ""
        if not isinstance(piece, str):
            raise TypeError("content is not text")
        reason = choice.get("finish_reason")
        if reason not in (None, "stop"):  # e.g. "length": cut off, not an answer
            raise ValueError(f"the answer ended with {reason}")
        yield piece, reason == "stop"


def checked(content: object, n_passages: int) -> Generated | None:
    """The answer if every citation names a given passage and there is one."""
    if not isinstance(content, str):
        return None
    text = content.strip()
    if not text or text.upper().startswith("OSÄKER"):
        return None
    numbers = [int(n) for n in _CITATION.findall(text)]
    if not numbers or any(not 1 <= n <= n_passages for n in numbers):
        logger.info("Generated answer cited outside the retrieved sections")
        return None
    cited = tuple(dict.fromkeys(n - 1 for n in numbers))
    return Generated(text=text[:1500], cited=cited)
