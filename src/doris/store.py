"""Section storage that loads fast: one text blob, sections built on access.

A worker that loads a 100,000-section index only needs the ids at start-up;
the texts of a section are sliced out of one string when a query shows it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from doris.section import Section

_FIELDS = ("id", "title", "heading", "body", "questions", "page", "anchor", "meta")
_QSEP = "\x1f"  # joins question variants inside the blob


class SectionStore:
    """A list of ``Section | None`` (None = removed) with lazy loading."""

    def __init__(self) -> None:
        self._items: list[Section | int | None] = []
        self._text = ""
        self._offsets = np.zeros((0, len(_FIELDS) + 1), dtype=np.int64)

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, num: int) -> Section | None:
        item = self._items[num]
        if isinstance(item, int):
            item = self._build(item)
            self._items[num] = item
        return item

    def __setitem__(self, num: int, value: Section | None) -> None:
        self._items[num] = value

    def __iter__(self) -> Iterator[Section | None]:
        for num in range(len(self._items)):
            yield self[num]

    def append(self, section: Section) -> None:
        self._items.append(section)

    def select(self, keep: np.ndarray) -> SectionStore:
        """A store with only the rows in ``keep`` (order kept)."""
        out = SectionStore()
        out._text, out._offsets = self._text, self._offsets
        out._items = [self._items[i] for i in keep.tolist()]
        return out

    def _build(self, stored: int) -> Section:
        o = self._offsets[stored].tolist()
        f = [self._text[o[i] : o[i + 1]] for i in range(len(_FIELDS))]
        questions = tuple(f[4].split(_QSEP)) if f[4] else ()
        meta = json.loads(f[7]) if f[7] else {}
        return Section(f[0], f[1], f[2], f[3], questions, f[5], f[6], meta)

    # -- persistence -----------------------------------------------------
    def save(self, directory: Path) -> None:
        """Write live sections as ``sections.txt`` + ``sections.npy`` offsets."""
        parts: list[str] = []
        lengths: list[int] = []
        for section in self:
            if section is None:
                continue
            values = (
                section.id,
                section.title,
                section.heading,
                section.body,
                _QSEP.join(section.questions),
                section.page,
                section.anchor,
                json.dumps(section.meta, ensure_ascii=False) if section.meta else "",
            )
            parts.extend(values)
            lengths.extend(len(v) for v in values)
        ends = np.cumsum(np.array(lengths, dtype=np.int64))
        starts = np.concatenate([[0], ends])
        n = len(lengths) // len(_FIELDS)
        idx = np.arange(n)[:, None] * len(_FIELDS) + np.arange(len(_FIELDS) + 1)
        offsets = starts[idx] if n else np.zeros((0, len(_FIELDS) + 1), np.int64)
        with open(directory / "sections.tmp", "w", encoding="utf-8", newline="") as out:
            out.write("".join(parts))
        np.save(directory / "sections.tmp.npy", offsets)
        (directory / "sections.tmp").replace(directory / "sections.txt")
        (directory / "sections.tmp.npy").replace(directory / "sections.npy")

    @classmethod
    def load(cls, directory: Path) -> tuple[SectionStore, list[str]]:
        """The store (nothing built yet) and the section ids in row order."""
        store = cls()
        with open(directory / "sections.txt", encoding="utf-8", newline="") as handle:
            store._text = handle.read()
        store._offsets = np.load(directory / "sections.npy")
        n = len(store._offsets)
        store._items = list(range(n))
        text = store._text
        ids = [text[a:b] for a, b in store._offsets[:, :2].tolist()]
        return store, ids
