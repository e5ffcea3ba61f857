"""Reads of the assistant: Doris's answers and search hits for one user, the log."""

from __future__ import annotations

import copy
import datetime
import re
from dataclasses import dataclass, field

from django.db.models import CharField, Count, Exists, Max, OuterRef, Q, Value
from django.db.models.functions import TruncWeek
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page

from doris import ANSWERED, EMPTY, UNSURE, Hit
from doris.section import FIELDS
from guru.handbook.models import GuidancePage

from . import generate
from .documents import DocumentSource, document_sources
from .engine import engine_use
from .models import CuratedAnswer, Question, QuestionStatus, Taught, Variant
from .permissions import denied_paths, viewable

SUGGESTIONS = 3
GENERATION_PASSAGES = 3
# Sections searched for suggestions: enough for three distinct pages after
# the permission filter in practice; each costs a highlighted snippet.
SEARCH_DEPTH = 10


@dataclass(frozen=True)
class SourceRef:
    """A section as Guru shows it: page › section, link and review date.

    A section of a guidance document has no ``page_id`` but a ``document_id``.
    """

    page_id: int | None
    anchor: str
    page_title: str
    heading: str
    url: str
    last_reviewed_on: datetime.date | None
    snippet: str = ""  # HTML escaped by doris.snippet, with <mark>
    document_id: int | None = None
    # The page's id when ``page_id`` is None because the cited version's page
    # was deleted (answers as of a date); else ``page_id``.
    page_key: int | None = None

    @property
    def source_page_key(self) -> int | None:
        return self.page_id if self.page_id is not None else self.page_key

    @property
    def label(self) -> str:
        return (
            f"{self.page_title} › {self.heading}" if self.heading else self.page_title
        )

    @property
    def snippet_html(self) -> SafeString:
        return mark_safe(self.snippet)  # noqa: S308 - escaped by doris.snippet

    @property
    def href(self) -> str:
        return f"{self.url}#{self.anchor}" if self.anchor else self.url


@dataclass
class AskResult:
    status: str
    question: str
    confidence: float
    message: str = ""
    text: str = ""
    source: SourceRef | None = None
    suggestions: list[SourceRef] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)
    curated: bool = False
    generated: bool = False
    as_of_note: str = ""  # which version answered, when asked as of a date
    # Sections for a generated answer that is streamed later (``defer_generation``)
    generation_sections: list[str] = field(default_factory=list)


def _pages(keys: set[str], user, request) -> dict[str, GuidancePage | DocumentSource]:
    """Cited pages and documents by key, only those the user may view or open."""
    page_ids = {int(k) for k in keys if k.isdigit()}
    pages = list(
        GuidancePage.objects.live()
        .filter(pk__in=page_ids)
        .only("id", "path", "url_path", "title", "last_reviewed_on", "depth")
    )
    session = getattr(request, "session", None)
    allowed: dict[str, GuidancePage | DocumentSource] = {
        str(p.pk): p for p in viewable(pages, user, session)
    }
    allowed.update(document_sources(keys, user))
    return allowed


def _source_ref(page, citation, snippet: str, request) -> SourceRef:
    if isinstance(page, DocumentSource):
        return SourceRef(
            page_id=None,
            anchor="",
            page_title=page.title,
            heading=citation.heading,
            url=page.url,
            last_reviewed_on=None,
            snippet=snippet,
            document_id=page.document_id,
        )
    return SourceRef(
        page_id=page.pk,
        anchor=citation.anchor,
        page_title=page.title,
        heading=citation.heading,
        url=page.get_url(request) or page.url or "",
        last_reviewed_on=page.last_reviewed_on,
        snippet=snippet,
    )


def _ref(hit: Hit, page, request) -> SourceRef:
    return _source_ref(page, hit.citation, hit.snippet, request)


def _page_id(hit: Hit) -> str:
    """The cited page's id, or ``d<id>`` for a guidance document."""
    return hit.citation.page


def _distinct_pages(
    hits: list[Hit], pages: dict, request, limit: int
) -> list[SourceRef]:
    seen: set[str] = set()
    out = []
    for hit in hits:
        page_id = _page_id(hit)
        if page_id in pages and page_id not in seen:
            seen.add(page_id)
            out.append(_ref(hit, pages[page_id], request))
    return out[:limit]


def section_words(engine, hits: list[Hit]) -> dict[str, set[str]]:
    """The words of each hit's section, by section id (for ``visible_corrections``)."""
    out = {}
    for hit in hits:
        section = engine.index.get(hit.section_id)
        if section is not None:
            text = " ".join(section.field_text(name) for name in FIELDS)
            out[hit.section_id] = set(re.findall(r"\w+", text.casefold()))
    return out


