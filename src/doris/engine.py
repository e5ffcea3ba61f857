"""Doris's public API: an :class:`Engine` over sections with search and answer."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from doris.analysis import Analyzer, normalise
from doris.answer import best_sentences, snippet
from doris.answer_type import expected_type, type_match
from doris.confidence import Calibration, default_calibration, features
from doris.encoders import EncoderMismatch, OnnxEncoder, reciprocal_rank_fusion
from doris.index import FIELDS, Index, Section
from doris.query import AnalysedQuery, QueryAnalyzer, QueryWeights, main_terms
from doris.ranking import (
    RankingParams,
    Scored,
    bm25f,
    feedback_terms,
    synonyms_stand_in,
    top_k,
)

ANSWERED = "answered"
VARIANT_TRUSTED = 0.8  # similarity to a curated variant that is trusted as is
UNSURE = "unsure"
EMPTY = "empty"

# User-facing messages (Swedish; Guru may translate them via gettext).
MESSAGE_EMPTY = "Skriv en fråga med några ord om det du vill veta."
MESSAGE_UNSURE = "Jag är inte säker på svaret. De här sidorna kan hjälpa dig:"
MESSAGE_NOTHING = "Jag hittade inget som besvarar frågan i handboken."


@dataclass(frozen=True)
class Citation:
    """Where an answer comes from: the page and the section anchor."""

    section_id: str
    page: str
    anchor: str
    title: str
    heading: str


@dataclass(frozen=True)
class Hit:
    """One ranked section with a highlighted snippet and why it scored."""

    section_id: str
    score: float
    citation: Citation
    snippet: str
    explanation: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Answer:
    """The result of :meth:`Engine.answer`.

    ``status`` is ``answered`` (``text`` and ``citation`` are set), ``unsure``
    (``suggestions`` are the best pages to read) or ``empty`` (nothing to
    search for). An answer never comes without a citation.
    """

    status: str
    question: str
    confidence: float
    message: str = ""
    text: str | None = None
    citation: Citation | None = None
    alternatives: tuple[Hit, ...] = ()
    suggestions: tuple[Hit, ...] = ()
    corrections: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.status == ANSWERED and (self.citation is None or not self.text):
            raise ValueError("an answer needs a text and a citation")


class Engine:
    """Swedish question answering over sections (no Django, no network)."""

    def __init__(
        self,
        *,
        analyzer: Analyzer | None = None,
        params: RankingParams | None = None,
        synonyms: Sequence[Sequence[str]] | None = None,
        query_weights: QueryWeights | None = None,
        calibration: Calibration | None = None,
        index: Index | None = None,
        correct_typos: bool = True,
        encoder: OnnxEncoder | None = None,
    ) -> None:
        self.analyzer = analyzer or (index.analyzer if index else Analyzer())
        self.index = index or Index(self.analyzer)
        self.params = params or RankingParams()
        self.calibration = calibration or default_calibration()
        self.queries = QueryAnalyzer(
            self.analyzer, synonyms=synonyms, weights=query_weights
        )
        self._vocab_version = -1
        self.correct_typos = correct_typos
        self.encoder = encoder  # optional dense encoder, fused by RRF
        source = _fingerprint(encoder)
        if (
            encoder is not None
            and len(self.index)
            and self.index.vector_source != source
        ):
            raise EncoderMismatch(
                f"the index's vectors come from {self.index.vector_source or 'no encoder'}"
                f", not from {source}: rebuild the index with this encoder"
            )
        self.index.vector_source = source
        self._variant_cache: dict[str, set[str]] = {}

    # -- writes ----------------------------------------------------------
    def add(self, section: Section) -> None:
        self.index.add(section, self._vector(section))

    def add_many(self, sections: Iterable[Section]) -> None:
        sections = list(sections)
        vectors = None
        if self.encoder is not None:
            vectors = self.encoder.encode([_dense_text(s) for s in sections])
        self.index.add_many(sections, vectors)

    def update(self, section: Section) -> None:
        self.index.update(section, self._vector(section))

    def _vector(self, section: Section) -> np.ndarray | None:
        if self.encoder is None:
            return None
        return self.encoder.encode([_dense_text(section)])[0]

    def remove(self, section_id: str) -> bool:
        return self.index.remove(section_id)

    def __len__(self) -> int:
        return len(self.index)

    def save(self, path: str | os.PathLike) -> None:
        self.index.save(path)

    @classmethod
    def load(cls, path: str | os.PathLike, **kwargs) -> Engine:
        analyzer = kwargs.pop("analyzer", None) or Analyzer()
        return cls(index=Index.load(path, analyzer), analyzer=analyzer, **kwargs)

    # -- reads -----------------------------------------------------------
    def analyse(self, text: str) -> AnalysedQuery:
        if self.correct_typos and self._vocab_version != self.index.version:
            self.queries.set_vocabulary(self.index.surface)
            self._vocab_version = self.index.version
        return self.queries.analyse(
            _clean(text), known=self.index.vocab, surface=self.index.surface
        )

    def rank(self, text: str, k: int = 10) -> tuple[AnalysedQuery, Scored, list[int]]:
        """Analyse and score; returns the analysed query, scores and top rows."""
        query = self.analyse(text)
        scored = self._score(query, query.terms)
        rows = top_k(scored.scores, max(k, self.params.feedback_docs), self.index)
        if self.params.feedback_weight > 0 and rows:
            extra = feedback_terms(
                self.index,
                rows[: self.params.feedback_docs],
                set(scored.term_ids),
                self.params.feedback_terms,
            )
            if extra:
                terms = dict(query.terms)
                for tid, weight in extra.items():
                    term = self.index.terms[tid]
                    terms[term] = (
                        terms.get(term, 0.0) + weight * self.params.feedback_weight
                    )
                scored = self._score(query, terms)
                rows = top_k(scored.scores, k, self.index)
        if self.params.variant_weight > 0 and rows and query.main:
            rows = self._match_variants(query, scored, k)
        if self.params.answer_type_weight > 0 and rows:
            rows = self._match_answer_type(query.text, scored, rows, k)
        if self.params.topic_weight > 0 and rows and query.main:
            rows = self._match_topic(query, scored, k)
        if self.params.heading_weight > 0 and rows and query.main:
            rows = self._match_heading(query, scored, k)
        if self.encoder is not None and not query.is_empty:
            rows = self._fuse_dense(query.text, scored, rows, k)
        return query, scored, rows[:k]

    def _score(self, query: AnalysedQuery, terms: dict[str, float]) -> Scored:
        scored = bm25f(self.index, terms, self.params)
        synonyms_stand_in(self.index, scored, query.stand_ins)
        return scored

    def _fuse_dense(
        self, text: str, scored: Scored, rows: list[int], k: int
    ) -> list[int]:
        """Reciprocal rank fusion of the lexical and the dense ranking."""
        vectors = self.index.vectors()
        if vectors is None or self.encoder is None:
            return rows
        depth = max(k, self.params.variant_candidates)
        lexical = top_k(scored.scores, depth, self.index)
        similarity = vectors @ self.encoder.encode([text], kind="query")[0]
        similarity[~self.index.alive] = -np.inf
        n = min(depth, int(self.index.alive.sum()))
        dense = np.argsort(-similarity, kind="stable")[:n].tolist()
        fused = reciprocal_rank_fusion([lexical, dense])
        return [row for row, _ in fused[:k]]

    def _match_variants(
        self, query: AnalysedQuery, scored: Scored, k: int
    ) -> list[int]:
        """Boost sections whose curated question variants match the question."""
        asked = set(query.main)

        def similarity(section: Section) -> float:
            if not section.questions:
                return 0.0
            return max(
                _jaccard(asked, self._variant_terms(v)) for v in section.questions
            )

        return self._lift(
            scored,
            k,
            weight=self.params.variant_weight,
            match=similarity,
            boosts=scored.variant_boost,
            matches=scored.variant_similarity,
        )

    def _match_answer_type(
        self, text: str, scored: Scored, rows: list[int], k: int
    ) -> list[int]:
        """Boost sections that hold the kind of answer the question asks for."""
        expected = expected_type(text)
        if expected is None or expected.sentence_only:
            return rows
        return self._lift(
            scored,
            k,
            weight=self.params.answer_type_weight,
            match=lambda section: type_match(expected, section.body),
            boosts=scored.type_boost,
        )

    def _match_topic(self, query: AnalysedQuery, scored: Scored, k: int) -> list[int]:
        """A question that names only a page's topic is answered from its lead.

        "Vad är återkrav?" or "Kan jag få förskott?" matches every section of
        the page through its title; without this the section that repeats the
        word most often wins ("Vem beslutar om återkrav?"), while the lead is
        where the page says what the topic is.
        """
        asked = set(query.main)

        def names_topic(section: Section) -> float:
            if section.anchor or section.heading:
                return 0.0
            return 1.0 if asked <= self._variant_terms(section.title) else 0.0

        return self._lift(
            scored,
            k,
            weight=self.params.topic_weight,
            match=names_topic,
            boosts=scored.topic_boost,
        )

    def _match_heading(self, query: AnalysedQuery, scored: Scored, k: int) -> list[int]:
        """A question that quotes a section's heading is asked of that section.

        The small words a heading is made of ("om", "inte", "in") are no search
        words, so "Om kompletteringen inte kommer in" and "Kompletteringar och
        handläggningstiden" look alike to the scoring; the whole heading in the
        question, word for word, tells them apart.
        """
        asked = f" {_words(query.text)} "

        def quoted(section: Section) -> float:
            # words as written: "De minimis-stöd" is two, not three
            if len(section.heading.split()) < self.params.heading_words:
                return 0.0
            return 1.0 if f" {_words(section.heading)} " in asked else 0.0

        return self._lift(
            scored,
            k,
            weight=self.params.heading_weight,
            match=quoted,
            boosts=scored.heading_boost,
        )

    def _lift(
        self,
        scored: Scored,
        k: int,
        *,
        weight: float,
        match: Callable[[Section], float],
        boosts: dict[int, float],
        matches: dict[int, float] | None = None,
    ) -> list[int]:
        """Add ``weight × match × best score`` to each of the best candidates.

        The lift is relative to the best score so that it means the same on any
        question's scale; ``boosts`` (and ``matches``) record it for ``explain``.
        """
        candidates = top_k(
            scored.scores, max(k, self.params.variant_candidates), self.index
        )
        best = float(scored.scores[candidates[0]])
        for row in candidates:
            section = self.index.sections[row]
            found = match(section) if section is not None else 0.0
            if found > 0:
                boost = weight * found * best
                boosts[row] = boost
                if matches is not None:
                    matches[row] = found
                scored.scores[row] += boost
        return top_k(scored.scores, k, self.index)

    def _variant_terms(self, variant: str) -> set[str]:
        terms = self._variant_cache.get(variant)
        if terms is None:
            terms = set(main_terms(self.analyzer, variant))
            if len(self._variant_cache) > 100_000:
                self._variant_cache.clear()
            self._variant_cache[variant] = terms
        return terms

    def search(self, query: str, k: int = 10) -> list[Hit]:
        """The ``k`` best sections for ``query`` with highlighted snippets."""
        if not isinstance(query, str) or k <= 0:
            return []
        analysed, scored, rows = self.rank(query, k)
        cache: dict[str, float] = {}
        return [self._hit(row, scored, analysed, cache) for row in rows]

    def answer(self, question: str, *, alternatives: int = 3) -> Answer:
        """A short answer with citation, or "unsure" with pages to read."""
        if not isinstance(question, str):
            question = ""
        analysed, scored, rows = self.rank(question, alternatives + 2)
        shown = question[:200]
        if analysed.is_empty:
            return Answer(EMPTY, shown, 0.0, MESSAGE_EMPTY)
        if not rows:
            return Answer(
                UNSURE, shown, 0.0, MESSAGE_NOTHING, corrections=analysed.corrections
            )
        cache: dict[str, float] = {}
        hits = [self._hit(row, scored, analysed, cache) for row in rows]
        confidence = self.confidence(scored, rows)
        variant = scored.variant_similarity.get(rows[0], 0.0)
        if variant >= VARIANT_TRUSTED:
            # An editor has said this section answers (nearly) this question.
            confidence = max(confidence, variant)
        if confidence < self.calibration.threshold:
            return Answer(
                UNSURE,
                shown,
                confidence,
                MESSAGE_UNSURE,
                suggestions=tuple(_distinct_pages(hits)[: alternatives + 1]),
                corrections=analysed.corrections,
            )
        best = self.index.sections[rows[0]]
        if best is None:  # a live row always has a section
            raise LookupError(rows[0])
        text = best_sentences(
            self.analyzer,
            best.body,
            analysed.terms,
            expected=expected_type(analysed.text),
            heading=best.heading,
        )
        text = text or best.heading
        if not text:
            text = best.title or best.id
        return Answer(
            ANSWERED,
            shown,
            confidence,
            text=text,
            citation=hits[0].citation,
            alternatives=tuple(hits[1 : alternatives + 1]),
            corrections=analysed.corrections,
        )

    def confidence(self, scored: Scored, rows: list[int]) -> float:
        return self.calibration.probability(self.confidence_features(scored, rows))

    def confidence_features(self, scored: Scored, rows: list[int]) -> np.ndarray:
        top = float(scored.scores[rows[0]]) if rows else 0.0
        second = float(scored.scores[rows[1]]) if len(rows) > 1 else 0.0
        total = float(scored.term_weights.sum()) + scored.missing_weight
        upper = total * (self.params.k1 + 1)
        n_terms = len(scored.term_ids) + scored.missing_terms
        coverage = matched = key_missed = 0.0
        if rows and total > 0:
            row = scored.row(rows[0])
            coverage = float(scored.term_weights[row > 0].sum() / total)
            matched = float((row > 0).sum() / max(n_terms, 1))
            weights = scored.term_weights
            heaviest = float(weights.max(initial=0.0))
            missed = float(weights[row == 0].max(initial=0.0))
            key_missed = missed / heaviest if heaviest > 0 else 0.0
        return features(top, second, upper, coverage, matched, key_missed, n_terms)

    def _hit(
        self,
        row: int,
        scored: Scored,
        analysed: AnalysedQuery,
        cache: dict[str, float] | None = None,
    ) -> Hit:
        section = self.index.sections[row]
        if section is None:  # a live row always has a section
            raise LookupError(row)
        contributions = scored.row(row) * scored.term_weights
        explanation = {
            self.index.terms[tid]: round(float(c), 4)
            for tid, c in zip(scored.term_ids, contributions, strict=True)
            if c > 0
        }
        if row in scored.variant_boost:
            explanation["(question variant)"] = round(scored.variant_boost[row], 4)
        if row in scored.type_boost:
            explanation["(answer type)"] = round(scored.type_boost[row], 4)
        if row in scored.topic_boost:
            explanation["(page topic)"] = round(scored.topic_boost[row], 4)
        if row in scored.heading_boost:
            explanation["(heading in question)"] = round(scored.heading_boost[row], 4)
        if row in scored.synonym_overlap:
            explanation["(synonym overlap)"] = -round(scored.synonym_overlap[row], 4)
        text = section.body or section.field_text("questions") or section.heading
        return Hit(
            section_id=section.id,
            score=float(scored.scores[row]),
            citation=_citation(section),
            snippet=snippet(self.analyzer, text, analysed.terms, cache=cache),
            explanation=explanation,
        )


def _fingerprint(encoder: OnnxEncoder | None) -> str:
    if encoder is None:
        return ""
    return str(getattr(encoder, "fingerprint", "") or getattr(encoder, "name", "dense"))


def _dense_text(section: Section) -> str:
    return "\n".join(p for p in (section.title, section.heading, section.body) if p)


def _jaccard(a: set[str], b: set[str]) -> float:
    """Word overlap of a question and a variant; 0 when they name other numbers.

    "Vem beslutar om stöd på 3 miljoner?" is not the question "… på 8 miljoner?"
    that an editor answered, however many words they share.
    """
    if not a or not b or _numbers(a) != _numbers(b):
        return 0.0
    return len(a & b) / len(a | b)


def _numbers(terms: set[str]) -> set[str]:
    return {t for t in terms if t[:1].isdigit()}


def _citation(section: Section) -> Citation:
    return Citation(
        section_id=section.id,
        page=section.page or section.id,
        anchor=section.anchor,
        title=section.title,
        heading=section.heading,
    )


def _distinct_pages(hits: list[Hit]) -> list[Hit]:
    seen = set()
    out = []
    for hit in hits:
        if hit.citation.page not in seen:
            seen.add(hit.citation.page)
            out.append(hit)
    return out


def _words(text: str) -> str:
    """``text``'s words in lower case, one space apart ("" for none)."""
    return " ".join(_WORD_RE.findall(normalise(text).casefold()))


_WORD_RE = re.compile(r"\w+")


def _clean(text: str) -> str:
    """Make any input safe to analyse: bounded length, no NULs or surrogates."""
    text = text[:20_000]
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", " ")


__all__ = ["FIELDS", "Answer", "Citation", "Engine", "Hit", "Section"]
