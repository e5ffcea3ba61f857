"""Expected answer type: what kind of answer a question asks for.

"Hur länge …?" asks for a duration, "När …?" for a point in time, "Hur många
…?" for a quantity, "Vem …?" for a person or body and "Vad är X?" for a
definition of X. Question-answering
systems since the TREC QA track have used this: among sections that match the
question's words about equally well, the one that holds the kind of answer
asked for is more likely to be the answer. Measured on SweFAQ dev and the
handbook set (docs/benchmarks.md, the ``doris−answer-type`` row).

Only the question's opening words are read, so a question that does not fit a
type is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = (
    "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|"
    "november|december"
)
_NUMBER_WORDS = (
    "en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|fjorton|femton|"
    "tjugo|trettio|fyrtio|sextio|nittio"
)
_DEFINING_VERBS = re.compile(r"\b(är|innebär|betyder|avses|menas)\b", re.IGNORECASE)
# "X är …": the defined words come first, within this many words.
_DEFINED_WITHIN_WORDS = 6
_FIRST_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class _Type:
    name: str
    question: re.Pattern[str]
    answer: re.Pattern[str]
    sentence_only: bool = False


_TYPES = (
    _Type(
        "duration",
        re.compile(
            r"^\s*(hur (länge|lång (tid|frist|period)|snabbt|ofta)|inom hur)\b", re.I
        ),
        re.compile(
            rf"\b(\d+|{_NUMBER_WORDS})\s+\w*(dag|dagar|vecka|veckor|månad|"
            r"månader|år|timme|timmar)\b|\b(årligen|varje år|en gång)\b|"
            r"\b(sedan|år) (19|20)\d\d\b",
            re.I,
        ),
    ),
    _Type(
        "time",
        re.compile(
            r"^\s*(när|vilket datum|från och med när|senast när)\b|sista dag", re.I
        ),
        re.compile(
            rf"\b({_MONTHS})\b|\b(19|20)\d\d\b|\b\d{{1,2}}/\d{{1,2}}\b|"
            rf"\b(\d+|{_NUMBER_WORDS}) \w*(dag|dagar|vecka|veckor|månad|månader) "
            r"(före|efter|innan)\b",
            re.I,
        ),
    ),
    _Type(
        "quantity",
        re.compile(
            r"^\s*(hur (många|mycket|stor|stort|stora|hög|högt|höga)|"
            r"vad kostar|vilket belopp)\b",
            re.I,
        ),
        re.compile(r"\d|\b(procent|kronor|miljoner|miljarder|hälften)\b", re.I),
    ),
    _Type(
        "who",
        re.compile(r"^\s*(vem|vilka (kan|får|ska))\b", re.I),
        re.compile(
            r"(chef|handläggare|nämnd|styrelse|myndighet|stab|enhet|avdelning|"
            r"ansvarig|generaldirektör|domstol|förvaltning|leverantör|"
            r"ledningsgrupp|\bGD\b|\bLG\b)",
            re.I,
        ),
    ),
    # "Vad ska X innehålla?": an enumeration ("ska innehålla: A, B, C …") is the
    # answer whether or not it repeats the question's words. Used to choose the
    # answer's sentences, not to rank sections.
    _Type(
        "contents",
        re.compile(
            r"^\s*(vad|vilka uppgifter) (ska|måste|bör|behöver)\b.*"
            r"\b(innehålla|ingå|stå)\b|\bvad ska stå\b|^\s*vad (innehåller|ingår)\b",
            re.I,
        ),
        re.compile(r":\s*[^.:]+,[^.]+,|([^.,]+,){3}"),
        sentence_only=True,
    ),
)
_DEFINITION = re.compile(
    r"^\s*vad (är|innebär|betyder|menas med)( det att| att)?\s+(?P<subject>.+?)\W*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Expected:
    """The answer type a question asks for: a type name, and for definitions
    the subject's words."""

    name: str
    pattern: re.Pattern[str] | None = None
    subject: tuple[str, ...] = ()
    sentence_only: bool = False


def expected_type(question: str) -> Expected | None:
    """The kind of answer ``question`` asks for, or None if it does not say."""
    for kind in _TYPES:
        if kind.question.search(question):
            return Expected(kind.name, kind.answer, sentence_only=kind.sentence_only)
    match = _DEFINITION.match(question)
    if match:
        words = tuple(
            w.casefold() for w in _WORD.findall(match["subject"]) if len(w) >= 3
        )
        if words:
            return Expected("definition", subject=words)
    return None


def type_match(expected: Expected, body: str) -> float:
    """How well ``body`` holds an answer of the expected type, from 0 to 1.

    A definition matches by the share of the subject's words (their first five
    letters, so that inflected forms count) named in the first sentence before
    a defining verb, within a few words of its start ("LVU är …", "Att
    ordinera innebär …").
    """
    if expected.pattern is not None:
        return 1.0 if expected.pattern.search(body) else 0.0
    first = _FIRST_SENTENCE.split(body, 1)[0]
    verb = _DEFINING_VERBS.search(first)
    if verb is None:
        return 0.0
    head = first[: verb.start()].casefold()
    if len(head.split()) > _DEFINED_WITHIN_WORDS:
        return 0.0
    found = sum(1 for word in expected.subject if word[:5] in head)
    return found / len(expected.subject)
