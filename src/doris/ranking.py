"""BM25F scoring over the index's fields, on sparse matrices.

For a query term t and section d the fields' term frequencies are combined
into one pseudo-frequency before saturation (Robertson & Zaragoza's BM25F):

    tf~(t, d) = sum_f  w_f * tf_f(t, d) / (1 - b_f + b_f * len_f(d) / avglen_f)
    score(d)  = sum_t  q_t * idf(t) * tf~ * (k1 + 1) / (tf~ + k1)

Only live rows count for N, avglen and document frequency.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from doris.index import FIELDS, Index


@dataclass(frozen=True)
class RankingParams:
    """BM25F parameters; field order follows :data:`doris.index.FIELDS`."""

    k1: float = 1.2
    field_weights: tuple[float, ...] = (1.5, 2.0, 1.0, 2.5)
    field_b: tuple[float, ...] = (0.5, 0.5, 0.75, 0.6)
    feedback_docs: int = 3
    feedback_terms: int = 8
    feedback_weight: float = 0.0
    # Boost for a section whose curated question variant matches the question:
    # score += variant_weight * similarity * (best score of the query).
    variant_weight: float = 1.0
    variant_candidates: int = 30
    # Boost for a section holding the kind of answer the question asks for
    # (doris.answer_type): score += answer_type_weight * match * best score.
    answer_type_weight: float = 0.3
    # Boost for a page's lead section when every content word of the question
    # is in the page's title ("Vad är återkrav?" asks about the whole topic).
    topic_weight: float = 0.5
    # Boost for a section whose whole heading, of at least heading_words words
    # as written, the small ones ("om", "inte", "in") counted, the question contains
    # word for word: "Vad händer om kompletteringen inte kommer in?" names the
    # section "Om kompletteringen inte kommer in", though its content words
    # alone favour the section on kompletteringar and handläggningstiden.
    heading_weight: float = 0.5
    heading_words: int = 3
    extra: dict = field(default_factory=dict)


@dataclass
class Scored:
    """Scores for the live rows plus what explains them."""

    scores: np.ndarray  # one per row (dead rows are 0)
    term_ids: list[int]
    term_weights: np.ndarray  # q_t * idf(t)
    tf: sp.csc_matrix  # rows x query terms, saturated contributions
    max_score: float  # score of a section that matches every term strongly
    missing_weight: float = 0.0  # q_t * idf of query terms the index lacks
    missing_terms: int = 0
    missing_max: float = 0.0  # the heaviest such term
    _rows: sp.csr_matrix | None = None
    variant_similarity: dict[int, float] = field(default_factory=dict)
    variant_boost: dict[int, float] = field(default_factory=dict)
    type_boost: dict[int, float] = field(default_factory=dict)
    topic_boost: dict[int, float] = field(default_factory=dict)
    heading_boost: dict[int, float] = field(default_factory=dict)
    synonym_overlap: dict[int, float] = field(default_factory=dict)

    def row(self, num: int) -> np.ndarray:
        """Saturated term frequencies of one row, one value per query term."""
        if self._rows is None:
            self._rows = self.tf.tocsr()
        out = np.zeros(len(self.term_ids))
        start, end = self._rows.indptr[num], self._rows.indptr[num + 1]
        out[self._rows.indices[start:end]] = self._rows.data[start:end]
        return out


def bm25f(index: Index, query: dict[str, float], params: RankingParams) -> Scored:
    """Score every row of ``index`` for the weighted ``query`` terms."""
    n_rows = index.n_rows
    items = [(index.vocab[t], w) for t, w in query.items() if t in index.vocab]
    n_live = float(index.alive.sum())
    n_missing = sum(1 for t in query if t not in index.vocab)
    # A term the index has never seen would have the highest idf of all.
    top_idf = float(np.log1p((n_live + 0.5) / 0.5))
    unknown = [w * top_idf for t, w in query.items() if t not in index.vocab]
    missing, missing_max = sum(unknown), max(unknown, default=0.0)
    if not items or n_rows == 0 or not index.alive.any():
        empty = sp.csc_matrix((n_rows, 0))
        return Scored(
            np.zeros(n_rows),
            [],
            np.zeros(0),
            empty,
            0.0,
            missing,
            n_missing,
            missing_max,
        )
    term_ids = [tid for tid, _ in items]
    q_weights = np.array([w for _, w in items])
    alive = index.alive.astype(np.float64)
    n_terms = len(term_ids)
    rows_parts, cols_parts, data_parts = [], [], []
    for f, cols in enumerate(index.columns(term_ids)):
        weight = params.field_weights[f]
        if weight == 0 or cols.nnz == 0:
            continue
        lengths = index.lengths[f]
        avg = (lengths * alive).sum() / n_live
        b = params.field_b[f]
        norm = 1.0 - b + b * lengths / avg if avg > 0 else np.ones(n_rows)
        scale = alive * weight / norm
        # Scale each stored value by its row's factor (cheaper than diag @ cols).
        rows_parts.append(cols.indices)
        cols_parts.append(np.repeat(np.arange(n_terms), np.diff(cols.indptr)))
        data_parts.append(cols.data * scale[cols.indices])
    if not data_parts:
        empty = sp.csc_matrix((n_rows, n_terms))
        return Scored(
            np.zeros(n_rows),
            term_ids,
            np.zeros(n_terms),
            empty,
            0.0,
            missing,
            n_missing,
            missing_max,
        )
    # Duplicates (the same row and term in several fields) are summed.
    combined = sp.csc_matrix(
        (
            np.concatenate(data_parts),
            (np.concatenate(rows_parts), np.concatenate(cols_parts)),
        ),
        shape=(n_rows, n_terms),
    )
    combined.eliminate_zeros()
    df = np.diff(combined.indptr).astype(np.float64)
    idf = np.log1p((n_live - df + 0.5) / (df + 0.5))
    k1 = params.k1
    combined.data = combined.data * (k1 + 1) / (combined.data + k1)
    term_weights = q_weights * idf
    scores = np.asarray(combined @ term_weights).ravel()
    max_score = float(term_weights.sum() * (k1 + 1) * 0.5)
    return Scored(
        scores,
        term_ids,
        term_weights,
        combined,
        max_score,
        missing,
        n_missing,
        missing_max,
    )


def synonyms_stand_in(
    index: Index,
    scored: Scored,
    groups: tuple[tuple[frozenset[str], frozenset[str]], ...],
) -> None:
    """A synonym stands in for the question's word; it does not add to it.

    A section that matches both the question's expression and a synonym of it
    keeps only the larger of the two matches (``score -= min(own, synonyms)``),
    as Lucene's SynonymQuery scores a word and its synonyms as one term.
    Otherwise a section saying "återkrav" and "återbetalning" outranks the one
    that answers the question about återkrav.
    """
    if not groups or not scored.term_ids:
        return
    column = {tid: j for j, tid in enumerate(scored.term_ids)}

    def match(terms: frozenset[str]) -> sp.csc_matrix | None:
        cols = [column[index.vocab[t]] for t in terms if index.vocab.get(t) in column]
        if not cols:
            return None
        return scored.tf[:, cols] @ sp.csc_matrix(scored.term_weights[cols][:, None])

    for own, synonyms in groups:
        a, b = match(own), match(synonyms)
        if a is None or b is None:
            continue
        overlap = a.minimum(b).tocoo()
        for row, value in zip(overlap.row.tolist(), overlap.data.tolist(), strict=True):
            scored.scores[row] -= value
            scored.synonym_overlap[row] = scored.synonym_overlap.get(row, 0.0) + value


def top_k(scores: np.ndarray, k: int, index: Index) -> list[int]:
    """Row numbers of the best ``k`` positive scores; ties by section id."""
    positive = np.flatnonzero(scores > 0)
    if len(positive) == 0 or k <= 0:
        return []
    if len(positive) > 4 * k:
        part = np.argpartition(-scores[positive], 4 * k - 1)[: 4 * k]
        positive = positive[part]
    ordered = sorted(
        positive.tolist(),
        key=lambda r: (-round(float(scores[r]), 9), index.ids[r]),
    )
    return ordered[:k]


def feedback_terms(
    index: Index, rows: list[int], query_ids: set[int], n_terms: int
) -> dict[int, float]:
    """Pseudo-relevance feedback: the most distinctive terms of the top rows."""
    if not rows:
        return {}
    n_live = max(float(index.alive.sum()), 1.0)
    weight: dict[int, float] = {}
    for rank, row in enumerate(rows):
        counts: dict[int, float] = {}
        for f in range(len(FIELDS)):
            for tid, tf in index.row_terms(row, f).items():
                counts[tid] = counts.get(tid, 0.0) + tf
        total = sum(counts.values()) or 1.0
        for tid, tf in counts.items():
            if tid in query_ids:
                continue
            weight[tid] = weight.get(tid, 0.0) + (tf / total) / (rank + 1)
    if not weight:
        return {}
    ids = list(weight)
    df = np.zeros(len(ids))
    for cols in index.columns(ids):
        df += np.diff(cols.multiply(index.alive[:, None]).tocsc().indptr)
    idf = np.log1p((n_live - df + 0.5) / (df + 0.5))
    ranked = sorted(
        ((weight[t] * idf[i], t) for i, t in enumerate(ids) if df[i] > 1),
        reverse=True,
    )[:n_terms]
    if not ranked:
        return {}
    top = ranked[0][0]
    return {t: w / top for w, t in ranked}
