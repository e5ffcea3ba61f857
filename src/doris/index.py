"""The inverted index: sections -> per-field sparse term-frequency matrices.

Rows are internal document numbers, columns term ids. The index is a small
log-structured design: a large *main* segment in CSC form (fast column slices
for query terms) plus a *delta* of recently added rows. Removing a section
marks its row dead; collection statistics (document count, average field
lengths, document frequencies) only count live rows, so add/update/remove
give the same scores as a fresh build. The delta is merged into the main
segment when it grows, and dead rows are dropped on ``compact()`` and ``save``.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from doris.analysis import Analyzer
from doris.section import FIELDS, Section
from doris.store import SectionStore

# Raised whenever the saved layout or the analysis behind the terms changes
# (3: deverbal nouns also index their verb's stem; 4: "1 000 000" is one
# number and whole millions also index "N miljon"), so an old index is rebuilt.
FORMAT_VERSION = 4
__all__ = ["FIELDS", "Index", "Section"]


class Index:
    """Sparse BM25F-ready index with add/update/remove and save/load."""

    def __init__(self, analyzer: Analyzer | None = None) -> None:
        self.analyzer = analyzer or Analyzer()
        self.vocab: dict[str, int] = {}
        self.terms: list[str] = []
        self.sections = SectionStore()
        self.ids: list[str] = []  # section id per row (kept for removed rows)
        self.num_of: dict[str, int] = {}
        self.alive = np.zeros(0, dtype=bool)
        self.lengths = np.zeros((len(FIELDS), 0), dtype=np.float64)
        self.surface: Counter[str] = Counter()
        self._main = [_empty(0, 0) for _ in FIELDS]
        self._delta_rows: list[list[dict[int, int]]] = []  # per row, per field
        self._delta_cache: list[sp.csc_matrix] | None = None
        # Optional dense vectors, one row per index row (see doris.encoders).
        self._vectors: np.ndarray | None = None
        self.vector_source = ""  # the encoder's fingerprint ("" for none)
        self._vector_tail: list[np.ndarray] = []
        self.version = 0

    # -- size ------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.num_of)

    def __contains__(self, section_id: str) -> bool:
        return section_id in self.num_of

    @property
    def n_rows(self) -> int:
        return len(self.sections)

    def get(self, section_id: str) -> Section | None:
        num = self.num_of.get(section_id)
        return None if num is None else self.sections[num]

    def live_sections(self) -> list[Section]:
        return [s for s in self.sections if s is not None]

    # -- writes ----------------------------------------------------------
    def add(self, section: Section, vector: np.ndarray | None = None) -> None:
        """Add a section; an existing section with the same id is replaced."""
        if section.id in self.num_of:
            self.remove(section.id)
        row, lengths = self._analyse(section)
        self._add_vector(vector)
        num = len(self.sections)
        self.sections.append(section)
        self.ids.append(section.id)
        self.num_of[section.id] = num
        self.alive = np.append(self.alive, True)
        self.lengths = np.hstack([self.lengths, np.array(lengths, float)[:, None]])
        self._delta_rows.append(row)
        self._delta_cache = None
        self.version += 1
        if len(self._delta_rows) > max(2000, self._main[0].shape[0] // 8):
            self.merge()

    def add_many(
        self, sections: Iterable[Section], vectors: np.ndarray | None = None
    ) -> None:
        """Add many sections (faster than repeated ``add``: one merge)."""
        alive, lengths = [self.alive], [self.lengths]
        for i, section in enumerate(sections):
            if section.id in self.num_of:
                self.remove(section.id)
            row, lens = self._analyse(section)
            self._add_vector(None if vectors is None else vectors[i])
            self.num_of[section.id] = len(self.sections)
            self.sections.append(section)
            self.ids.append(section.id)
            alive.append(np.ones(1, bool))
            lengths.append(np.array(lens, float)[:, None])
            self._delta_rows.append(row)
        self.alive = np.concatenate(alive)
        self.lengths = np.hstack(lengths)
        self._delta_cache = None
        self.version += 1
        self.merge()

    def _analyse(self, section: Section) -> tuple[list[dict[int, int]], list[int]]:
        """Per field, term id -> count; and the field lengths."""
        row: list[dict[int, int]] = []
        lengths = []
        for name in FIELDS:
            counts: Counter[int] = Counter()
            previous = None
            for folded, token in self.analyzer.surface_words(section.field_text(name)):
                if token.kind == "word":
                    self.surface[folded] += 1
                terms = self.analyzer.token_terms(folded, token.kind)
                for term in terms:
                    counts[self._term_id(term)] += 1
                if self.analyzer.bigrams and terms:
                    if previous is not None:
                        counts[self._term_id(f"+{previous}_{terms[0]}")] += 1
                    previous = terms[0]
            row.append(dict(counts))
            lengths.append(sum(counts.values()))
        return row, lengths

    def update(self, section: Section, vector: np.ndarray | None = None) -> None:
        """Replace the section with the same id (or add it)."""
        self.add(section, vector)

    def _add_vector(self, vector: np.ndarray | None) -> None:
        if vector is not None:
            self._vector_tail.append(np.asarray(vector, dtype=np.float32))

    def vectors(self) -> np.ndarray | None:
        """Dense vectors of all rows, or None if the index has none for every row."""
        if self._vector_tail:
            parts = [] if self._vectors is None else [self._vectors]
            self._vectors = np.vstack([*parts, np.vstack(self._vector_tail)])
            self._vector_tail = []
        if self._vectors is None or len(self._vectors) != self.n_rows:
            return None
        return self._vectors

    def remove(self, section_id: str) -> bool:
        """Remove a section; returns False if it was not there."""
        num = self.num_of.pop(section_id, None)
        if num is None:
            return False
        section = self.sections[num]
        if section is None:
            return False
        for name in FIELDS:
            for folded, token in self.analyzer.surface_words(section.field_text(name)):
                if token.kind == "word":
                    self.surface[folded] -= 1
                    if self.surface[folded] <= 0:
                        del self.surface[folded]
        self.sections[num] = None
        self.alive[num] = False
        self.version += 1
        return True

    def _term_id(self, term: str) -> int:
        tid = self.vocab.get(term)
        if tid is None:
            tid = len(self.terms)
            self.vocab[term] = tid
            self.terms.append(term)
        return tid

    # -- matrices --------------------------------------------------------
    def _delta(self) -> list[sp.csc_matrix]:
        if self._delta_cache is None:
            self._delta_cache = [
                _rows_to_csc([row[f] for row in self._delta_rows], len(self.terms))
                for f in range(len(FIELDS))
            ]
        return self._delta_cache

    def merge(self) -> None:
        """Fold the delta rows into the main segment."""
        if not self._delta_rows:
            return
        n_terms = len(self.terms)
        delta = self._delta()
        merged = []
        for main, extra in zip(self._main, delta, strict=True):
            main = _with_columns(main, n_terms)
            extra = _with_columns(extra, n_terms)
            merged.append(sp.vstack([main, extra], format="csc"))
        self._main = merged
        self._delta_rows = []
        self._delta_cache = None

    def columns(self, term_ids: list[int]) -> list[sp.csc_matrix]:
        """Per field, the (n_rows x len(term_ids)) term-frequency columns."""
        out = []
        delta = self._delta() if self._delta_rows else None
        for f, main in enumerate(self._main):
            cols = _slice_columns(main, term_ids)
            if delta is not None:
                cols = sp.vstack([cols, _slice_columns(delta[f], term_ids)], "csc")
            out.append(cols)
        return out

    def row_terms(self, num: int, field_index: int) -> dict[int, int]:
        """Term counts of one row and field (used for feedback and snippets)."""
        n_main = self._main[field_index].shape[0]
        if num >= n_main:
            return dict(self._delta_rows[num - n_main][field_index])
        matrix = self._main_csr(field_index)
        start, end = matrix.indptr[num], matrix.indptr[num + 1]
        return dict(
            zip(
                matrix.indices[start:end].tolist(),
                matrix.data[start:end].tolist(),
                strict=True,
            )
        )

    def _main_csr(self, field_index: int) -> sp.csr_matrix:
        cache = getattr(self, "_csr_cache", None)
        key = (id(self._main[field_index]), field_index)
        if cache is None or key not in cache:
            cache = cache if cache is not None else {}
            cache = {k: v for k, v in cache.items() if k[1] != field_index}
            cache[key] = self._main[field_index].tocsr()
            self._csr_cache = cache
        return cache[key]

    def compact(self) -> None:
        """Drop dead rows and renumber (done before saving)."""
        self.merge()
        keep = np.flatnonzero(self.alive)
        if len(keep) == len(self.sections):
            return
        vectors = self.vectors()  # before the row count changes
        self._main = [m.tocsr()[keep].tocsc() for m in self._main]
        self.sections = self.sections.select(keep)
        self.ids = [self.ids[i] for i in keep.tolist()]
        self.num_of = {section_id: i for i, section_id in enumerate(self.ids)}
        self.alive = np.ones(len(keep), dtype=bool)
        self.lengths = self.lengths[:, keep]
        self._vectors = None if vectors is None else vectors[keep]
        self._csr_cache = None

    # -- persistence -----------------------------------------------------
    def save(self, path: str | os.PathLike) -> None:
        """Write the index to the directory ``path`` (created if needed)."""
        self.compact()
        directory = Path(path)
        directory.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {"lengths": self.lengths}
        for f, matrix in enumerate(self._main):
            matrix = _with_columns(matrix, len(self.terms))
            arrays[f"f{f}_data"] = matrix.data.astype(np.float32)
            arrays[f"f{f}_indices"] = matrix.indices
            arrays[f"f{f}_indptr"] = matrix.indptr
        tmp = directory / "matrices.tmp.npz"
        np.savez(tmp, **arrays)
        meta = {
            "format": FORMAT_VERSION,
            "saved_at": time.time(),
            "terms": self.terms,
            "surface": self.surface,
            "vector_source": self.vector_source,
        }
        (directory / "index.tmp.json").write_text(
            json.dumps(meta, ensure_ascii=False), encoding="utf-8"
        )
        self.sections.save(directory)
        vectors = self.vectors()
        if vectors is not None:
            np.save(directory / "vectors.tmp.npy", vectors)
            os.replace(directory / "vectors.tmp.npy", directory / "vectors.npy")
        else:
            (directory / "vectors.npy").unlink(missing_ok=True)
        os.replace(tmp, directory / "matrices.npz")
        os.replace(directory / "index.tmp.json", directory / "index.json")

    @classmethod
    def load(cls, path: str | os.PathLike, analyzer: Analyzer | None = None) -> Index:
        """Read an index written by :meth:`save`; nothing is re-analysed."""
        directory = Path(path)
        meta = json.loads((directory / "index.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"unknown index format {meta.get('format')!r}")
        index = cls(analyzer)
        index.terms = meta["terms"]
        index.vocab = {t: i for i, t in enumerate(index.terms)}
        index.surface = Counter(meta["surface"])
        index.sections, index.ids = SectionStore.load(directory)
        index.num_of = {section_id: i for i, section_id in enumerate(index.ids)}
        n_rows, n_terms = len(index.sections), len(index.terms)
        with np.load(directory / "matrices.npz") as arrays:
            index.lengths = arrays["lengths"]
            index._main = [
                sp.csc_matrix(
                    (
                        arrays[f"f{f}_data"].astype(np.float64),
                        arrays[f"f{f}_indices"],
                        arrays[f"f{f}_indptr"],
                    ),
                    shape=(n_rows, n_terms),
                )
                for f in range(len(FIELDS))
            ]
        index.alive = np.ones(n_rows, dtype=bool)
        if (directory / "vectors.npy").exists():
            index._vectors = np.load(directory / "vectors.npy")
        index.vector_source = str(meta.get("vector_source", ""))
        return index


def _empty(rows: int, cols: int) -> sp.csc_matrix:
    return sp.csc_matrix((rows, cols), dtype=np.float64)


def _rows_to_csc(rows: list[dict[int, int]], n_terms: int) -> sp.csc_matrix:
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for row in rows:
        indices.extend(row.keys())
        data.extend(row.values())
        indptr.append(len(indices))
    matrix = sp.csr_matrix(
        (np.array(data, float), np.array(indices, np.int32), np.array(indptr)),
        shape=(len(rows), n_terms),
    )
    return matrix.tocsc()


def _with_columns(matrix: sp.csc_matrix, n_terms: int) -> sp.csc_matrix:
    """Widen a CSC matrix to ``n_terms`` columns (new terms have no entries)."""
    rows, cols = matrix.shape
    if cols == n_terms:
        return matrix
    indptr = np.concatenate(
        [matrix.indptr, np.full(n_terms - cols, matrix.indptr[-1], matrix.indptr.dtype)]
    )
    return sp.csc_matrix((matrix.data, matrix.indices, indptr), shape=(rows, n_terms))


def _slice_columns(matrix: sp.csc_matrix, term_ids: list[int]) -> sp.csc_matrix:
    rows, cols = matrix.shape
    ids = [t if t < cols else -1 for t in term_ids]
    if all(t >= 0 for t in ids):
        return matrix[:, ids]
    # Terms newer than this segment have no entries in it.
    known = [i for i, t in enumerate(ids) if t >= 0]
    part = matrix[:, [ids[i] for i in known]] if known else _empty(rows, 0)
    part = part.tocoo()
    mapping = np.array(known, dtype=np.int64)
    return sp.csc_matrix(
        (part.data, (part.row, mapping[part.col] if len(known) else part.col)),
        shape=(rows, len(term_ids)),
    )
