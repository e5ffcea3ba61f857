"""The Doris engine held by this server process, kept at the database's version.

Every process (gunicorn worker, runserver, management command) holds its own
engine in memory. Before each use, :func:`engine_current` reads the version row
(one indexed query); when another process has published, unpublished, moved or
deleted a page since, this process applies those changes (re-reads the pages)
or, after a full rebuild, loads the new snapshot. Applying a page change is
idempotent (remove the page's sections, add the current ones), so a change seen
twice does no harm.
"""

from __future__ import annotations

import functools
import io
import logging
import tempfile
import threading
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from doris import Engine
from doris.analysis import default_synonyms
from doris.query import QueryAnalyzer

from . import documents
from .models import IndexChange, IndexSnapshot, IndexState, Synonym
from .sections import all_sections, sections_for_page

logger = logging.getLogger(__name__)


@dataclass
class _Held:
    engine: Engine | None = None
    version: int = -1
    generation: str = ""
    # page id (int) or document key ("d<id>", str) → its section ids
    page_sections: dict[int | str, set[str]] = field(
        default_factory=lambda: defaultdict(set)
    )


_held = _Held()
_lock = threading.RLock()


def state_get() -> IndexState:
    state, _ = IndexState.objects.get_or_create(pk=1)
    return state


def synonym_groups() -> list[tuple[str, ...]]:
    """The shipped synonym groups plus those the editors keep in the admin."""
    groups = [tuple(g) for g in default_synonyms()]
    groups.extend(s.group for s in Synonym.objects.all() if len(s.group) > 1)
    return groups


@functools.cache
def _encoder(directory: str):
    from doris.encoders import OnnxEncoder

    return OnnxEncoder(directory)


@functools.cache
def _calibration(path: str):
    from doris.confidence import load_calibration

    return load_calibration(path)


def _engine_options() -> dict:
    """Synonyms; the dense encoder and the calibration when settings name them."""
    options: dict = {"synonyms": synonym_groups()}
    if settings.GURU_DORIS_ENCODER_DIR:
        options["encoder"] = _encoder(str(settings.GURU_DORIS_ENCODER_DIR))
    if settings.GURU_DORIS_CALIBRATION:
        options["calibration"] = _calibration(str(settings.GURU_DORIS_CALIBRATION))
    return options


def engine_build() -> Engine:
    """A fresh engine over every live guidance page (no snapshot involved)."""
    engine = Engine(**_engine_options())
    engine.add_many(all_sections())
    engine.add_many(documents.all_document_sections())
    return engine


def engine_dump(engine: Engine) -> bytes:
    """The engine's saved files as one zip (stored in ``IndexSnapshot``)."""
    with tempfile.TemporaryDirectory(prefix="doris-") as directory:
        engine.save(directory)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(Path(directory).iterdir()):
                archive.write(path, path.name)
        return buffer.getvalue()


def engine_from_dump(data: bytes) -> Engine:
    with tempfile.TemporaryDirectory(prefix="doris-") as directory:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                # Only the flat files the engine wrote; never a path outside.
                (Path(directory) / Path(name).name).write_bytes(archive.read(name))
        return Engine.load(directory, **_engine_options())


def _index_pages(engine: Engine) -> dict[int | str, set[str]]:
    pages: dict[int | str, set[str]] = defaultdict(set)
    for section_id, alive in zip(engine.index.ids, engine.index.alive, strict=True):
        if alive:
            pages[documents.index_key(section_id)].add(section_id)
    return pages


def _apply_page(page_id: int) -> None:
    from guru.handbook.models import GuidancePage

    engine = _held.engine
    for section_id in _held.page_sections.pop(page_id, set()):
        engine.remove(section_id)
    page = GuidancePage.objects.filter(pk=page_id).first()
    sections = sections_for_page(page) if page is not None else []
    for section in sections:
        engine.add(section)
    if sections:
        _held.page_sections[page_id] = {s.id for s in sections}


def _apply_document(document_id: int) -> None:
    engine = _held.engine
    key = documents.document_key(document_id)
    for section_id in _held.page_sections.pop(key, set()):
        engine.remove(section_id)
    sections = documents.document_sections(document_id)
    for section in sections:
        engine.add(section)
    if sections:
        _held.page_sections[key] = {s.id for s in sections}


def _apply_synonyms() -> None:
    engine = _held.engine
    engine.queries = QueryAnalyzer(
        engine.analyzer, synonyms=synonym_groups(), weights=engine.queries.weights
    )
    engine._vocab_version = -1  # the new analyser needs the vocabulary again


def _load(state: IndexState) -> None:
    snapshot = IndexSnapshot.objects.order_by("-version").first()
    if snapshot is None or snapshot.version > state.version:
        _held.engine = engine_build()
        _held.version = state.version
    else:
        try:
            _held.engine = engine_from_dump(bytes(snapshot.data))
            _held.version = snapshot.version
        except ValueError as error:
            # Written by an older engine (its format is unknown to this one), or
            # its vectors come from another encoder than the one configured now:
            # rebuild from the pages rather than fail every question.
            logger.warning(
                "Doris index snapshot %s cannot be used (%s); rebuilding",
                snapshot.version,
                error,
            )
            _held.engine = engine_build()
            _held.version = state.version
    _held.generation = str(state.generation)
    _held.page_sections = _index_pages(_held.engine)


def _catch_up(state: IndexState) -> None:
    changes = IndexChange.objects.filter(
        version__gt=_held.version, version__lte=state.version
    ).order_by("version")
    pages, docs, synonyms = set(), set(), False
    for change in changes:
        if change.kind == IndexChange.Kind.SYNONYMS:
            synonyms = True
        elif change.kind == documents.DOCUMENT_KIND:
            docs.add(change.page_id)
        elif change.page_id is not None:
            pages.add(change.page_id)
    if synonyms:
        _apply_synonyms()
    for page_id in sorted(pages):
        _apply_page(page_id)
    for document_id in sorted(docs):
        _apply_document(document_id)
    _held.version = state.version


def engine_current() -> Engine:
    """This process's engine, brought up to the version in the database."""
    row = IndexState.objects.filter(pk=1).values_list("version", "generation").first()
    with _lock:
        if (
            row is not None
            and _held.engine is not None
            and (_held.version, _held.generation) == (row[0], str(row[1]))
        ):
            return _held.engine
        state = state_get()
        newest_snapshot = (
            IndexSnapshot.objects.order_by("-version")
            .values_list("version", flat=True)
            .first()
        )
        if (
            _held.engine is None
            or _held.generation != str(state.generation)
            or state.version < _held.version
            or (newest_snapshot is not None and newest_snapshot > _held.version)
        ):
            _load(state)
        _catch_up(state)
        logger.info("Doris index at version %s", _held.version)
        return _held.engine


@contextmanager
def engine_use() -> Iterator[Engine]:
    """The current engine, held against concurrent changes by this process."""
    engine = engine_current()
    with _lock:
        yield engine


def held_version() -> int:
    return _held.version


def engine_forget() -> None:
    """Drop this process's engine (tests; the next use loads afresh)."""
    with _lock:
        _held.engine = None
        _held.version = -1
        _held.generation = ""
        _held.page_sections = defaultdict(set)
