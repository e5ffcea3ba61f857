"""A SweFAQ variant with typing errors: one seeded edit in a content word.

The edit is one of: two neighbouring letters swapped, a letter dropped, a
letter doubled, or a letter replaced by its neighbour on a Swedish keyboard.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace

from doris.analysis import default_stopwords
from doris.bench.swefaq import Dataset

_NEIGHBOURS = {
    "a": "sq", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh",
    "h": "gj", "i": "uo", "j": "hk", "k": "jl", "l": "kö", "m": "n", "n": "bm",
    "o": "ip", "p": "oå", "r": "et", "s": "ad", "t": "ry", "u": "yi", "v": "cb",
    "y": "tu", "ä": "öå", "ö": "lä", "å": "pä",
}  # fmt: skip


def misspell(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    if kind == 2:
        return word[:i] + word[i] + word[i:]
    near = _NEIGHBOURS.get(word[i].lower(), "e")
    return word[:i] + rng.choice(near) + word[i + 1 :]


def with_typos(data: Dataset, seed: int = 5) -> Dataset:
    """Every question with one misspelt word of six letters or more."""
    rng = random.Random(seed)  # noqa: S311 - reproducible noise, not secrets
    stop = default_stopwords()
    queries = []
    for query in data.queries:
        words = [
            m for m in re.finditer(r"[^\W\d_]{6,}", query.text)
            if m.group().lower() not in stop
        ]  # fmt: skip
        text = query.text
        if words:
            m = rng.choice(words)
            text = text[: m.start()] + misspell(m.group(), rng) + text[m.end() :]
        queries.append(replace(query, text=text))
    return Dataset(data.name + " (typos)", data.documents, queries, data.sections)
