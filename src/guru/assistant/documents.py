"""Guidance documents from the document space in Doris's index (issue 7).

A document marked as vägledning (``guru.documents``) is indexed from its current
version's extracted text, split into sections at headings and paragraphs. Its
sections have ids ``d<document id>#<n>`` and cite ``d<document id>``, so they never
mix with the pages' ``<page id>#<anchor>``.

Freshness: ``guidance_changed`` (sent after commit) records an index change of the
kind ``document`` with the document's id, and every process re-reads that document
as it catches up, exactly as for a page. ``document`` is deliberately not one of
``IndexChange.Kind``'s choices (that would need a migration of the assistant app
while it is being changed on another branch); the column is plain text.

Permissions: at answer and search time :func:`document_sources` keeps only the
documents the asking user may open now (``guru.documents.permissions.access_map``,
the same rule as ``selectors.guidance_documents_for``). A stale index can therefore
never show a document to someone who may not open it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from doris import Section

DOCUMENT_KIND = "document"
PREFIX = "d"
SECTION_CHARS = 900  # paragraphs are joined up to about this size
MAX_SECTION_CHARS = 2000  # a single longer paragraph is cut at sentence ends

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def is_document_key(key: str) -> bool:
    return key.startswith(PREFIX)


def document_key(document_id: int) -> str:
    return f"{PREFIX}{document_id}"


def document_id_of(key: str) -> int | None:
    """``d12`` (or ``d12#3``) → 12; anything else → None."""
    head = key.split("#", 1)[0]
    if head.startswith(PREFIX) and head[1:].isdigit():
        return int(head[1:])
    return None


def index_key(section_id: str) -> int | str:
    """What a section belongs to: a page id, or ``d<id>`` for a document."""
    head = section_id.split("#", 1)[0]
    return head if is_document_key(head) else int(head)


# -- from text to sections ---------------------------------------------------------
def _is_heading(line: str, following: str | None) -> bool:
    """A short line without closing punctuation, followed by text, is a heading."""
    return (
        following is not None
        and len(line) <= 80
        and len(line.split()) <= 10
        and line[-1] not in ".,;:!?…"
        and not line[0].islower()
    )


def _paragraphs(text: str) -> list[str]:
    """Blocks of text: blank lines separate; so does every line that is a heading."""
    blocks: list[str] = []
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    raws = [
        [" ".join(line.split()) for line in raw.split("\n") if line.strip()]
        for raw in re.split(r"\n\s*\n", normalised)
    ]
    raws = [lines for lines in raws if lines]
    for n, lines in enumerate(raws):
        current: list[str] = []
        after = raws[n + 1][0] if n + 1 < len(raws) else None
        for i, line in enumerate(lines):
            if _is_heading(line, lines[i + 1] if i + 1 < len(lines) else after):
                if current:
                    blocks.append(" ".join(current))
                    current = []
                blocks.append("\n" + line)  # marked as a heading
            else:
                current.append(line)
        if current:
            blocks.append(" ".join(current))
    return blocks


def _cut(paragraph: str) -> list[str]:
    if len(paragraph) <= MAX_SECTION_CHARS:
        return [paragraph]
    out, current = [], ""
    for sentence in _SENTENCE_END.split(paragraph):
        if current and len(current) + len(sentence) + 1 > MAX_SECTION_CHARS:
            out.append(current)
            current = ""
        current = f"{current} {sentence}".strip()
        while len(current) > MAX_SECTION_CHARS:  # one endless "sentence"
            out.append(current[:MAX_SECTION_CHARS])
            current = current[MAX_SECTION_CHARS:]
    if current:
        out.append(current)
    return out


def text_sections(text: str) -> list[tuple[str, str]]:
    """(heading, body) pairs: a new section at each heading or when one grows big."""
    out: list[tuple[str, str]] = []
    heading, body = "", ""
    for block in _paragraphs(text or ""):
        if block.startswith("\n"):
            if body:
                out.append((heading, body))
            elif heading:  # two headings in a row: the first has no text of its own
                block = f"\n{heading} – {block[1:]}"
            heading, body = block[1:], ""
            continue
        for part in _cut(block):
            if body and len(body) + len(part) > SECTION_CHARS:
                out.append((heading, body))
                body = ""
            body = f"{body}\n{part}" if body else part
    if body:
        out.append((heading, body))
    elif heading:
        out.append(("", heading))
    return out


def sections_for_document(document) -> list[Section]:
    """The sections Doris indexes for one document (none unless guidance with text)."""
    from guru.documents.models import TextStatus

    version = document.current_version
    if (
        not document.is_guidance
        or document.deleted_at is not None
        or version is None
        or version.text_status != TextStatus.OK
    ):
        return []
    key = document_key(document.pk)
    return [
        Section(
            f"{key}#{n}",
            title=document.title,
            heading=heading,
            body=body,
            page=key,
            anchor="",
        )
        for n, (heading, body) in enumerate(text_sections(version.text), start=1)
    ]


def _guidance_documents():
    from guru.documents.models import Document, TextStatus

    return (
        Document.objects.filter(
            is_guidance=True,
            deleted_at__isnull=True,
            current_version__text_status=TextStatus.OK,
        )
        .select_related("current_version")
        .order_by("pk")
    )


def all_document_sections() -> list[Section]:
    """Every section of every guidance document (whoever may read it)."""
    out: list[Section] = []
    for document in _guidance_documents():
        out.extend(sections_for_document(document))
    return out


def document_sections(document_id: int) -> list[Section]:
    document = _guidance_documents().filter(pk=document_id).first()
    return sections_for_document(document) if document is not None else []


# -- freshness -----------------------------------------------------------------------
def index_document_changed(*, document_id: int) -> int:
    """Record that a guidance document changed (flag, version, delete, restore)."""
    from django.db import transaction

    from .services import _version_bump

    with transaction.atomic():
        return _version_bump(kind=DOCUMENT_KIND, page_id=document_id)


def on_guidance_changed(sender, document, **kwargs) -> None:
    """``guru.documents.signals.guidance_changed`` (already after commit)."""
    index_document_changed(document_id=document.pk)


# -- who may read what ----------------------------------------------------------------
@dataclass(frozen=True)
class DocumentSource:
    """A guidance document the asking user may open, as Doris cites it."""

    document_id: int
    title: str
    url: str


def document_sources(keys: set[str], user) -> dict[str, DocumentSource]:
    """Of the cited ``d<id>`` keys, those whose document the user may open now."""
    from guru.documents.models import Document
    from guru.documents.permissions import access_map

    ids = {i for i in (document_id_of(k) for k in keys) if i is not None}
    if not ids:
        return {}
    documents = Document.objects.filter(
        pk__in=ids,
        is_guidance=True,
        deleted_at__isnull=True,
        folder_id__in=access_map(user).viewable,
    ).only("id", "title")
    return {
        document_key(d.pk): DocumentSource(d.pk, d.title, d.get_absolute_url())
        for d in documents
    }
