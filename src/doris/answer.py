"""From the best section to a short answer: sentences, snippets, highlighting."""

from __future__ import annotations

import html
import re

from doris.analysis import TOKEN_RE, Analyzer, fold, normalise
from doris.answer_type import Expected, type_match

# A sentence ends at . ! ? followed by space and an upper-case letter or digit,
# but not after a short abbreviation such as "t.ex." or "bl.a.".
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(]?[A-ZÅÄÖ0-9•-])")
_ABBREVIATION_END = re.compile(r"(?:\b\w{1,3}\.){2,}$|\b(?:ca|jfr|resp|kap|nr|st)\.$")
# A sentence opening with one of these words leans on the one before it ("Det
# gäller även när …", "Den innebär inte …"), unless a relative clause follows
# ("Den som begär ut en handling …").
_LEANS_BACK = re.compile(
    r"(?:det|den|detta|denna|dessa|de|då|där|därför|dessutom|sådana|han|hon|hen)"
    r"\b(?!\s+som\b)",
    re.IGNORECASE,
)
# How far an answer may grow to keep such a sentence with the one it leans on.
_LEANING_SLACK = 1.5


def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (normalised)."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        candidate = text[start : match.start()]
        if _ABBREVIATION_END.search(candidate):
            continue
        if candidate.strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def _match_spans(
    analyzer: Analyzer,
    text: str,
    weights: dict[str, float],
    cache: dict[str, float] | None = None,
) -> list[tuple[int, int, float]]:
    """(start, end, weight) of tokens of ``text`` whose terms are in the query.

    ``cache`` (surface word -> weight) may be shared between the hits of one
    query; this loop runs over every shown section, so it avoids objects.
    """
    cache = {} if cache is None else cache
    out = []
    for match in TOKEN_RE.finditer(text):
        word = match.group()
        weight = cache.get(word)
        if weight is None:
            kind = match.lastgroup or "word"
            terms = analyzer.token_terms(fold(word, kind), kind)
            weight = max((weights.get(t, 0.0) for t in terms), default=0.0)
            cache[word] = weight
        if weight > 0:
            out.append((match.start(), match.end(), weight))
    return out


def best_sentences(
    analyzer: Analyzer,
    body: str,
    weights: dict[str, float],
    *,
    max_chars: int = 320,
    expected: Expected | None = None,
    heading: str = "",
) -> str:
    """The sentence(s) of ``body`` that best match the query, in text order.

    With ``expected`` (the question's answer type), the sentences that share a word
    with the question and hold that kind of answer come first: "Hur länge …?" is
    answered by the sentence with the number of days.

    An opening sentence that names none of the question's words leans on the
    section's ``heading``, as "Det …" leans on the sentence before: it scores the
    question's words that the heading holds and the body leaves to it. Under "Om
    kompletteringen inte kommer in", "Har ingenting kommit in när fristen löpt ut
    prövas ansökan i befintligt skick." answers "Vad händer om sökanden inte svarar
    på kompletteringen?" rather than a later sentence that only says "sökanden".
    """
    text = normalise(body).strip()
    spans = sentences(text)
    if not spans:
        return ""
    matches = _match_spans(analyzer, text, weights)
    # More than any sentence can score by words alone.
    type_bonus = sum(weights.values())
    scored = []
    for i, (start, end) in enumerate(spans):
        score = 0.0
        words = set()
        for m_start, m_end, weight in matches:
            if start <= m_start < end:
                word = text[m_start:m_end].casefold()
                if word not in words:
                    words.add(word)
                    score += weight
        if i == 0 and score == 0:
            score = _left_to_heading(analyzer, heading, text, weights)
        if expected is not None and (score > 0 or expected.sentence_only):
            score += type_bonus * type_match(expected, text[start:end])
        # Earlier sentences are slightly preferred: answers tend to come first.
        scored.append((score - 0.01 * i, i))
    scored.sort(reverse=True)
    run = _parallel_run(analyzer, text, spans, scored[0][1])
    if len(run) > 1 and spans[run[-1]][1] - spans[run[0]][0] <= max_chars:
        return _capitalised(text[spans[run[0]][0] : spans[run[-1]][1]].strip())
    chosen = [scored[0][1]]
    length = spans[chosen[0]][1] - spans[chosen[0]][0]
    for score, i in scored[1:]:
        span_len = spans[i][1] - spans[i][0]
        if score <= 0 or length + span_len > max_chars:
            continue
        chosen.append(i)
        length += span_len
        break
    if length < 80 and len(chosen) == 1 and chosen[0] + 1 < len(spans):
        chosen.append(chosen[0] + 1)
    chosen.sort()
    leaning = _with_antecedents(
        text, spans, chosen, scored[0][1], int(max_chars * _LEANING_SLACK)
    )
    if set(leaning) - set(chosen):
        max_chars = int(max_chars * _LEANING_SLACK)
    chosen = leaning
    result = " ".join(text[spans[i][0] : spans[i][1]].strip() for i in chosen)
    if len(result) > max_chars:
        cut = result.rfind(" ", 0, max_chars - 1)
        result = result[: cut if cut > 0 else max_chars - 1].rstrip(",;:") + "…"
    return _capitalised(result)


