"""Import of values from CSV or XLSX: parse, validate every row, preview, commit, undo.

The file is checked in full before anything is stored: one bad row stops the whole
import, and the report names every bad row in Swedish. A committed import can be
undone as a whole; a value that no longer holds what the import stored (someone
changed it since) stops the undo.
"""

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from guru.accounts.models import Department, Unit
from guru.privacy import mask_personnummer_to_length, masked_to_fit

from . import permissions
from .forms import AmbiguousNumber, parse_decimal, parse_period
from .models import (
    LOCKED_STATUSES,
    FollowUp,
    Gender,
    ImportBatch,
    ImportStatus,
    KeyFigure,
    KeyFigureStatus,
    Period,
    ReportingLevel,
    Value,
    ValueChange,
    ValueStatus,
)
from .rules import format_plain
from .services import (
    SNAPSHOT_FIELDS,
    _snapshot,
    derived_value,
    number_stored,
    periods_locked_for_write,
    scope_problems,
    value_problems,
)

COLUMNS = [
    "nyckeltal",
    "tertial",
    "organisation",
    "kön",
    "värde",
    "täljare",
    "nämnare",
    "status",
    "källa",
    "kommentar",
]
AGENCY_CODE = "MYNDIGHETEN"
MISSING_CODES = {"–": "–", "-": "–", ".": ".", "..": ".."}
STATUS_WORDS = {
    "": ValueStatus.PRELIMINARY,
    "preliminär": ValueStatus.PRELIMINARY,
    "preliminar": ValueStatus.PRELIMINARY,
    "definitiv": ValueStatus.FINAL,
}
MAX_ROWS = 20_000


@dataclass
class RowError:
    line: int
    messages: list[str]


@dataclass
class Preview:
    batch: ImportBatch | None
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    changes: list[dict] = field(default_factory=list)

    @property
    def file_errors(self) -> list[str]:
        """What is wrong with the file as a whole (line 0), not with a row."""
        return [m for error in self.errors if error.line == 0 for m in error.messages]


def rows_read(*, filename: str, content: bytes) -> list[tuple[int, dict]]:
    """(line number, {column: text}) for every non-empty row of a CSV or XLSX file."""
    if filename.lower().endswith(".xlsx"):
        try:
            workbook = load_workbook(
                io.BytesIO(content), read_only=True, data_only=True
            )
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise ValidationError(_("Filen går inte att läsa som XLSX.")) from error
        sheet = workbook.worksheets[0]
        lines = (
            ["" if c is None else c for c in row]
            for row in sheet.iter_rows(values_only=True)
        )
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252", errors="replace")
        dialect = ";" if text.split("\n", 1)[0].count(";") >= 2 else ","
        lines = csv.reader(io.StringIO(text), delimiter=dialect)
    header = None
    rows = []
    for number, cells in enumerate(lines, start=1):
        if header is None:
            header = [str(c).strip().lower() for c in cells]
            missing = [
                c for c in ("nyckeltal", "tertial", "organisation") if c not in header
            ]
            if missing:
                raise ValidationError(
                    _("Rubrikraden saknar kolumnerna: %(columns)s. Använd mallen.")
                    % {"columns": ", ".join(missing)}
                )
            continue
        if not any(str(c).strip() for c in cells):
            continue
        rows.append((number, dict(zip(header, cells, strict=False))))
        if len(rows) > MAX_ROWS:
            raise ValidationError(
                _("Filen har fler än %(max)s rader.") % {"max": MAX_ROWS}
            )
    if header is None:
        raise ValidationError(_("Filen är tom."))
    return rows


def _locked_periods() -> set[tuple[int, int]]:
    """The tertials locked or published, a plain read for the preview (the
    commit checks again with the follow-ups' rows locked)."""
    return set(
        FollowUp.objects.filter(status__in=LOCKED_STATUSES).values_list(
            "period__year", "period__tertial"
        )
    )


