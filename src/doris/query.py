"""Query analysis: question text -> weighted index terms.

On top of :class:`~doris.analysis.Analyzer` this adds what only makes sense for
questions: typo correction against the index's own vocabulary and synonym
expansion from editor-maintained groups.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from doris.analysis import MAX_QUERY_CHARS, Analyzer, default_synonyms, normalise
from doris.answer import sentences

MAX_QUERY_TERMS = 64

# "Vad innebär jäv?" asks what jäv is. The verb only says that a definition is
# wanted (doris.answer_type reads it from the text); as a search word it made
# a heading like "Vad serviceskyldigheten innebär" outrank the page on jäv.
_DEFINING_VERB = re.compile(
    r"^\s*vad\s+(?P<verb>innebär|betyder|menas\s+med)\b", re.IGNORECASE
)


def context_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of ``text`` (normalised) that set the scene for a
    question asked in another: "Min enhetschef är föräldraledig. Vem beslutar
    då?" asks the second sentence, and the first only tells what it is about.
    Empty when the text asks nothing, or asks in every sentence."""
    spans = sentences(text)
    asking = [text[start:end].rstrip().endswith("?") for start, end in spans]
    if not any(asking) or all(asking):
        return []
    return [span for span, asks in zip(spans, asking, strict=True) if not asks]


def search_text(text: str) -> str:
    """``text`` with the verb of an opening "Vad innebär/betyder/menas med" blanked."""
    found = _DEFINING_VERB.match(text)
    if found is None:
        return text
    start, end = found.span("verb")
    return text[:start] + " " * (end - start) + text[end:]


@dataclass(frozen=True)
class QueryWeights:
    """How much each kind of query term counts."""

    part: float = 0.5  # compound part of a query word
    synonym: float = 0.6  # term from a synonym group
    corrected: float = 0.8  # word corrected from a typo
    exact: float = 0.5  # the unstemmed word ("=" terms)
    prefix: float = 0.3  # the word's first letters ("^" terms)
    ngram: float = 0.1  # character n-grams ("#" terms)
    bigram: float = 0.3  # two adjacent stems ("+" terms)
    context: float = 0.5  # a word outside the question's own sentence(s)


