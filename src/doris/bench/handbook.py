"""The project's own set: questions over the demo handbook (Markdown).

A tiny reader for the handbook's Markdown format (docs/handbook-format.md):
front matter, an introduction, and one section per ``##`` heading with its
anchor (the heading's slug or an explicit ``{#anchor}``). No Django involved.

Questions live in ``src/doris/bench/data/handbook_questions.jsonl`` (one JSON
object a line: ``question`` and the answering ``page`` ("area/slug") and
``anchor``, or ``section`` as "area/slug#anchor") and
``handbook_unanswerable.jsonl`` (``question`` only).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from doris.bench.swefaq import Dataset, Query
from doris.index import Section
from doris.section import lead_text

_REPO = Path(__file__).resolve().parents[3]
HANDBOOK_DIR = _REPO / "src" / "guru" / "demo" / "handbook"
DATA_DIR = Path(__file__).resolve().parent / "data"
_HEADING = re.compile(r"^##\s+(?P<text>.*?)\s*(?:\{#(?P<anchor>[\w-]+)\})?\s*$")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def slugify(text: str) -> str:
    """Django-compatible slug: ASCII, lower case, hyphens."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text.lower())
    return re.sub(r"[-\s]+", "-", text).strip("-_")


def _plain(markdown: str) -> str:
    text = _LINK.sub(r"\1", markdown)
    text = re.sub(r"^#{3,}\s*", "", text, flags=re.M)
    text = re.sub(r"[*_`>|]", " ", text)
    text = re.sub(r"^\s*(?:[-+]|\d+\.)\s+", "", text, flags=re.M)
    return " ".join(text.split())


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        return {}, text
    meta = {}
    for line in text[3:end].splitlines():
        if ":" in line and not line.startswith((" ", "-")):
            key, value = line.split(":", 1)
            meta[key.strip()] = value.split("#", 1)[0].strip()
    return meta, text[end + 4 :]


def read_page(path: Path, page: str) -> list[Section]:
    """Sections of one guidance page; the introduction is the "" anchor."""
    meta, body = _front_matter(path.read_text(encoding="utf-8"))
    title = meta.get("title", page)
    sections = []
    heading, anchor, lines = "", "", []

    def flush() -> None:
        text = _plain("\n".join(lines))
        if not heading:
            text = lead_text(meta.get("summary", ""), text)
        if heading or text:
            sections.append(
                Section(
                    id=f"{page}#{anchor}",
                    title=title,
                    heading=heading,
                    body=text,
                    page=page,
                    anchor=anchor,
                )
            )

    for line in body.splitlines():
        match = _HEADING.match(line)
        if match and not line.startswith("###"):
            flush()
            heading = match.group("text")
            anchor = match.group("anchor") or slugify(heading)
            lines = []
        else:
            lines.append(line)
    flush()
    return sections


def read_handbook(directory: Path = HANDBOOK_DIR) -> list[Section]:
    sections = []
    for path in sorted(directory.glob("*/*.md")):
        if path.name.startswith("_"):
            continue
        sections.extend(read_page(path, f"{path.parent.name}/{path.stem}"))
    return sections


def _read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _section_id(row: dict) -> str:
    if "section" in row:
        return str(row["section"])
    return f"{row['page']}#{row.get('anchor', '')}"


@dataclass
class HandbookSet:
    sections: list[Section]
    dataset: Dataset  # documents: section id -> plain text (for the peers)
    unanswerable: list[str]


def load_default() -> HandbookSet | None:
    """The demo handbook with its question sets, or None if not there."""
    questions = DATA_DIR / "handbook_questions.jsonl"
    if not HANDBOOK_DIR.is_dir() or not questions.exists():
        return None
    sections = read_handbook()
    known = {s.id for s in sections}
    queries = []
    for n, row in enumerate(_read_jsonl(questions)):
        target = _section_id(row)
        if target not in known:
            raise ValueError(f"{questions.name}: unknown section {target!r}")
        queries.append(
            Query(f"h{n}", row["question"], frozenset({target}), (), target, 0)
        )
    unanswerable_path = DATA_DIR / "handbook_unanswerable.jsonl"
    unanswerable = (
        [r["question"] for r in _read_jsonl(unanswerable_path)]
        if unanswerable_path.exists()
        else []
    )
    documents = {s.id: " ".join([s.title, s.heading, s.body]) for s in sections}
    return HandbookSet(
        sections, Dataset("handbook", documents, queries, sections), unanswerable
    )