class _Lookups:
    """Everything a row is checked against, loaded once for the whole file."""

    def __init__(self):
        self.figures = {
            k.code.upper(): k
            for k in KeyFigure.objects.exclude(status=KeyFigureStatus.RETIRED)
        }
        self.units = {
            u.code.upper(): u for u in Unit.objects.select_related("department")
        }
        self.departments = {d.code.upper(): d for d in Department.objects.all()}
        self.periods = {(p.year, p.tertial): p for p in Period.objects.all()}
        self.locked = _locked_periods()


def _text(row: dict, column: str) -> str:
    value = row.get(column, "")
    return "" if value is None else str(value).strip()


def _number(row: dict, column: str, label: str, problems: list[str]):
    """The cell's number, rounded as it will be stored; None if empty or wrong."""
    raw = row.get(column, "")
    if isinstance(raw, bool):
        problems.append(
            _("%(label)s är ett logiskt värde (SANT eller FALSKT), inte ett tal.")
            % {"label": label}
        )
        return None
    try:
        return number_stored(
            parse_decimal(raw if not isinstance(raw, str) else raw.strip())
        )
    except AmbiguousNumber as error:
        problems.append(
            _('%(label)s "%(raw)s": %(how)s')
            % {"label": label, "raw": raw, "how": error.message}
        )
        return None
    except ValueError:
        problems.append(
            _('%(label)s "%(raw)s" är inte ett tal.') % {"label": label, "raw": raw}
        )
        return None


def _free_text(
    row: dict, column: str, label: str, max_length: int, problems: list[str]
) -> str:
    """The cell's text as stored, personnummer masked; a problem, never a cut,
    when the mask makes it longer than its column."""
    try:
        return masked_to_fit(_text(row, column), field=column, max_length=max_length)
    except ValidationError as error:
        problems.append(
            _("%(label)s: %(problem)s") % {"label": label, "problem": error.messages[0]}
        )
        return ""


def row_check(row: dict, lookups: _Lookups) -> tuple[dict | None, list[str]]:
    """Normalise one row, or say in Swedish everything that is wrong with it."""
    problems: list[str] = []
    code = _text(row, "nyckeltal").upper()
    figure = lookups.figures.get(code)
    if figure is None:
        problems.append(_('Okänt nyckeltal "%(code)s".') % {"code": code})
    period = parse_period(_text(row, "tertial"))
    if period is None or not 2000 <= period[0] <= 2100:
        problems.append(
            _('Fel tertial "%(text)s"; skriv t.ex. 2026 T2.')
            % {"text": _text(row, "tertial")}
        )
    elif period in lookups.locked:
        problems.append(
            _("Tertialet %(y)s T%(t)s är låst.") % {"y": period[0], "t": period[1]}
        )
    org = _text(row, "organisation").upper()
    unit = lookups.units.get(org)
    department = unit.department if unit else lookups.departments.get(org)
    if org != AGENCY_CODE and unit is None and department is None:
        problems.append(_('Okänd enhet eller avdelning "%(code)s".') % {"code": org})
    gender = (_text(row, "kön") or "T").upper()
    if gender not in Gender.values:
        problems.append(_("Kön måste vara T, K eller M."))
    status = STATUS_WORDS.get(_text(row, "status").lower())
    if status is None:
        problems.append(_("Status måste vara preliminär eller definitiv."))
    raw_value = _text(row, "värde")
    missing = MISSING_CODES.get(raw_value, "")
    value = None if missing else _number(row, "värde", _("Värdet"), problems)
    numerator = _number(row, "täljare", _("Täljaren"), problems)
    denominator = _number(row, "nämnare", _("Nämnaren"), problems)
    if problems:
        return None, problems
    if figure.aggregation == "ratio" and value is not None and numerator is None:
        problems.append(
            _("%(code)s är en kvot: ange täljare och nämnare.") % {"code": code}
        )
        return None, problems
    if figure.aggregation == "ratio":
        value = None
    problems += scope_problems(
        key_figure=figure,
        department=None if org == AGENCY_CODE else department,
        unit=unit,
    )
    problems += value_problems(
        key_figure=figure,
        value=value,
        numerator=numerator,
        denominator=denominator,
        missing=missing,
        gender=gender,
    )
    source = _free_text(row, "källa", _("Källan"), 200, problems)
    note = _free_text(row, "kommentar", _("Kommentaren"), 500, problems)
    if problems:
        return None, problems
    return {
        "key_figure": figure.pk,
        "period": list(period),
        "department": department.pk if department and org != AGENCY_CODE else None,
        "unit": unit.pk if unit else None,
        "gender": gender,
        "value": None if value is None else str(value),
        "numerator": None if numerator is None else str(numerator),
        "denominator": None if denominator is None else str(denominator),
        "missing": missing,
        "status": status,
        "source": source,
        "note": note,
        "label": f"{code} {period[0]} T{period[1]} {org} {gender}",
    }, []