def visible_corrections(
    corrections: dict[str, str],
    hits: list[Hit],
    words: dict[str, set[str]],
    allowed: dict,
) -> dict[str, str]:
    """The typo corrections to words that a found section the user may view holds.

    The index's vocabulary spans every page: a correction to a word that only a
    page closed to the user holds would tell them the word is written there.
    """
    seen: set[str] = set()
    for hit in hits:
        if hit.citation.page in allowed:
            seen |= words.get(hit.section_id, set())
    return {
        typed: fixed for typed, fixed in corrections.items() if fixed.casefold() in seen
    }


def doris_answer(
    *,
    question: str,
    user,
    request=None,
    as_of: datetime.date | None = None,
    defer_generation: bool = False,
) -> AskResult:
    """Doris's answer for this user: never from a page they may not view.

    With a date (``as_of``, or one named in the question) she answers from the
    versions in force then (``guru.assistant.as_of``). With ``defer_generation``
    the model is not asked: the sections for its prompt are left in
    ``generation_sections`` for a stream (``guru.assistant.streaming``).
    """
    from .as_of import answer_as_of, asked_day

    day, searched = asked_day(question, as_of)
    if day is not None:
        return answer_as_of(question=searched, day=day, user=user, request=request)
    with engine_use() as engine:
        answer = engine.answer(question, alternatives=3)
        if answer.status == EMPTY:
            return AskResult(EMPTY, question, 0.0, answer.message)
        hits = list(engine.search(question, k=SEARCH_DEPTH))
        texts = _section_texts(engine, answer, hits)
        words = section_words(engine, hits) if answer.corrections else {}
    ids = {_page_id(h) for h in hits}
    if answer.citation is not None:
        ids.add(answer.citation.page)
    pages = _pages(ids, user, request)
    corrections = visible_corrections(answer.corrections, hits, words, pages)
    citation = answer.citation
    if answer.status == ANSWERED and citation is not None and citation.page in pages:
        cited = next((h for h in hits if h.section_id == citation.section_id), None)
        source = _source_ref(
            pages[citation.page], citation, cited.snippet if cited else "", request
        )
        others = [h for h in hits if _page_id(h) != citation.page]
        result = AskResult(
            ANSWERED,
            question,
            answer.confidence,
            text=answer.text or "",
            source=source,
            suggestions=_distinct_pages(others, pages, request, SUGGESTIONS),
            corrections=corrections,
            curated="~" in citation.section_id,
        )
        if generate.enabled() and not result.curated:
            chosen = _generation_sections(citation.section_id, hits, texts, pages)
            if defer_generation:
                result.generation_sections = chosen
            else:
                _generated(result, chosen, hits, texts, pages, request)
        return result
    from doris.engine import MESSAGE_NOTHING, MESSAGE_UNSURE

    suggestions = _distinct_pages(hits, pages, request, SUGGESTIONS)
    return AskResult(
        UNSURE,
        question,
        min(answer.confidence, 0.5),
        MESSAGE_UNSURE if suggestions else MESSAGE_NOTHING,
        suggestions=suggestions,
        corrections=corrections,
    )


def _section_texts(engine, answer, hits: list[Hit]) -> dict[str, str]:
    """Bodies of the cited and the best sections (for generated answers only)."""
    if not generate.enabled():
        return {}
    ids = [h.section_id for h in hits[:GENERATION_PASSAGES]]
    if answer.citation is not None:
        ids.insert(0, answer.citation.section_id)
    texts = {}
    for section_id in ids:
        section = engine.index.get(section_id)
        if section is not None and "~" not in section_id:
            texts[section_id] = section.body
    return texts


def _generation_sections(
    cited_id: str, hits: list[Hit], texts: dict[str, str], pages: dict
) -> list[str]:
    """The cited section first, then the best others: only ones the user may view."""
    by_id = {h.section_id: h for h in hits}
    order = [cited_id] + [h.section_id for h in hits if h.section_id != cited_id]
    return [
        sid
        for sid in order
        if sid in texts and sid in by_id and _page_id(by_id[sid]) in pages
    ][:GENERATION_PASSAGES]


def _generated(
    result: AskResult,
    chosen: list[str],
    hits: list[Hit],
    texts: dict[str, str],
    pages: dict,
    request,
) -> None:
    """Replace the extractive text by a generated one whose citations all check out.

    The prompt holds only sections the user may view; on any failure the
    extractive answer stays.
    """
    if not chosen:
        return
    by_id = {h.section_id: h for h in hits}
    refs = [_ref(by_id[sid], pages[_page_id(by_id[sid])], request) for sid in chosen]
    passages = [
        generate.Passage(r.label, texts[sid])
        for r, sid in zip(refs, chosen, strict=True)
    ]
    generated = generate.generate(result.question, passages)
    if generated is not None:
        generated_apply(result, generated, refs)


