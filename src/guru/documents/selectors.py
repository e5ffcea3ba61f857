"""What reads: folders a user may see, documents, permission-aware search."""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Document, DocumentEvent, DocumentVersion, Folder, TextStatus
from .permissions import access_map

SNIPPET_CHARS = 220
MAX_TERMS = 10


def folder_roots(*, user) -> list[Folder]:
    """Visible folders whose parent the user cannot see (usually the top level)."""
    visible = access_map(user).viewable
    return [
        folder
        for folder in Folder.objects.filter(pk__in=visible)
        if folder.parent_id not in visible
    ]


def folder_children(*, user, folder: Folder) -> QuerySet[Folder]:
    return folder.children.filter(pk__in=access_map(user).viewable)


def folder_trail(*, user, folder: Folder) -> list[Folder]:
    """The folder's visible ancestors, outermost first, for breadcrumbs."""
    visible = access_map(user).viewable
    by_id = {f.pk: f for f in Folder.objects.only("pk", "name", "parent_id")}
    trail = []
    current = by_id.get(folder.parent_id)
    while current is not None and current.pk in visible:
        trail.append(current)
        current = by_id.get(current.parent_id)
    return list(reversed(trail))


def folder_path(folder: Folder) -> str:
    """ "Ledningsgruppen / Möten / 2026" – for search hits and the importer."""
    names = []
    current: Folder | None = folder
    while current is not None:
        names.append(current.name)
        current = current.parent
    return " / ".join(reversed(names))


def folder_by_path(path: str) -> Folder | None:
    """Find a folder by its names from the top, separated by "/" (any case)."""
    folder = None
    for name in [part.strip() for part in path.split("/") if part.strip()]:
        folder = Folder.objects.filter(parent=folder, name__iexact=name).first()
        if folder is None:
            return None
    return folder


def folder_documents(*, folder: Folder) -> QuerySet[Document]:
    # current_version and its uploader are shown on every row
    return folder.documents.filter(deleted_at__isnull=True).select_related(
        "current_version", "current_version__uploaded_by"
    )


def folder_deleted_documents(*, folder: Folder) -> QuerySet[Document]:
    return folder.documents.filter(deleted_at__isnull=False).select_related(
        "deleted_by"
    )


def document_visible_to(*, user, pk: int) -> Document | None:
    """The document if the user may open its folder, else None (deleted included)."""
    document = (
        Document.objects.select_related("folder", "current_version")
        .filter(pk=pk)
        .first()
    )
    if document is None or not access_map(user).can_view(document.folder_id):
        return None
    return document


def documents_visible_to(*, user) -> QuerySet[Document]:
    """Every document the user may open, e.g. for linking from an agenda or a plan."""
    return Document.objects.filter(
        deleted_at__isnull=True, folder_id__in=access_map(user).viewable
    ).select_related("folder")


def document_versions(*, document: Document) -> QuerySet[DocumentVersion]:
    return document.versions.select_related("uploaded_by").order_by("-number")


def document_events(*, document: Document) -> QuerySet[DocumentEvent]:
    return document.events.select_related("user")


@dataclass(frozen=True)
class SearchHit:
    document: Document
    snippet: SafeString
    folder_path: str


def search_terms(query: str) -> list[str]:
    words = re.findall(r"\w+", query.casefold())
    return [word for word in dict.fromkeys(words) if len(word) > 1][:MAX_TERMS]


def _matches(terms: list[str]) -> Q:
    every_term = Q()
    for term in terms:
        every_term &= Q(search_text__contains=term)
    if connection.vendor != "postgresql":
        return every_term
    # PostgreSQL also finds other forms of the words (Swedish stemming).
    from django.contrib.postgres.search import SearchQuery, SearchVector

    vector = SearchVector("search_text", config="swedish")
    return every_term | Q(
        pk__in=Document.objects.annotate(fts=vector)
        .filter(fts=SearchQuery(" ".join(terms), config="swedish"))
        .values("pk")
    )


def document_search(*, user, query: str, limit: int = 50) -> list[SearchHit]:
    """Documents whose name or text matches, only in folders the user may open.

    The permission filter is part of the database query, so a hit in a folder the
    user may not open is never even loaded.
    """
    terms = search_terms(query)
    if not terms:
        return []
    candidates = (
        Document.objects.filter(
            deleted_at__isnull=True, folder_id__in=access_map(user).viewable
        )
        .filter(_matches(terms))
        .select_related("folder", "current_version")[:500]
    )
    scored = []
    for document in candidates:
        title = document.title.casefold()
        score = sum(
            document.search_text.count(term) + (10 if term in title else 0)
            for term in terms
        )
        scored.append((score, document))
    scored.sort(key=lambda pair: (-pair[0], pair[1].title))
    folders = {f.pk: f for f in Folder.objects.select_related("parent")}
    return [
        SearchHit(
            document=document,
            snippet=snippet(document.current_version.text, terms)
            if document.current_version
            else mark_safe(""),
            folder_path=_path_from(folders, document.folder_id),
        )
        for _score, document in scored[:limit]
    ]


def _path_from(folders: dict[int, Folder], folder_id: int | None) -> str:
    names = []
    while folder_id is not None and folder_id in folders:
        names.append(folders[folder_id].name)
        folder_id = folders[folder_id].parent_id
    return " / ".join(reversed(names))


def snippet(text: str, terms: list[str]) -> SafeString:
    """A short escaped excerpt around the first hit, with the terms in <mark>."""
    lowered = text.lower()
    positions = [p for p in (lowered.find(term) for term in terms) if p >= 0]
    if not positions:
        excerpt = text[:SNIPPET_CHARS]
        prefix, suffix = "", "…" if len(text) > SNIPPET_CHARS else ""
    else:
        start = max(0, min(positions) - SNIPPET_CHARS // 3)
        excerpt = text[start : start + SNIPPET_CHARS]
        prefix = "…" if start else ""
        suffix = "…" if start + SNIPPET_CHARS < len(text) else ""
    excerpt = " ".join(excerpt.split())
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    parts, last = [], 0
    for match in pattern.finditer(excerpt):
        parts.append(escape(excerpt[last : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(escape(excerpt[last:]))
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 - escaped above


@dataclass(frozen=True)
class GuidanceDocument:
    """A document marked as vägledning, as plain data for Doris's index."""

    document: Document
    text: str
    url: str


def guidance_documents_for(user) -> list[GuidanceDocument]:
    """Guidance documents with searchable text that ``user`` may open.

    For Doris: offer these to the index, and answer a user only from the ones this
    function returns for that user, so nobody gets an answer from a document they
    may not open.
    """
    documents = (
        Document.objects.filter(
            is_guidance=True,
            deleted_at__isnull=True,
            folder_id__in=access_map(user).viewable,
            current_version__text_status=TextStatus.OK,
        )
        .select_related("current_version")
        .order_by("pk")
    )
    return [
        GuidanceDocument(
            document=document,
            text=document.current_version.text,
            url=document.get_absolute_url(),
        )
        for document in documents
    ]