def _key(row: dict) -> tuple:
    return (
        row["key_figure"],
        tuple(row["period"]),
        row["department"],
        row["unit"],
        row["gender"],
    )


def rows_validate(rows: list[tuple[int, dict]]) -> tuple[list[dict], list[RowError]]:
    """Check every row; duplicates of the same figure, place, tertial and gender too."""
    lookups = _Lookups()
    clean, errors, seen = [], [], {}
    for line, row in rows:
        result, problems = row_check(row, lookups)
        if result is not None:
            key = _key(result)
            if key in seen:
                problems = [
                    _("Samma värde finns redan på rad %(line)s.") % {"line": seen[key]}
                ]
            else:
                seen[key] = line
                result["line"] = line
                clean.append(result)
        if problems:
            errors.append(RowError(line=line, messages=problems))
    if not rows:
        errors.append(RowError(line=0, messages=[_("Filen innehåller inga värden.")]))
    return clean, errors


def _new_fields(row: dict, figure: KeyFigure) -> dict:
    num = None if row["numerator"] is None else Decimal(row["numerator"])
    den = None if row["denominator"] is None else Decimal(row["denominator"])
    value = None if row["value"] is None else Decimal(row["value"])
    return {
        "value": derived_value(figure, value, num, den),
        "numerator": num,
        "denominator": den,
        "missing": row["missing"],
        "status": row["status"],
        "source": row["source"],
        "note": row["note"],
    }


def _existing(rows: list[dict], *, lock: bool = False) -> dict[tuple, Value]:
    """The stored values of the rows' figures in the rows' tertials, by key; with
    ``lock`` their rows locked, in key order (the import's commit: a change by
    hand under way is waited for, and its result is what the import replaces)."""
    figures = {r["key_figure"] for r in rows}
    periods = {tuple(r["period"]) for r in rows}
    found = {}
    in_periods = Q()
    for year, tertial in periods:
        in_periods |= Q(period__year=year, period__tertial=tertial)
    queryset = (
        Value.objects.filter(key_figure_id__in=figures)
        .filter(in_periods)
        .select_related("period")
    )
    if lock:
        queryset = queryset.select_for_update(of=("self",)).order_by("pk")
    for value in queryset:
        key = (
            value.key_figure_id,
            (value.period.year, value.period.tertial),
            value.department_id,
            value.unit_id,
            value.gender,
        )
        found[key] = value
    return found


def _same(value: Value, fields: dict) -> bool:
    return value.deleted_at is None and all(
        getattr(value, name) == fields[name]
        or (
            isinstance(fields[name], Decimal)
            and getattr(value, name) is not None
            and Decimal(getattr(value, name)) == fields[name]
        )
        for name in SNAPSHOT_FIELDS
    )