def generated_apply(
    result: AskResult, generated: generate.Generated, refs: list[SourceRef]
) -> None:
    """Give ``result`` the generated text, its first citation as the source."""
    result.text = re.sub(r"\s*\[\d{1,2}\]", "", generated.text).strip()
    result.source = refs[generated.cited[0]]
    cited_rest = [refs[i] for i in generated.cited[1:]]
    result.suggestions = (
        cited_rest
        + [
            s
            for s in result.suggestions
            if s.page_id not in {r.page_id for r in cited_rest}
        ][: max(0, SUGGESTIONS - len(cited_rest))]
    )
    result.generated = True


def generation_passages(
    *, section_ids: list[str], user, request=None
) -> tuple[list[SourceRef], list[generate.Passage]]:
    """Sources and prompt passages for sections chosen earlier, checked again.

    A section the user may no longer view, or one gone from the index, is left
    out: the prompt never holds more than the user may open now.
    """
    from doris.engine import Citation

    with engine_use() as engine:
        sections = [engine.index.get(sid) for sid in section_ids if "~" not in sid]
    found = [s for s in sections if s is not None]
    pages = _pages({s.page for s in found}, user, request)
    refs, passages = [], []
    for section in found:
        if section.page not in pages:
            continue
        citation = Citation(
            section.id, section.page, section.anchor, section.title, section.heading
        )
        ref = _source_ref(pages[section.page], citation, "", request)
        refs.append(ref)
        passages.append(generate.Passage(ref.label, section.body))
    return refs, passages


@dataclass
class SearchResult:
    query: str
    hits: list[SourceRef]
    suggestion: str = ""


def _corrected(query: str, corrections: dict[str, str]) -> str:
    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        return corrections.get(word.casefold(), word)

    return re.sub(r"\w+", fix, query)


def sections_search(
    *, query: str, user, request=None, area=None, limit: int = 100
) -> SearchResult:
    """Ranked sections with highlighted snippets, only pages the user may view."""
    with engine_use() as engine:
        hits = [h for h in engine.search(query, k=limit) if "~" not in h.section_id]
        corrections = engine.analyse(query).corrections
        words = section_words(engine, hits) if corrections else {}
    ids = {_page_id(h) for h in hits}
    if area is not None:
        ids &= {
            str(pk)
            for pk in GuidancePage.objects.descendant_of(area).values_list(
                "pk", flat=True
            )
        }
    pages = _pages(ids, user, request)
    corrections = visible_corrections(corrections, hits, words, pages)
    refs = [_ref(h, pages[_page_id(h)], request) for h in hits if _page_id(h) in pages]
    suggestion = _corrected(query, corrections) if corrections else ""
    return SearchResult(query=query, hits=refs, suggestion=suggestion)


# -- the log -------------------------------------------------------------------
def recent_questions(*, user, limit: int = 10):
    return Question.objects.filter(user=user).order_by("-created_at", "-pk")[:limit]


def unseen_replies(*, user):
    return Question.objects.filter(
        user=user, handled_at__isnull=False, reply_seen_at=None
    ).order_by("-handled_at")


def unseen_reply_count(*, user) -> int:
    if not (user and user.is_authenticated):
        return 0
    return unseen_replies(user=user).count()


def questions_readable(questions, *, user, session=None) -> list[Question]:
    """``questions`` as ``user`` may read them (copies, for showing only).

    The question is the asker's, its answer is the source's: one whose source the
    user may not read now (a page restricted to groups they are not in, or since
    it was asked; a deleted page whose kept restrictions keep them out; a document
    in a folder closed to them) keeps its question but loses its answer, source
    and the asker's comment on the answer (``source_hidden``). An answer whose
    source cannot be told (logged before sources were kept) is hidden from all.
    """
    questions = list(questions)
    readable = _readable_sources(questions, user, session)
    out = []
    for question in questions:
        question = copy.copy(question)
        question.source_hidden = _has_answer(question) and not _source_readable(
            question, readable
        )
        if question.source_hidden:
            question.answer_text = question.feedback_comment = ""
            question.source_page = None
            question.source_anchor = question.source_label = ""
        out.append(question)
    return out


