"""SweFAQ (SuperLim 2) loader: any split of the JSON Lines format.

Each line has ``question``, ``candidate_answers`` (all answers of the question's
category), ``label`` (index of the right answer) and ``category_id``. The
``meta`` field is for analysis only and is not used.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from doris.index import Section

DEFAULT_RELATIVE = Path("..") / "shared" / "data" / "swefaq" / "swefaq_dev.jsonl"


@dataclass(frozen=True)
class Query:
    id: str
    text: str
    relevant: frozenset[str]
    candidates: tuple[str, ...]  # the category's answers (SuperLim's own task)
    answer: str  # the right answer's document id
    group: int  # category id


@dataclass(frozen=True)
class Dataset:
    name: str
    documents: dict[str, str]  # document id -> text
    queries: list[Query]
    sections: list[Section] | None = None  # fielded documents, for doris


def default_path() -> Path:
    """The dev file: $DORIS_SWEFAQ, or ../shared/... from the repo or the cwd."""
    env = os.environ.get("DORIS_SWEFAQ")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[3]
    for base in (Path.cwd(), repo):
        candidate = (base / DEFAULT_RELATIVE).resolve()
        if candidate.exists():
            return candidate
    return (repo / DEFAULT_RELATIVE).resolve()


def load(path: str | os.PathLike) -> Dataset:
    """Open-corpus view: every distinct answer a document, every question a query."""
    documents: dict[str, str] = {}
    doc_of: dict[str, str] = {}
    queries = []
    with open(path, encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                candidates = [str(a) for a in row["candidate_answers"]]
                right = candidates[int(row["label"])]
                question = str(row["question"])
            except (KeyError, IndexError, TypeError, ValueError) as error:
                raise ValueError(
                    f"{path}:{line_no}: not a SweFAQ row ({error})"
                ) from error
            ids = []
            for text in candidates:
                key = " ".join(text.split())
                if key not in doc_of:
                    doc_of[key] = f"a{len(doc_of)}"
                    documents[doc_of[key]] = text
                ids.append(doc_of[key])
            answer_id = doc_of[" ".join(right.split())]
            queries.append(
                Query(
                    id=f"q{line_no}",
                    text=question,
                    relevant=frozenset({answer_id}),
                    candidates=tuple(ids),
                    answer=answer_id,
                    group=int(row.get("category_id", 0)),
                )
            )
    return Dataset(Path(path).name, documents, queries)