def _left_to_heading(
    analyzer: Analyzer, heading: str, text: str, weights: dict[str, float]
) -> float:
    """Weight of the query words in ``heading`` that ``text`` never uses.

    A word counts as used when ``text`` has any of its query terms, in any form.
    """
    if not heading:
        return 0.0
    used = {t for _, terms in _query_terms(analyzer, text, weights) for t in terms}
    left = {
        word: max(weights[t] for t in terms)
        for word, terms in _query_terms(analyzer, normalise(heading), weights)
        if used.isdisjoint(terms)
    }
    return sum(left.values())


def _query_terms(
    analyzer: Analyzer, text: str, weights: dict[str, float]
) -> list[tuple[str, set[str]]]:
    """(case-folded word, its terms that are in the query) for the words of ``text``."""
    out = []
    for match in TOKEN_RE.finditer(text):
        kind = match.lastgroup or "word"
        terms = set(analyzer.token_terms(fold(match.group(), kind), kind))
        if terms := terms.intersection(weights):
            out.append((match.group().casefold(), terms))
    return out


def _capitalised(answer: str) -> str:
    """A section may open with a list item ("en sammanställning av …")."""
    return answer[:1].upper() + answer[1:]


def _with_antecedents(
    text: str, spans: list[tuple[int, int]], chosen: list[int], best: int, limit: int
) -> list[int]:
    """``chosen`` with the sentence before each chosen one that leans on it.

    When the answer would grow beyond ``limit``, the best sentence keeps its
    antecedent and the other chosen sentence gives way; another sentence that
    cannot have its antecedent is left out.
    """
    for i in sorted(chosen):
        if i not in chosen or i == 0 or i - 1 in chosen:
            continue  # given way already, or nothing before it to bring
        if not _LEANS_BACK.match(text, spans[i][0]):
            continue
        with_it = sorted({*chosen, i - 1})
        if _length(spans, with_it) > limit:
            with_it = [i - 1, i] if i == best else [j for j in chosen if j != i]
        if _length(spans, with_it) <= limit:
            chosen = with_it
    return chosen


def _length(spans: list[tuple[int, int]], chosen: list[int]) -> int:
    return sum(spans[i][1] - spans[i][0] + 1 for i in chosen)


def _parallel_run(
    analyzer: Analyzer, text: str, spans: list[tuple[int, int]], best: int
) -> list[int]:
    """The best sentence and its neighbours that open with the same content word.

    Such a run is a list of cases ("Stöd upp till 1 000 000 kronor beslutas av
    enhetschefen. Stöd över 1 000 000 kronor … Stöd över 5 000 000 kronor
    beslutas av GD."): the question names one case, and words alone cannot tell
    which, so the answer shows them all.
    """

    def opening(i: int) -> str | None:
        first = TOKEN_RE.search(text, spans[i][0], spans[i][1])
        if first is None or first.lastgroup != "word":
            return None
        word = first.group().casefold()
        return None if word in analyzer.stopwords else word

    word = opening(best)
    if word is None:
        return [best]
    start = end = best
    while start > 0 and opening(start - 1) == word:
        start -= 1
    while end + 1 < len(spans) and opening(end + 1) == word:
        end += 1
    return list(range(start, end + 1))


def snippet(
    analyzer: Analyzer,
    text: str,
    weights: dict[str, float],
    *,
    width: int = 200,
    cache: dict[str, float] | None = None,
) -> str:
    """An HTML-escaped window of ``text`` with query words in ``<mark>``."""
    text = normalise(text).strip()
    if not text:
        return ""
    matches = _match_spans(analyzer, text, weights, cache)
    start = 0
    if matches and len(text) > width:
        # Window with the most matched weight.
        best = (-1.0, 0)
        for m_start, _, _ in matches:
            window_start = max(0, m_start - width // 4)
            total = sum(
                w
                for s, e, w in matches
                if window_start <= s and e <= window_start + width
            )
            if total > best[0]:
                best = (total, window_start)
        start = best[1]
        if start > 0:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < start + 20 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    pieces = ["…" if start > 0 else ""]
    cursor = start
    for m_start, m_end, _ in matches:
        if m_start < start or m_end > end:
            continue
        pieces.append(html.escape(text[cursor:m_start]))
        pieces.append("<mark>" + html.escape(text[m_start:m_end]) + "</mark>")
        cursor = m_end
    pieces.append(html.escape(text[cursor:end]))
    if end < len(text):
        pieces.append("…")
    return "".join(pieces)