def _diff(
    rows: list[dict], *, lock: bool = False
) -> tuple[list[tuple[dict, Value | None, dict]], int, int, int]:
    figures = {
        k.pk: k
        for k in KeyFigure.objects.filter(pk__in={r["key_figure"] for r in rows})
    }
    existing = _existing(rows, lock=lock)
    plan, created, changed, unchanged = [], 0, 0, 0
    for row in rows:
        figure = figures[row["key_figure"]]
        unit_department = row["department"]
        key = (
            row["key_figure"],
            tuple(row["period"]),
            unit_department,
            row["unit"],
            row["gender"],
        )
        current = existing.get(key)
        fields = _new_fields(row, figure)
        if current is None:
            created += 1
        elif _same(current, fields):
            unchanged += 1
            continue
        else:
            changed += 1
        plan.append((row, current, fields))
    return plan, created, changed, unchanged


@transaction.atomic
def values_import_preview(*, filename: str, content: bytes, user) -> Preview:
    """Read and check a file; if it is clean, keep it as a batch awaiting commit."""
    if not permissions.can_manage(user):
        raise PermissionDenied
    try:
        rows = rows_read(filename=filename, content=content)
    except ValidationError as error:
        return Preview(batch=None, errors=[RowError(line=0, messages=error.messages)])
    clean, errors = rows_validate(rows)
    if errors:
        return Preview(batch=None, errors=errors)
    plan, created, changed, unchanged = _diff(clean)
    batch = ImportBatch.objects.create(
        # The uploaded file's name, not typed here: cut to fit, not refused.
        filename=mask_personnummer_to_length(filename.strip(), 255),
        uploaded_by=user,
        rows=clean,
        row_count=len(clean),
        created_count=created,
        changed_count=changed,
        unchanged_count=unchanged,
    )
    changes = [
        {
            "label": row["label"],
            "before": ""
            if current is None or current.deleted_at
            else _shown(current.value, current.missing),
            "after": _shown(fields["value"], fields["missing"]),
        }
        for row, current, fields in plan[:200]
    ]
    return Preview(
        batch=batch,
        created=created,
        changed=changed,
        unchanged=unchanged,
        changes=changes,
    )


def import_changes(*, batch: ImportBatch, limit: int = 200) -> list[dict]:
    """What a previewed import would change: label, value before and after."""
    plan, _created, _changed, _unchanged = _diff(batch.rows)
    return [
        {
            "line": row["line"],
            "label": row["label"],
            "before": ""
            if current is None or current.deleted_at
            else _shown(current.value, current.missing),
            "after": _shown(fields["value"], fields["missing"]),
            "kind": "ny" if current is None else "ändras",
        }
        for row, current, fields in plan[:limit]
    ]


def _shown(value, missing) -> str:
    if missing:
        return missing
    return "" if value is None else format_plain(Decimal(value))


@transaction.atomic
def values_import_commit(*, batch: ImportBatch, user) -> ImportBatch:
    """Store every value of a previewed batch, or none (the file is re-checked)."""
    if not permissions.can_manage(user):
        raise PermissionDenied
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.PREVIEW:
        raise ValidationError(_("Importen är redan genomförd eller ångrad."))
    periods = {}
    for year, tertial in {tuple(r["period"]) for r in batch.rows}:
        periods[(year, tertial)] = Period.objects.get_or_create(
            year=year, tertial=tertial
        )[0]
    # With their follow-ups' rows locked, as a single value is checked: none of
    # them is published before the import is stored.
    if periods_locked_for_write(period_ids={p.pk for p in periods.values()}):
        raise ValidationError(
            _("Ett tertial i filen har låsts sedan förhandsgranskningen.")
        )
    plan, created, changed, unchanged = _diff(batch.rows, lock=True)
    now = timezone.now()
    new_rows, updated, audits = [], [], []
    for row, current, fields in plan:
        if current is None:
            new_rows.append((row, fields))
            continue
        before = _snapshot(current)
        for name, item in fields.items():
            setattr(current, name, item)
        current.entered_by, current.entered_at = user, now
        current.import_batch, current.deleted_at = batch, None
        updated.append(current)
        audits.append(
            ValueChange(
                value=current,
                changed_by=user,
                changed_at=now,
                action="import",
                before=before,
                after=_snapshot(current),
                import_batch=batch,
            )
        )
    Value.objects.bulk_update(
        updated,
        [*SNAPSHOT_FIELDS, "entered_by", "entered_at", "import_batch", "deleted_at"],
        batch_size=1000,
    )
    ValueChange.objects.bulk_create(audits, batch_size=1000)
    _insert_new_values(new_rows, periods=periods, batch=batch, user=user, now=now)
    batch.status = ImportStatus.COMMITTED
    batch.committed_at = now
    batch.created_count, batch.changed_count, batch.unchanged_count = (
        created,
        changed,
        unchanged,
    )
    # Not the rows: writing the file's JSON back unchanged cost a quarter of a
    # second on PostgreSQL for 10,000 rows.
    batch.save(
        update_fields=[
            "status",
            "committed_at",
            "created_count",
            "changed_count",
            "unchanged_count",
        ]
    )
    return batch