@dataclass
class AnalysedQuery:
    text: str
    terms: dict[str, float]
    corrections: dict[str, str] = field(default_factory=dict)
    expansions: list[str] = field(default_factory=list)
    main: tuple[str, ...] = ()  # the stem of each content word, in order
    # (the question's own terms, its synonyms' terms) for each synonym group used
    stand_ins: tuple[tuple[frozenset[str], frozenset[str]], ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.terms


class TypoCorrector:
    """Finds the closest word of the index vocabulary within a small edit distance."""

    def __init__(self, words: Iterable[str]) -> None:
        """``words``: the vocabulary, or a mapping of it to how often each occurs
        (then the commonest word wins where two differ only in å, ä and ö)."""
        self.by_length: dict[int, list[str]] = defaultdict(list)
        self.by_letters: dict[str, str] = {}
        counts = words if isinstance(words, Mapping) else dict.fromkeys(words, 0)
        for word, count in counts.items():  # one pass: this runs on every change
            if not word.isalpha():
                continue
            self.by_length[len(word)].append(word)
            plain = _without_dots_and_rings(word)
            kept = self.by_letters.get(plain)
            if kept is None or count > counts[kept]:
                self.by_letters[plain] = word

    def restore_letters(self, word: str) -> str | None:
        """The word of the vocabulary that ``word`` is without its å, ä and ö
        ("jav" -> "jäv"): what is left to try for a word too short to correct."""
        found = self.by_letters.get(word)
        return found if found != word else None

    def correct(self, word: str) -> str | None:
        max_distance = 1 if len(word) <= 7 else 2
        best: tuple[int, str] | None = None
        for length in range(len(word) - max_distance, len(word) + max_distance + 1):
            candidates = self.by_length.get(length)
            if not candidates:
                continue
            found = process.extractOne(
                word,
                candidates,
                scorer=Levenshtein.distance,
                score_cutoff=max_distance,
            )
            if found is not None and (best is None or found[1] < best[0]):
                best = (found[1], found[0])
        return best[1] if best else None


def _without_dots_and_rings(word: str) -> str:
    return word.translate(_PLAIN_LETTERS)


_PLAIN_LETTERS = str.maketrans("åäö", "aao")


class SynonymExpander:
    """Adds the other expressions of a synonym group found in a question."""

    def __init__(self, analyzer: Analyzer, groups: Sequence[Sequence[str]]) -> None:
        self.groups: list[list[tuple[str, ...]]] = []
        for group in groups:
            members = [tuple(main_terms(analyzer, expr)) for expr in group]
            members = [m for m in members if m]
            if len(members) > 1:
                self.groups.append(members)

    def expand(
        self, stems: list[str]
    ) -> list[tuple[list[tuple[str, ...]], list[tuple[str, ...]]]]:
        """For each group the question uses: (its expressions, the others)."""
        found = []
        for members in self.groups:
            hit = [m for m in members if _contains(stems, m)]
            if hit:
                found.append((hit, [m for m in members if m not in hit]))
        return found


def _contains(seq: list[str], sub: tuple[str, ...]) -> bool:
    n = len(sub)
    return any(tuple(seq[i : i + n]) == sub for i in range(len(seq) - n + 1))


def main_terms(analyzer: Analyzer, text: str) -> list[str]:
    """The first term (the word's own stem) of each surface word."""
    out = []
    for folded, token in analyzer.surface_words(search_text(text)):
        terms = analyzer.token_terms(folded, token.kind, query=True)
        if terms and folded not in analyzer.stopwords:
            out.append(terms[0])
    return out


class QueryAnalyzer:
    """Turns a question into weighted terms for one index's vocabulary."""

    def __init__(
        self,
        analyzer: Analyzer,
        *,
        synonyms: Sequence[Sequence[str]] | None = None,
        weights: QueryWeights | None = None,
    ) -> None:
        self.analyzer = analyzer
        self.weights = weights or QueryWeights()
        self.synonyms = SynonymExpander(
            analyzer, default_synonyms() if synonyms is None else synonyms
        )
        # A word of the Swedish word list is not a typo, even if the index
        # lacks it ("länge" must not become "längre").
        self.trust_lexicon = True
        self._corrector: TypoCorrector | None = None
        self._corrector_words: object = None

    def _weight_of(self, term: str) -> float:
        if term.startswith("="):
            return self.weights.exact
        if term.startswith("^"):
            return self.weights.prefix
        if term.startswith("#"):
            return self.weights.ngram
        return self.weights.part

    def set_vocabulary(self, surface_words: Iterable[str]) -> None:
        self._corrector = TypoCorrector(surface_words)

    def analyse(
        self, text: str, *, known: dict[str, int], surface: dict[str, int]
    ) -> AnalysedQuery:
        """Weighted terms of ``text``; ``known`` is the index's term vocabulary."""
        text = text[:MAX_QUERY_CHARS]
        terms: dict[str, float] = defaultdict(float)
        corrections: dict[str, str] = {}
        main: list[str] = []
        in_question: set[str] = set()  # terms of the asking sentence(s)
        an = self.analyzer
        searched = search_text(text)
        context = context_spans(normalise(searched))
        for folded, token in an.surface_words(searched):
            if folded in an.stopwords:
                continue
            word_terms = an.token_terms(folded, token.kind, query=True)
            weight = 1.0
            if (
                token.kind == "word"
                and self._corrector is not None
                and folded not in surface
                and not any(t in known for t in word_terms)
                and (not self.trust_lexicon or folded not in an.lexicon)
            ):
                fixed = (
                    self._corrector.correct(folded)
                    if len(folded) >= 4
                    else self._corrector.restore_letters(folded)
                )
                if fixed is not None and fixed != folded:
                    corrections[folded] = fixed
                    word_terms = an.token_terms(fixed, "word", query=True)
                    weight = self.weights.corrected
            if not word_terms:
                continue
            if not any(start <= token.start < end for start, end in context):
                in_question.update(word_terms)
            main.append(word_terms[0])
            terms[word_terms[0]] += weight
            for part in word_terms[1:]:
                terms[part] += weight * self._weight_of(part)
            if len(terms) >= MAX_QUERY_TERMS:
                break
        if an.bigrams:
            for a, b in itertools.pairwise(main):
                terms[f"+{a}_{b}"] += self.weights.bigram
        expansions, stand_ins = [], []
        for asked, others in self.synonyms.expand(main):
            for member in others:
                expansions.append(" ".join(member))
                for term in member:
                    terms[term] += self.weights.synonym / len(member)
            own = frozenset(t for m in asked for t in m)
            added = frozenset(t for m in others for t in m) - own
            if added:
                stand_ins.append((own, added))
            if own & in_question:
                in_question |= added
        if context:
            for term in terms:
                if term not in in_question:
                    terms[term] *= self.weights.context
        return AnalysedQuery(
            text=text,
            terms=dict(terms),
            corrections=corrections,
            expansions=expansions,
            main=tuple(main),
            stand_ins=tuple(stand_ins),
        )