def _has_answer(question: Question) -> bool:
    return bool(
        question.answer_text
        or question.source_label
        or question.source_page_id
        or question.source_page_key
        or question.source_document_id
    )


def _source_readable(question: Question, readable: dict[str, set[int]]) -> bool:
    if question.source_document_id:
        return question.source_document_id in readable["documents"]
    if question.source_page_id:
        return question.source_page_id in readable["pages"]
    if question.source_page_key:  # the page was deleted
        return question.source_page_key in readable["deleted"]
    return False


def _readable_sources(questions: list[Question], user, session) -> dict[str, set[int]]:
    """The ids of the questions' sources the user may read: live pages (by their
    restrictions), deleted pages (by their latest version, as the version history
    decides) and documents (by their folder). A query or two for each kind present.
    """
    from guru.changes.models import PageVersion
    from guru.changes.permissions import viewable_versions
    from guru.documents.models import Document
    from guru.documents.permissions import access_map

    page_ids = {q.source_page_id for q in questions if q.source_page_id}
    document_ids = {q.source_document_id for q in questions if q.source_document_id}
    deleted_keys = {
        q.source_page_key
        for q in questions
        if q.source_page_key and not q.source_page_id and not q.source_document_id
    }
    readable: dict[str, set[int]] = {
        "pages": set(),
        "deleted": set(),
        "documents": set(),
    }
    if page_ids:
        pages = list(Page.objects.filter(pk__in=page_ids).only("id", "path"))
        readable["pages"] = {p.pk for p in viewable(pages, user, session)}
    if deleted_keys:
        latest: dict[int, PageVersion] = {}
        for version in PageVersion.objects.filter(page_key__in=deleted_keys).only(
            "pk", "page", "page_key", "number", "area_key", "view_restrictions"
        ):
            if version.page_key not in latest or (
                version.number > latest[version.page_key].number
            ):
                latest[version.page_key] = version
        readable["deleted"] = {
            v.page_key for v in viewable_versions(latest.values(), user, session)
        }
    if document_ids:
        readable["documents"] = set(
            Document.objects.filter(
                pk__in=document_ids, folder_id__in=access_map(user).viewable
            ).values_list("pk", flat=True)
        )
    return readable


# Sent to the editors and not yet handled: the editors' queue.
WAITING = Q(sent_to_editors_at__isnull=False, handled_at__isnull=True)


def _taught_since(model: type[Taught], *, wording: str) -> Exists:
    """Whether Doris was taught the question after it was asked.

    An active variant or editors' answer (``model``), created after the logged
    question, taught from a logged question of the same text or worded as it
    (``wording``: the key of the variant's text, of the answer's question).
    Texts compare by ``question_key`` of the stored (masked) text, as "Frågor
    som oftast misslyckas" groups them. A withdrawn one teaches nothing, so the
    failures count again.
    """
    return Exists(
        model.objects.active().filter(
            Q(question__text_key=OuterRef("text_key"))
            | Q(**{wording: OuterRef("text_key")}),
            created_at__gt=OuterRef("created_at"),
        )
    )


def dashboard_figures(*, since: datetime.datetime) -> dict[str, object]:
    """Totals, shares and thumbs for the editors' dashboard (a query or two each).

    The failed questions (unsure, or a thumbs down) leave out the failures
    before Doris was taught the question (``_taught_since``): she answers it
    now. A failure after the teaching counts: it did not help that asker. They
    count by ``question_key``, shown as last asked.
    """
    period = Q(created_at__gte=since)
    questions = Question.objects.filter(period)
    # The queue is work to do, not a figure of the period: all that wait.
    totals = Question.objects.filter(period | WAITING).aggregate(
        total=Count("pk", filter=period),
        answered=Count("pk", filter=period & Q(status=QuestionStatus.ANSWERED)),
        unsure=Count("pk", filter=period & Q(status=QuestionStatus.UNSURE)),
        up=Count("pk", filter=period & Q(helpful=True)),
        down=Count("pk", filter=period & Q(helpful=False)),
        queued=Count("pk", filter=WAITING),
    )
    total = totals["total"] or 0
    totals["answered_share"] = round(100 * totals["answered"] / total) if total else 0
    totals["unsure_share"] = round(100 * totals["unsure"] / total) if total else 0
    weeks = (
        questions.annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(
            count=Count("pk"),
            answered=Count("pk", filter=Q(status=QuestionStatus.ANSWERED)),
        )
        .order_by("week")
    )
    failing = (
        questions.filter(Q(status=QuestionStatus.UNSURE) | Q(helpful=False))
        .exclude(_taught_since(Variant, wording="text_key"))
        .exclude(_taught_since(CuratedAnswer, wording="question_key"))
    )
    failed = list(
        failing.values("text_key")
        .annotate(count=Count("pk"), latest=Max("pk"))  # latest: to teach from
        .order_by("-count", "text_key")[:10]
    )
    # Shown as last asked. A query of its own: in the grouping query, a subquery
    # for the text would be grouped by and so run for every failed question.
    texts = dict(
        Question.objects.filter(pk__in=[row["latest"] for row in failed]).values_list(
            "pk", "text"
        )
    )
    for row in failed:
        row["text"] = texts[row["latest"]]
    return {"totals": totals, "weeks": list(weeks), "failed": failed}


