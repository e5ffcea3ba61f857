"""Comments and votes as CSV and XLSX, with the inbox's filters applied."""

import csv
import io
from collections.abc import Iterable, Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .models import Comment, HelpfulVote

# A cell starting with one of these is a formula in Excel and LibreOffice; text
# that staff typed must never run as one.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def comment_headings() -> list[str]:
    return [
        _("Id"),
        _("Sida"),
        _("Avsnitt"),
        _("Skribent"),
        _("Enhet"),
        _("Skickad"),
        _("Status"),
        _("Synlighet"),
        _("Synpunkt"),
        _("Motivering"),
        _("Åtgärdad i version"),
        _("Antal svar"),
    ]


def comment_rows(comments: Iterable[Comment]) -> Iterable[list[object]]:
    for c in comments:
        yield [
            c.pk,
            c.page.title,
            c.section_heading,
            c.author.get_full_name() or c.author.username,
            c.author.unit.code if c.author.unit else "",
            _local(c.created_at),
            c.get_status_display(),
            c.get_visibility_display(),
            c.body,
            c.rejection_reason,
            _local(c.resolved_revision.created_at) if c.resolved_revision else "",
            getattr(c, "reply_count", 0),
        ]


def vote_headings() -> list[str]:
    return [
        _("Sida"),
        _("Person"),
        _("Enhet"),
        _("Till hjälp"),
        _("Vad saknades"),
        _("Datum"),
    ]


def vote_rows(votes: Iterable[HelpfulVote]) -> Iterable[list[object]]:
    for v in votes:
        yield [
            v.page.title,
            v.user.get_full_name() or v.user.username,
            v.user.unit.code if v.user.unit else "",
            _("Ja") if v.helpful else _("Nej"),
            v.missing,
            _local(v.updated_at),
        ]


def to_csv(headings: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with BOM and semicolons, as Swedish Excel expects."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headings)
    for row in rows:
        writer.writerow([_safe(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[object]]]],
) -> bytes:
    """One worksheet per (title, headings, rows)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headings, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append(list(headings))
        for row in rows:
            sheet.append([_safe(value) for value in row])
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
