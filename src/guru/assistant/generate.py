"""Optional generated answers through an OpenAI-compatible chat endpoint.

Off unless ``GURU_DORIS_LLM_BASE_URL`` is set (with ``GURU_DORIS_LLM_MODEL`` and,
if the service needs one, ``GURU_DORIS_LLM_API_KEY``). The prompt holds only the
sections Doris retrieved, numbered; the model must cite them as [1], [2] …
Every citation is checked: an answer without citations, or citing a number
that was not given, is thrown away and Doris gives her extractive answer.
Timeouts and errors do the same. Nothing here raises.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import requests
from django.conf import settings

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
    return f"Avsnitt:\n\n{numbered}\n\nFråga: {question}"


def generate(question: str, passages: list[Passage]) -> Generated | None:
    """The model's answer with checked citations, or None to fall back."""
    if not enabled() or not passages:
        return None
    headers = {"Content-Type": "application/json"}
    if settings.GURU_DORIS_LLM_API_KEY:
        headers["Authorization"] = f"Bearer {settings.GURU_DORIS_LLM_API_KEY}"
    body = {
        "model": settings.GURU_DORIS_LLM_MODEL,
        "temperature": 0,
        "max_tokens": 300,
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": _prompt(question, passages)},
        ],
    }
    url = settings.GURU_DORIS_LLM_BASE_URL.rstrip("/") + "/chat/completions"
    try:
        response = requests.post(
            url, json=body, headers=headers, timeout=settings.GURU_DORIS_LLM_TIMEOUT
        )
        response.raise_for_status()
        content = response.json()["choices"][0]["message"]["content"]
    except (requests.RequestException, ValueError, KeyError, IndexError, TypeError):
        logger.warning("Generated answer failed; the extractive answer is used")
        return None
    return checked(content, len(passages))


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