def questions_for_editors(*, since: datetime.datetime, only: str = ""):
    """The logged questions of the period, newest first; ``only`` narrows to a
    kind. The queue (``ko``) holds every question still waiting, however old."""
    questions = Question.objects.select_related("source_page")
    if only == "ko":
        return questions.filter(WAITING).order_by("-created_at", "-pk")
    questions = questions.filter(created_at__gte=since)
    if only == "osakra":
        questions = questions.filter(status=QuestionStatus.UNSURE)
    elif only == "nej":
        questions = questions.filter(helpful=False)
    return questions.order_by("-created_at", "-pk")


# -- what Doris was taught -----------------------------------------------------
TAUGHT_KINDS: dict[str, type[Taught]] = {"formulering": Variant, "svar": CuratedAnswer}


@dataclass
class TaughtRow:
    """A variant or an editor's answer as the editors' list shows it."""

    kind: str  # a key of TAUGHT_KINDS
    item: Taught
    page: GuidancePage | None
    heading: str | None  # None: the section is no longer on the page


def _taught_search(kind: str, search: str) -> Q:
    found = Q(text__icontains=search) | Q(page__title__icontains=search)
    if kind == "svar":
        found |= Q(question_text__icontains=search)
    return found


def taught_list(
    *, user, session=None, kind: str = "", search: str = "", withdrawn: bool = False
):
    """What editors taught Doris, newest first, as ``kind``, ``pk`` rows.

    Only on pages the editor may view. Withdrawn ones only with ``withdrawn``.
    One union query, so a paginator counts and slices in the database;
    ``taught_rows`` then fetches the rows of the page shown.
    """
    kind = kind if kind in TAUGHT_KINDS else ""
    denied = Q()
    for path in denied_paths(user, session):
        denied |= Q(page__path__startswith=path)
    parts = []
    for name, model in TAUGHT_KINDS.items():
        if kind and kind != name:
            continue
        rows = model.objects.exclude(denied) if denied else model.objects.all()
        if not withdrawn:
            rows = rows.active()
        if search:
            rows = rows.filter(_taught_search(name, search))
        # No ordering inside a union (the models' Meta.ordering); the union sorts.
        parts.append(
            rows.order_by()
            .annotate(kind=Value(name, output_field=CharField()))
            .values("kind", "pk", "created_at")
        )
    first, *rest = parts
    return first.union(*rest, all=True).order_by("-created_at", "-pk")


def _headings(page: GuidancePage) -> dict[str, str]:
    """The page's section headings by anchor; the lead (empty anchor) has none."""
    return {"": "", **{s["anchor"]: s["heading"] for s in page.sections}}


def taught_rows(rows) -> list[TaughtRow]:
    """The variants and answers of ``taught_list`` rows, with page and heading.

    One query per kind and one for the pages (their sections give the headings).
    """
    rows = list(rows)
    ids: dict[str, list[int]] = {name: [] for name in TAUGHT_KINDS}
    for row in rows:
        ids[row["kind"]].append(row["pk"])
    items: dict[tuple[str, int], Taught] = {}
    for name, model in TAUGHT_KINDS.items():
        if not ids[name]:
            continue
        found = model.objects.select_related(
            "created_by", "updated_by", "deleted_by", "question"
        ).in_bulk(ids[name])
        items.update({(name, pk): item for pk, item in found.items()})
    page_ids = {item.page_id for item in items.values()}
    pages = GuidancePage.objects.filter(pk__in=page_ids).in_bulk()
    out = []
    for row in rows:
        item = items[(row["kind"], row["pk"])]
        page = pages.get(item.page_id)
        heading = _headings(page).get(item.anchor) if page else None
        out.append(TaughtRow(row["kind"], item, page, heading))
    return out


def taught_row(*, kind: str, pk: int) -> TaughtRow:
    """One variant or answer as ``taught_rows`` gives it."""
    return taught_rows([{"kind": kind, "pk": pk}])[0]


__all__ = ["UNSURE"]
