"""Doris as of a date: answers from the page versions in force then (issue 8).

The current index answers by default. When a question is asked from the page as of
a date (``?datum=`` passed on by the panel) or names a date itself ("Vad gällde den
1 mars?", "… 2026-03-01"), Doris answers from an engine built from the versions in
``guru.changes`` that applied at the end of that day, and says which version she
used; the citation links to that version's stable address (``changes:version``).

Engines for a few dates are kept in memory; each is rebuilt when the versions
change (a cheap aggregate is compared before each use). Versions the user may
not read in the version history (Wagtail view restrictions on the page as it is
today; once the page is deleted, those it had then and its area's today) are left
out, as for the current index. Guidance documents are not versioned by date and are not part
of these answers.
"""

from __future__ import annotations

import datetime
import re
import threading
from collections import OrderedDict

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from doris import ANSWERED, EMPTY, Citation, Engine, Hit, Section
from doris.section import lead_text

from .engine import synonym_groups
from .models import Synonym
from .sections import INTRO_ANCHOR, rich_text_plain

CACHED_DATES = 4
PREFIX = "v"

MONTHS = {
    "januari": 1,
    "februari": 2,
    "mars": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "augusti": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# A deadline ("senast den 30 juni") is not a question about another time.
DEADLINE_WORDS = {"senast", "innan", "före", "efter", "till", "t.o.m.", "tom"}
_ISO = re.compile(
    r"(?:\b(?:per\s+den|per|den)\s+)?\b(\d{4})-(\d{1,2})-(\d{1,2})\b", re.IGNORECASE
)
_DAY_MONTH = re.compile(
    r"(?:\b(?:per\s+den|per|den)\s+)?\b(\d{1,2})(?::[ae])?\s+("
    + _MONTH
    + r")\.?(?:\s+(\d{4}))?(?![\w-])",
    re.IGNORECASE,
)


def _latest_past(day: int, month: int, today: datetime.date) -> datetime.date | None:
    """The latest ``day month`` that is not in the future (29 feb: a leap year)."""
    for year in range(today.year, today.year - 9, -1):
        try:
            candidate = datetime.date(year, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    return None


def date_in_question(
    question: str, *, today: datetime.date | None = None
) -> tuple[datetime.date | None, str]:
    """The date a question asks about (never in the future), and the question
    without it. ``(None, question)`` when it names no usable date."""
    today = today or timezone.localdate()
    for pattern in (_ISO, _DAY_MONTH):
        for match in pattern.finditer(question):
            before = question[: match.start()].lower().split()[-1:]
            if before and before[0] in DEADLINE_WORDS:
                continue
            try:
                if pattern is _ISO:
                    year, month, day = (int(g) for g in match.groups())
                    found = datetime.date(year, month, day)
                else:
                    day, month = int(match.group(1)), MONTHS[match.group(2).lower()]
                    if match.group(3):
                        found = datetime.date(int(match.group(3)), month, day)
                    else:
                        found = _latest_past(day, month, today)
            except ValueError:
                continue  # "31 februari", "2026-13-01": not a date
            if found is None or found > today:
                continue
            rest = f"{question[: match.start()]} {question[match.end() :]}"
            return found, " ".join(rest.split())
    return None, question


def date_from_parameter(value: object) -> datetime.date | None:
    """``?datum=YYYY-MM-DD`` from the page as of a date; None if unusable."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        day = datetime.date.fromisoformat(value.strip())
    except ValueError:
        return None
    return day if day <= timezone.localdate() else None


# -- the engines -------------------------------------------------------------------
def version_id_of(key: str) -> int | None:
    head = key.split("#", 1)[0]
    if head.startswith(PREFIX) and head[1:].isdigit():
        return int(head[1:])
    return None


def sections_for_version(version) -> list[Section]:
    """A version's sections as Doris indexes them (``v<version id>#<anchor>``)."""
    key = f"{PREFIX}{version.pk}"
    out = []
    intro = rich_text_plain(version.content.get("intro", ""))
    lead = lead_text(version.summary or "", intro)
    if lead:
        out.append(
            Section(
                f"{key}#{INTRO_ANCHOR}",
                title=version.title,
                body=lead,
                page=key,
                anchor=INTRO_ANCHOR,
            )
        )
    for section in version.sections:
        out.append(
            Section(
                f"{key}#{section['anchor']}",
                title=version.title,
                heading=section.get("heading", ""),
                body=rich_text_plain(section.get("html", "")),
                page=key,
                anchor=section["anchor"],
            )
        )
    return out


def _fingerprint() -> tuple:
    from guru.changes.models import PageVersion

    versions = PageVersion.objects.aggregate(
        count=Count("pk"),
        last=Max("pk"),
        published=Max("published_at"),
        withdrawn=Max("withdrawn_at"),
    )
    synonyms = Synonym.objects.aggregate(count=Count("pk"), last=Max("created_at"))
    return (*versions.values(), *synonyms.values())


_engines: OrderedDict[datetime.date, tuple[tuple, Engine]] = OrderedDict()
_lock = threading.RLock()


def engine_at(day: datetime.date) -> Engine:
    """An engine over the versions in force at the end of ``day`` (cached)."""
    from guru.changes.selectors import handbook_at

    fingerprint = (_fingerprint(), timezone.localdate() == day)
    with _lock:
        held = _engines.get(day)
        if held is not None and held[0] == fingerprint:
            _engines.move_to_end(day)
            return held[1]
    engine = Engine(synonyms=synonym_groups())
    for versions in handbook_at(day=day).values():
        for version in versions:
            engine.add_many(sections_for_version(version))
    with _lock:
        _engines[day] = (fingerprint, engine)
        _engines.move_to_end(day)
        while len(_engines) > CACHED_DATES:
            _engines.popitem(last=False)
    return engine


def engines_forget() -> None:
    with _lock:
        _engines.clear()


# -- answers ------------------------------------------------------------------------
def _versions(keys: set[str], user, request) -> dict[str, object]:
    """The cited versions by key, only those the user may read today: the
    version history's rule (``guru.changes.permissions``)."""
    from guru.changes.models import PageVersion
    from guru.changes.permissions import viewable_versions

    ids = {i for i in (version_id_of(k) for k in keys) if i is not None}
    versions = PageVersion.objects.filter(pk__in=ids)
    session = getattr(request, "session", None)
    return {f"{PREFIX}{v.pk}": v for v in viewable_versions(versions, user, session)}


def _ref(version, citation, snippet: str):
    from .selectors import SourceRef

    return SourceRef(
        page_id=version.page_id,
        page_key=version.page_key,
        anchor=citation.anchor,
        page_title=version.title,
        heading=citation.heading,
        url=reverse("changes:version", args=[version.pk]),
        last_reviewed_on=None,
        snippet=snippet,
    )


def version_note(day: datetime.date, version) -> str:
    published = timezone.localtime(version.published_at).date()
    return _(
        "Enligt vägledningen som gällde %(day)s: %(title)s, version %(number)s, "
        "publicerad %(published)s."
    ) % {
        "day": formats.date_format(day, "Y-m-d"),
        "title": version.title,
        "number": version.number,
        "published": formats.date_format(published, "Y-m-d"),
    }


# What is left of "Vad gällde den 1 mars?" once the date is taken out.
ONLY_WHEN = {
    "vad", "vilken", "vilket", "vilka", "hur", "gällde", "gäller", "gällt", "gälla",
    "då", "det", "den", "dagen", "som", "såg", "ut", "var", "här", "där", "sidan",
    "på", "om", "i", "enligt", "vägledningen", "stod",
}  # fmt: skip
MESSAGE_ONLY_DATE = gettext_lazy(
    "Skriv också vad du vill veta, t.ex. ”Vilken tidsfrist gällde för "
    "komplettering den 1 mars?”"
)


def _only_a_date(question: str) -> bool:
    words = re.findall(r"\w+", question.casefold())
    return all(word in ONLY_WHEN for word in words)


def page_key_from(request) -> int | None:
    """The page the reader asked from (the panel on the page as of a date)."""
    value = getattr(request, "POST", {}).get("sida", "") if request else ""
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _page_answer(*, question: str, day, page_key: int, user, request):
    """ "Vad gällde den 1 mars?" asked from a page: that page's version then."""
    from guru.changes.permissions import can_view_version
    from guru.changes.selectors import version_at

    from .selectors import AskResult

    version = version_at(page_key=page_key, day=day)
    session = getattr(request, "session", None)
    if version is None or not can_view_version(user, version, session):
        return None
    lead = version.summary or rich_text_plain(version.content.get("intro", ""))
    if not lead and version.sections:
        lead = rich_text_plain(version.sections[0].get("html", ""))
    citation = Citation(
        f"{PREFIX}{version.pk}#{INTRO_ANCHOR}",
        f"{PREFIX}{version.pk}",
        INTRO_ANCHOR,
        version.title,
        "",
    )
    return AskResult(
        ANSWERED,
        question,
        1.0,
        text=lead or version.title,
        source=_ref(version, citation, ""),
        as_of_note=version_note(day, version),
    )


def answer_as_of(*, question: str, day: datetime.date, user, request=None):
    """Doris's answer from the versions in force on ``day`` (an ``AskResult``)."""
    from doris.engine import MESSAGE_NOTHING, MESSAGE_UNSURE

    from .selectors import (
        SUGGESTIONS,
        AskResult,
        section_words,
        visible_corrections,
    )

    searched = _("Jag sökte i vägledningen som gällde %(day)s.") % {
        "day": formats.date_format(day, "Y-m-d")
    }
    if _only_a_date(question):
        page_key = page_key_from(request)
        if page_key is not None:
            result = _page_answer(
                question=question,
                day=day,
                page_key=page_key,
                user=user,
                request=request,
            )
            if result is not None:
                return result
        return AskResult(
            EMPTY, question, 0.0, str(MESSAGE_ONLY_DATE), as_of_note=searched
        )
    engine = engine_at(day)
    answer = engine.answer(question, alternatives=3)
    if answer.status == EMPTY:
        return AskResult(EMPTY, question, 0.0, answer.message, as_of_note=searched)
    hits: list[Hit] = list(engine.search(question, k=20))
    keys = {h.citation.page for h in hits}
    if answer.citation is not None:
        keys.add(answer.citation.page)
    versions = _versions(keys, user, request)
    corrections = visible_corrections(
        answer.corrections, hits, section_words(engine, hits), versions
    )

    def distinct(candidates: list[Hit]):
        seen, out = set(), []
        for hit in candidates:
            key = hit.citation.page
            if key in versions and key not in seen:
                seen.add(key)
                out.append(_ref(versions[key], hit.citation, hit.snippet))
        return out[:SUGGESTIONS]

    citation = answer.citation
    if answer.status == ANSWERED and citation is not None and citation.page in versions:
        version = versions[citation.page]
        cited = next((h for h in hits if h.section_id == citation.section_id), None)
        return AskResult(
            ANSWERED,
            question,
            answer.confidence,
            text=answer.text or "",
            source=_ref(version, citation, cited.snippet if cited else ""),
            suggestions=distinct([h for h in hits if h.citation.page != citation.page]),
            corrections=corrections,
            as_of_note=version_note(day, version),
        )
    suggestions = distinct(hits)
    return AskResult(
        "unsure",
        question,
        min(answer.confidence, 0.5),
        MESSAGE_UNSURE if suggestions else MESSAGE_NOTHING,
        suggestions=suggestions,
        corrections=corrections,
        as_of_note=searched,
    )


def asked_day(
    question: str, as_of: datetime.date | None
) -> tuple[datetime.date | None, str]:
    """The day to answer from (the question's own date wins) and the question
    to search with."""
    day, rest = date_in_question(question)
    if day is not None:
        return day, rest
    return as_of, question