def _insert_rows(model, columns: list[str], rows: list[tuple]) -> None:
    """INSERT many rows without the ORM, whose per-object work was what made a
    10,000-row import slow (see docs/benchmarks.md).

    PostgreSQL gets the rows through COPY, one stream instead of a statement per
    row; other databases through one ``executemany``.
    """
    ops = connection.ops
    table = ops.quote_name(model._meta.db_table)
    names = ", ".join(ops.quote_name(model._meta.get_field(c).column) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            copy_sql = f"COPY {table} ({names}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 - names from model meta
        for start in range(0, len(rows), 2000):
            cursor.executemany(sql, rows[start : start + 2000])


def _insert_new_values(new_rows, *, periods, batch, user, now) -> None:
    """Create the values an import adds, each with its audit row."""
    if not new_rows:
        return
    stamp = connection.ops.adapt_datetimefield_value(now)
    value_columns = [
        "key_figure", "period", "department", "unit", "gender", *SNAPSHOT_FIELDS,
        "entered_by", "entered_at", "import_batch",
    ]  # fmt: skip
    _insert_rows(
        Value,
        value_columns,
        [
            (
                row["key_figure"],
                periods[tuple(row["period"])].pk,
                row["department"],
                row["unit"],
                row["gender"],
                *(
                    _db_decimal(fields[name])
                    for name in ("value", "numerator", "denominator")
                ),
                fields["missing"],
                fields["status"],
                fields["source"],
                fields["note"],
                user.pk,
                stamp,
                batch.pk,
            )
            for row, fields in new_rows
        ],
    )
    ids = {
        (figure, period, department, unit, gender): pk
        for pk, figure, period, department, unit, gender in Value.objects.filter(
            import_batch=batch
        ).values_list(
            "pk", "key_figure_id", "period_id", "department_id", "unit_id", "gender"
        )
    }
    _insert_rows(
        ValueChange,
        ["value", "changed_by", "changed_at", "action", "after", "import_batch"],
        [
            (
                ids[
                    (
                        row["key_figure"],
                        periods[tuple(row["period"])].pk,
                        row["department"],
                        row["unit"],
                        row["gender"],
                    )
                ],
                user.pk,
                stamp,
                "import",
                json.dumps(_fields_snapshot(fields)),
                batch.pk,
            )
            for row, fields in new_rows
        ],
    )


def _db_decimal(value: Decimal | None):
    return None if value is None else connection.ops.adapt_decimalfield_value(value)


def _fields_snapshot(fields: dict) -> dict:
    data = {
        name: str(item) if isinstance(item, Decimal) else item
        for name, item in fields.items()
    }
    data["deleted"] = False
    return data


def _snapshot_fields(snapshot: dict) -> dict:
    """An audit snapshot back as a value's fields, numbers as Decimals."""
    return {
        name: Decimal(snapshot[name])
        if name in ("value", "numerator", "denominator") and snapshot[name] is not None
        else snapshot[name]
        for name in SNAPSHOT_FIELDS
    }


@transaction.atomic
def values_import_undo(*, batch: ImportBatch, user) -> ImportBatch:
    """Put every value the import touched back as it was before it."""
    if not permissions.can_manage(user):
        raise PermissionDenied
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.COMMITTED:
        raise ValidationError(_("Bara en genomförd import kan ångras."))
    # The tertials' follow-ups first, their rows locked as a single value's
    # change locks them: none is published, nor any of its values changed,
    # between the checks and the undo.
    period_ids = set(batch.changes.values_list("value__period_id", flat=True))
    if periods_locked_for_write(period_ids=period_ids):
        raise ValidationError(_("Tertialet är låst."))
    # The values with their rows locked, in key order, and read as committed: a
    # change by hand under way (in a tertial without a follow-up, whose row
    # would otherwise keep it out) is waited for and found, not undone.
    changes = list(
        batch.changes.select_related("value")
        .select_for_update(of=("value",))
        .order_by("value_id")
    )
    # The values as they are, not their history: a later import that was
    # itself undone has put back what this one stored, and must not block it.
    if any(not _same(c.value, _snapshot_fields(c.after)) for c in changes):
        raise ValidationError(
            _("Värden från importen har ändrats efteråt. Ändra dem för hand i stället.")
        )
    now = timezone.now()
    audits, restored = [], []
    for change in changes:
        value = change.value
        before = _snapshot(value)
        if change.before is None:
            value.deleted_at = now
        else:
            for name, item in _snapshot_fields(change.before).items():
                setattr(value, name, item)
            value.deleted_at = now if change.before.get("deleted") else None
        value.import_batch = None
        restored.append(value)
        audits.append(
            ValueChange(
                value=value,
                changed_by=user,
                changed_at=now,
                action="undo",
                before=before,
                after=_snapshot(value),
            )
        )
    Value.objects.bulk_update(
        restored, [*SNAPSHOT_FIELDS, "deleted_at", "import_batch"], batch_size=1000
    )
    ValueChange.objects.bulk_create(audits, batch_size=1000)
    batch.status = ImportStatus.UNDONE
    batch.undone_at, batch.undone_by = now, user
    batch.save(update_fields=["status", "undone_at", "undone_by"])
    return batch


def template_rows(*, period: Period) -> list[list]:
    """One row per active key figure, place and gender for a tertial, values empty."""
    rows = []
    units = list(
        Unit.objects.filter(is_active=True, department__is_active=True).order_by("code")
    )
    departments = list(Department.objects.filter(is_active=True).order_by("code"))
    for figure in KeyFigure.objects.filter(status=KeyFigureStatus.ACTIVE):
        places = {
            ReportingLevel.UNIT: [u.code for u in units],
            ReportingLevel.DEPARTMENT: [d.code for d in departments],
            ReportingLevel.AGENCY: [AGENCY_CODE],
        }[figure.reporting_level]
        genders = ("T", "K", "M") if figure.individual_based else ("T",)
        for place in places:
            for gender in genders:
                rows.append(
                    [
                        figure.code,
                        period.label,
                        place,
                        gender,
                        "",
                        "",
                        "",
                        "preliminär",
                        figure.data_source,
                        "",
                    ]
                )
    return rows


def template_csv(*, period: Period) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(COLUMNS)
    writer.writerows(template_rows(period=period))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx(*, period: Period) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Värden {period.label}"
    sheet.append(COLUMNS)
    for row in template_rows(period=period):
        sheet.append(row)
    help_sheet = workbook.create_sheet("Så fyller du i")
    for line in (
        [
            "Fyll i värde, eller täljare och nämnare för kvoter (nämnaren är vikten för vägda medelvärden)."
        ],
        [
            "Saknas uppgiften: skriv – (saknas), . (inte tillämpligt) eller .. (sekretess) i kolumnen värde."
        ],
        ["Kön: T totalt, K kvinnor, M män. Status: preliminär eller definitiv."],
        ["Organisation: enhetens eller avdelningens kod, eller MYNDIGHETEN."],
    ):
        help_sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
