"""Reads: the report, computed from raw values with privacy suppression applied last.

The whole report is built from three queries (values, headcounts, organisation)
and aggregated in Python, because aggregating per cell in SQL would mean one
query per key figure × department × tertial.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from guru.accounts.models import Department, Unit
from guru.changes.diff import word_diff

from . import permissions
from .aggregation import MISSING, NOT_APPLICABLE, WITHHELD, Aggregate, Part, combine
from .aggregation import aggregate as aggregate_parts
from .models import (
    LOCKED_STATUSES,
    Action,
    ActionChange,
    Analysis,
    AnalysisStatus,
    Annotation,
    FollowUp,
    FollowUpStatus,
    Gender,
    Headcount,
    KeyFigure,
    KeyFigureStatus,
    Notification,
    Period,
    Perspective,
    ReportingLevel,
    Target,
    TextChange,
    TextKind,
    Value,
)
from .rules import format_number, traffic_light
from .suppression import AGENCY, grid_lines, safe_difference, suppressed_cells

HISTORY = 9  # tertials shown in trends: three years


@dataclass
class Cell:
    """What the report shows for one figure, group and tertial."""

    value: Decimal | None = None
    code: str = MISSING
    text: str = MISSING
    light: str | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    annotations: list[str] = field(default_factory=list)
    own: bool = False


@dataclass
class Row:
    key_figure: KeyFigure
    cells: list[Cell]
    total: Cell
    target: Decimal | None
    target_text: str
    change_previous: str
    change_year: str
    series: list[Decimal | None]
    # The changes as numbers, unrounded, for the XLSX; the texts above are shown.
    change_previous_value: Decimal | None = None
    change_year_value: Decimal | None = None


@dataclass
class Block:
    perspective: Perspective
    rows: list[Row]


@dataclass
class Report:
    period: Period
    periods: list[Period]
    departments: list[Department]
    blocks: list[Block]
    own_department_id: int | None = None


@dataclass
class Data:
    """Everything the report needs, loaded once."""

    periods: list[Period]
    departments: list[Department]
    units_by_department: dict[int, list[int]]
    parts: dict[tuple, dict[tuple, Part]]
    headcounts: dict[tuple[int, str, object], int]
    targets: dict[tuple[int, int, int | None], Target]
    annotations: dict[tuple[int, int, object], list[str]]
    # Which cells are withheld depends only on headcounts and the grid's shape,
    # not on the figure: computed once per (tertial, gender split).
    withheld: dict[tuple[int, bool], set] = field(default_factory=dict)


def _decimal(raw) -> Decimal | None:
    if raw is None or isinstance(raw, Decimal):
        return raw
    return Decimal(str(raw))


def periods_until(period: Period, *, count: int = HISTORY) -> list[Period]:
    """The tertials that exist among the ``count`` ending with ``period``, oldest first."""
    wanted = {period.index - offset for offset in range(count)}
    years = {index // 3 for index in wanted}
    candidates = Period.objects.filter(year__in=years)
    return sorted((p for p in candidates if p.index in wanted), key=lambda p: p.index)


def key_figures_active() -> list[KeyFigure]:
    return list(
        KeyFigure.objects.filter(status=KeyFigureStatus.ACTIVE).select_related(
            "perspective"
        )
    )


def data_load(
    *,
    periods: list[Period],
    key_figures: list[KeyFigure],
    totals_only: bool = False,
) -> Data:
    """Load raw values, headcounts, targets and annotations for the given scope.

    With ``totals_only`` the gender split is not read at all: the report shows
    totals only, and whether a protected total is withheld depends on the
    headcounts of the gender groups, never on their values.
    """
    departments = list(Department.objects.filter(is_active=True).order_by("code"))
    units_by_department: dict[int, list[int]] = defaultdict(list)
    unit_department = {}
    for unit_id, department_id in Unit.objects.filter(
        is_active=True, department__is_active=True
    ).values_list("pk", "department_id"):
        units_by_department[department_id].append(unit_id)
        unit_department[unit_id] = department_id
    period_ids = [p.pk for p in periods]
    figure_ids = [k.pk for k in key_figures]
    parts: dict[tuple, dict[tuple, Part]] = defaultdict(dict)
    queryset = Value.objects.filter(
        period_id__in=period_ids, key_figure_id__in=figure_ids, deleted_at__isnull=True
    )
    if totals_only:
        queryset = queryset.filter(gender=Gender.TOTAL)
    queryset = queryset.values_list(
        "key_figure_id",
        "period_id",
        "gender",
        "department_id",
        "unit_id",
        "value",
        "numerator",
        "denominator",
        "missing",
    )
    # Tens of thousands of rows: read them through the cursor and make the decimals
    # ourselves, which is several times faster than the ORM's per-value converters.
    rows = []
    if period_ids and figure_ids:
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    methods = {k.pk: k.aggregation for k in key_figures}
    for figure, period, gender, department, unit, value, num, den, missing in rows:
        # Convert only what the figure's rule reads: ratios their parts, sums
        # their value, weighted averages value and weight.
        method = methods[figure]
        if method == "ratio":
            part = Part(None, _decimal(num), _decimal(den), missing)
        elif method == "weighted_average":
            part = Part(_decimal(value), None, _decimal(den), missing)
        else:
            part = Part(_decimal(value), None, None, missing)
        if unit is not None:
            scope = ("U", unit)
        elif department is not None:
            scope = ("D", department)
        else:
            scope = ("A",)
        parts[(figure, period, gender)][scope] = part
    headcounts: dict[tuple[int, str, object], int] = defaultdict(int)
    for unit, period, women, men in Headcount.objects.filter(
        period_id__in=period_ids
    ).values_list("unit_id", "period_id", "women", "men"):
        department = unit_department.get(unit)
        if department is None:
            continue
        for gender, count in (("K", women), ("M", men), ("T", women + men)):
            headcounts[(period, gender, department)] += count
            headcounts[(period, gender, AGENCY)] += count
    targets = {
        (t.key_figure_id, t.year, t.tertial): t
        for t in Target.objects.filter(key_figure_id__in=figure_ids)
    }
    annotations: dict[tuple[int, int, object], list[str]] = defaultdict(list)
    for figure, period, department, text in Annotation.objects.filter(
        key_figure_id__in=figure_ids, period_id__in=period_ids
    ).values_list("key_figure_id", "period_id", "department_id", "text"):
        annotations[(figure, period, department or AGENCY)].append(text)
    return Data(
        periods=periods,
        departments=departments,
        units_by_department=units_by_department,
        parts=parts,
        headcounts=headcounts,
        targets=targets,
        annotations=annotations,
    )


def target_for(data: Data, key_figure: KeyFigure, period: Period) -> Target | None:
    return data.targets.get(
        (key_figure.pk, period.year, period.tertial)
    ) or data.targets.get((key_figure.pk, period.year, None))


def figure_grid(
    data: Data, key_figure: KeyFigure, period: Period, *, totals_only: bool = False
) -> dict[tuple[str, object], Aggregate]:
    """Aggregates for every (gender, department id or AGENCY) in one tertial,
    with withheld cells replaced by "..". Suppression is applied last.

    ``totals_only`` leaves out the gender split (the report shows totals only).
    Which totals are withheld does not change: that is decided from the
    headcounts of every cell of the full grid, gender groups included.
    """
    split = key_figure.individual_based and not totals_only
    genders = ("T", "K", "M") if split else ("T",)
    method, scale = key_figure.aggregation, key_figure.scale
    level = key_figure.reporting_level
    missing = Part(missing=MISSING)
    grid: dict[tuple[str, object], Aggregate] = {}
    for gender in genders:
        parts = data.parts.get((key_figure.pk, period.pk, gender), {})
        departments = []
        for department in data.departments:
            if level == ReportingLevel.UNIT:
                result = aggregate_parts(
                    [
                        parts.get(("U", unit), missing)
                        for unit in data.units_by_department.get(department.pk, ())
                    ],
                    method=method,
                    scale=scale,
                )
            elif level == ReportingLevel.DEPARTMENT:
                part = parts.get(("D", department.pk))
                result = (
                    aggregate_parts([part], method=method, scale=scale, single=True)
                    if part
                    else Aggregate(missing=MISSING)
                )
            else:
                result = Aggregate(missing=NOT_APPLICABLE)
            grid[(gender, department.pk)] = result
            departments.append(result)
        if level == ReportingLevel.AGENCY:
            part = parts.get(("A",))
            grid[(gender, AGENCY)] = (
                aggregate_parts([part], method=method, scale=scale, single=True)
                if part
                else Aggregate(missing=MISSING)
            )
        else:
            grid[(gender, AGENCY)] = combine(departments, method=method, scale=scale)
    if key_figure.is_protected:
        for cell in _withheld(data, period, by_gender=key_figure.individual_based):
            if cell in grid:
                grid[cell] = Aggregate(missing=WITHHELD)
    return grid


def agency_total(data: Data, key_figure: KeyFigure, period: Period) -> Aggregate:
    """The agency total of an open figure straight from all raw parts.

    Equal to combining the departments (the property tests prove the two levels
    agree), but one aggregation instead of one per department; trend lines use it.
    """
    if key_figure.is_protected or key_figure.reporting_level == ReportingLevel.AGENCY:
        return figure_grid(data, key_figure, period, totals_only=True)[("T", AGENCY)]
    parts = data.parts.get((key_figure.pk, period.pk, "T"), {})
    missing = Part(missing=MISSING)
    if key_figure.reporting_level == ReportingLevel.UNIT:
        scopes = [
            [("U", unit) for unit in data.units_by_department.get(d.pk, [])]
            for d in data.departments
        ]
    else:
        scopes = [[("D", d.pk)] for d in data.departments]
    if not scopes or any(not scope for scope in scopes):
        # A department without units (or no departments) makes the total missing.
        return Aggregate(missing=MISSING)
    return aggregate_parts(
        [parts.get(key, missing) for scope in scopes for key in scope],
        method=key_figure.aggregation,
        scale=key_figure.scale,
    )


def _withheld(data: Data, period: Period, *, by_gender: bool) -> set:
    """The cells of a protected figure's grid to withhold in a tertial."""
    key = (period.pk, by_gender)
    if key not in data.withheld:
        columns = [d.pk for d in data.departments]
        lines = grid_lines(columns=columns, by_gender=by_gender)
        counts = {}
        for line in lines:
            for cell in (*line.parts, line.total):
                count = data.headcounts.get((period.pk, *cell))
                # An unknown headcount could hide a small group: withhold, never
                # guess.
                counts[cell] = 1 if count is None else count
        data.withheld[key] = suppressed_cells(headcounts=counts, lines=lines)
    return data.withheld[key]


def cell_view(
    data: Data,
    key_figure: KeyFigure,
    period: Period,
    result: Aggregate,
    column: object,
) -> Cell:
    """Format an aggregate for display, with its traffic light and notes."""
    annotations = data.annotations.get((key_figure.pk, period.pk, column), [])
    if not result.is_number:
        return Cell(
            code=result.missing or MISSING,
            text=result.missing or MISSING,
            annotations=annotations,
        )
    target = target_for(data, key_figure, period)
    light = traffic_light(
        result.value,
        target=target.value if target else None,
        band_high=target.band_high if target else None,
        direction=key_figure.direction,
        tolerance_percent=key_figure.yellow_tolerance,
        decimals=key_figure.decimals,
    )
    return Cell(
        value=result.value,
        code="",
        text=format_number(result.value, decimals=key_figure.decimals),
        light=light,
        numerator=result.numerator,
        denominator=result.denominator,
        annotations=annotations,
    )


def figure_results(
    data: Data, key_figure: KeyFigure, *, column: object = AGENCY, gender: str = "T"
) -> list[Aggregate]:
    """What the report shows for one group over the loaded tertials: a number,
    or why there is none (missing, not applicable, withheld)."""
    return [
        figure_grid(data, key_figure, period).get((gender, column))
        or Aggregate(missing=MISSING)
        for period in data.periods
    ]


def figure_series(
    data: Data, key_figure: KeyFigure, *, column: object = AGENCY, gender: str = "T"
) -> list[Decimal | None]:
    """Shown values over the loaded tertials; withheld or missing ones are None."""
    return [
        result.value if result.is_number else None
        for result in figure_results(data, key_figure, column=column, gender=gender)
    ]


def result_text(result: Aggregate, key_figure: KeyFigure) -> str:
    """A result as the report writes it: a Swedish number, or its code."""
    if result.is_number:
        return format_number(result.value, decimals=key_figure.decimals)
    return result.missing or MISSING


def _change_text(change: Decimal | None, decimals: int) -> str:
    return (
        "" if change is None else format_number(change, decimals=decimals, signed=True)
    )


def _row(data: Data, key_figure: KeyFigure, period: Period) -> Row:
    by_index = {p.index: p for p in data.periods}
    grids = {
        p.pk: figure_grid(data, key_figure, p, totals_only=True)
        if p.pk == period.pk or key_figure.is_protected
        else {("T", AGENCY): agency_total(data, key_figure, p)}
        for p in data.periods
    }
    grid = grids[period.pk]
    cells = [
        cell_view(data, key_figure, period, grid[("T", d.pk)], d.pk)
        for d in data.departments
    ]
    total = cell_view(data, key_figure, period, grid[("T", AGENCY)], AGENCY)
    series = [
        grids[p.pk][("T", AGENCY)].value
        if grids[p.pk][("T", AGENCY)].is_number
        else None
        for p in data.periods
    ]

    def shown(index: int) -> Decimal | None:
        other = by_index.get(index)
        if other is None:
            return None
        result = grids[other.pk][("T", AGENCY)]
        return result.value if result.is_number else None

    target = target_for(data, key_figure, period)
    target_text = ""
    if target:
        target_text = format_number(target.value, decimals=key_figure.decimals)
        if target.band_high is not None:
            target_text += "–" + format_number(
                target.band_high, decimals=key_figure.decimals
            )
    change_previous = safe_difference(total.value, shown(period.index - 1))
    change_year = safe_difference(total.value, shown(period.index - 3))
    return Row(
        key_figure=key_figure,
        cells=cells,
        total=total,
        target=target.value if target else None,
        target_text=target_text,
        change_previous=_change_text(change_previous, key_figure.decimals),
        change_year=_change_text(change_year, key_figure.decimals),
        series=series,
        change_previous_value=change_previous,
        change_year_value=change_year,
    )


def report_build(
    *,
    period: Period,
    user=None,
    key_figures: Iterable[KeyFigure] | None = None,
) -> Report:
    """The report for a tertial: per perspective, key figures × departments."""
    key_figures = list(key_figures) if key_figures is not None else key_figures_active()
    periods = periods_until(period)
    data = data_load(periods=periods, key_figures=key_figures, totals_only=True)
    by_perspective: dict[int, list[Row]] = defaultdict(list)
    for key_figure in key_figures:
        by_perspective[key_figure.perspective_id].append(_row(data, key_figure, period))
    blocks = [
        Block(perspective=p, rows=by_perspective.get(p.pk, []))
        for p in Perspective.objects.all()
    ]
    own = getattr(user, "department", None) if user is not None else None
    for block in blocks:
        for row in block.rows:
            for department, cell in zip(data.departments, row.cells, strict=True):
                cell.own = own is not None and department.pk == own.pk
                if row.key_figure.aggregation == "sum":
                    # A target for the agency's sum says nothing about one department.
                    cell.light = None
    return Report(
        period=period,
        periods=periods,
        departments=data.departments,
        blocks=blocks,
        own_department_id=own.pk if own else None,
    )


def follow_ups() -> list[FollowUp]:
    return list(FollowUp.objects.select_related("period"))


def follow_up_next_period(*, today: datetime.date) -> tuple[int, int]:
    """The tertial a controller most likely opens next, as (year, tertial).

    The one after the latest follow-up; with none yet, the tertial of ``today``.
    """
    latest = FollowUp.objects.select_related("period").first()
    if latest is None:
        return today.year, (today.month - 1) // 4 + 1
    year, tertial = divmod(latest.period.index + 1, 3)
    return year, tertial + 1


def value_entry_period(*, today: datetime.date) -> tuple[int, int]:
    """The tertial a value entered by hand most likely belongs to, as (year,
    tertial): the open follow-up's (the latest, if several are open), else the
    one a controller opens next. A locked tertial takes no values."""
    open_follow_up = (
        FollowUp.objects.filter(status=FollowUpStatus.OPEN)
        .select_related("period")
        .first()
    )
    if open_follow_up is not None:
        return open_follow_up.period.year, open_follow_up.period.tertial
    return follow_up_next_period(today=today)


def annotation_period(*, viewed: Period | None) -> Period | None:
    """The tertial a new note is offered for: ``viewed`` when it still takes
    notes, else the latest tertial with values that does; None when none does.

    A tertial whose follow-up is locked or published takes no notes.
    """
    takes_notes = Period.objects.exclude(follow_up__status__in=LOCKED_STATUSES)
    if viewed is not None and takes_notes.filter(pk=viewed.pk).exists():
        return viewed
    return (
        takes_notes.filter(values__isnull=False)
        .distinct()
        .order_by("-year", "-tertial")
        .first()
    )


def follow_up_previous(follow_up: FollowUp) -> FollowUp | None:
    """The follow-up of the tertial before, whose actions come first in this one."""
    index = follow_up.period.index - 1
    year, tertial = divmod(index, 3)
    return (
        FollowUp.objects.filter(period__year=year, period__tertial=tertial + 1)
        .select_related("period")
        .first()
    )


def follow_up_actions(follow_up: FollowUp) -> list[Action]:
    """The follow-up's actions, each with its läge's trail as ``history``, newest
    first (prefetched: one query for all of them, not one per action)."""
    trail = ActionChange.objects.select_related("changed_by").order_by(
        "-changed_at", "-pk"
    )
    return list(
        follow_up.actions.select_related("owner", "perspective")
        .prefetch_related(Prefetch("changes", queryset=trail, to_attr="history"))
        .order_by("perspective__order", "due_on", "pk")
    )


@dataclass
class DepartmentProgress:
    department: Department
    analyses: dict[int, Analysis]
    done: bool
    statuses: list[Analysis | None]


def follow_up_progress(follow_up: FollowUp) -> tuple[list[DepartmentProgress], int]:
    """Per department its analyses; a department is done when all four are klar."""
    perspectives = list(Perspective.objects.all())
    analyses: dict[int, dict[int, Analysis]] = defaultdict(dict)
    for analysis in follow_up.analyses.select_related("updated_by", "department"):
        analyses[analysis.department_id][analysis.perspective_id] = analysis
    progress = []
    for department in Department.objects.filter(is_active=True).select_related("head"):
        mine = analyses.get(department.pk, {})
        done = all(
            mine.get(p.pk) and mine[p.pk].status == AnalysisStatus.DONE
            for p in perspectives
        )
        statuses = [mine.get(p.pk) for p in perspectives]
        progress.append(DepartmentProgress(department, mine, done, statuses))
    return progress, sum(1 for p in progress if p.done)


@dataclass
class PublishGaps:
    """What a follow-up still lacks before it is published.

    ``analyses``: per department the perspectives whose analysis is not klar,
    with the draft if there is one; ``values``: per key figure where the report
    shows "–" (missing), by department or for the whole agency.
    """

    analyses: list[tuple[Department, list[tuple[Perspective, Analysis | None]]]]
    values: list[tuple[KeyFigure, list[str]]]

    def __bool__(self) -> bool:
        return bool(self.analyses or self.values)

    @property
    def analysis_count(self) -> int:
        return sum(len(missing) for _department, missing in self.analyses)

    @property
    def value_count(self) -> int:
        return sum(len(places) for _figure, places in self.values)


def publish_gaps(progress: list[DepartmentProgress], report: Report) -> PublishGaps:
    """The gaps of a follow-up from its progress and its report (both loaded)."""
    perspectives = [block.perspective for block in report.blocks]
    analyses = []
    for item in progress:
        missing = [
            (perspective, item.analyses.get(perspective.pk))
            for perspective in perspectives
            if getattr(item.analyses.get(perspective.pk), "status", None)
            != AnalysisStatus.DONE
        ]
        if missing:
            analyses.append((item.department, missing))
    values = []
    for block in report.blocks:
        for row in block.rows:
            places = [
                department.name
                for department, cell in zip(report.departments, row.cells, strict=True)
                if cell.code == MISSING
            ]
            if not places and row.total.code == MISSING:
                places = [_("hela myndigheten")]
            if places:
                values.append((row.key_figure, places))
    return PublishGaps(analyses=analyses, values=values)


def follow_up_gaps(follow_up: FollowUp) -> PublishGaps:
    """What the follow-up still lacks: analyses not klar, values missing."""
    progress, _done = follow_up_progress(follow_up)
    return publish_gaps(progress, report_build(period=follow_up.period))


def raw_values(*, key_figure: KeyFigure, period: Period, user) -> list[Value]:
    """Unit-level values; about employees' health only for those who may see them."""
    if key_figure.is_protected and not permissions.can_view_raw_hr(user):
        return []
    return list(
        Value.objects.filter(
            key_figure=key_figure, period=period, deleted_at__isnull=True
        )
        .select_related("unit", "department", "entered_by")
        .prefetch_related(Prefetch("changes"))
        .order_by("department__code", "unit__code", "gender")
    )


GENDER_LABELS = dict(Gender.choices)


def _analysis_shown(
    user, follow_up: FollowUp, department, analysis, *, every_draft: bool
) -> tuple:
    """(department, analysis or None, not ready): a draft the user may not read
    is left out, text and all, and shown as not ready."""
    if analysis is None or permissions.can_read_analysis(
        user, follow_up, analysis, every_draft=every_draft
    ):
        return department, analysis, False
    return department, None, True


@dataclass
class TextChangeShown:
    """One change of an analysis or a conclusion as a reader may see it.

    ``what`` says in words what changed (its status, its text); ``before`` is
    the earlier text when the text changed, empty when there was none or the
    reader may not read it (``withheld``: a draft); ``parts`` the words removed
    and added, when there are two texts and the reader may read both.
    """

    changed_at: datetime.datetime
    changed_by: object
    what: str
    before: str
    withheld: bool
    parts: list


def _analysis_change_what(change: TextChange) -> str:
    before, after = change.status_before, change.status_after
    text_changed = change.text_before != change.text_after
    if not before:
        if after == AnalysisStatus.DONE:
            return _("Skrevs och markerades klar")
        return _("Skrevs som utkast")
    if before != after:
        if after == AnalysisStatus.DONE:
            what = _("Markerades klar")
        else:
            what = _("Ändrades tillbaka till utkast")
        return _("%(what)s, texten ändrades") % {"what": what} if text_changed else what
    return _("Texten ändrades")


def _conclusion_change_what(change: TextChange) -> str:
    if not change.text_before:
        return _("Skrevs")
    if not change.text_after:
        return _("Togs bort")
    return _("Texten ändrades")


def text_histories(
    follow_up: FollowUp, *, user, every_draft: bool | None = None
) -> dict[tuple[int | None, int], list[TextChangeShown]]:
    """The trail of the follow-up's analyses and joint conclusions as ``user`` may
    read it, newest first, by (department id, perspective id) for an analysis and
    (None, perspective id) for a conclusion.

    A draft text in an analysis's trail is read as the draft itself is
    (``permissions.can_read_draft``): a change between drafts the user may not
    read is left out, and a draft's text is withheld from a change they may see.
    """
    if every_draft is None:
        every_draft = permissions.can_read_every_draft(user)
    reads_drafts: dict[int, bool] = {}
    histories: dict[tuple[int | None, int], list[TextChangeShown]] = defaultdict(list)
    changes = follow_up.text_changes.select_related("changed_by", "department")
    for change in changes.order_by("-changed_at", "-pk"):
        if change.kind == TextKind.CONCLUSION:
            key = (None, change.perspective_id)
            what = _conclusion_change_what(change)
            before_ok = after_ok = True
        else:
            key = (change.department_id, change.perspective_id)
            if change.department_id not in reads_drafts:
                reads_drafts[change.department_id] = permissions.can_read_draft(
                    user, follow_up, change.department, every_draft=every_draft
                )
            drafts_ok = reads_drafts[change.department_id]
            before_ok = drafts_ok or change.status_before == AnalysisStatus.DONE
            after_ok = drafts_ok or change.status_after == AnalysisStatus.DONE
            if not (before_ok or after_ok):
                continue
            what = _analysis_change_what(change)
        before, after = change.text_before, change.text_after
        text_changed = before != after
        compared = text_changed and before_ok and after_ok and before and after
        histories[key].append(
            TextChangeShown(
                changed_at=change.changed_at,
                changed_by=change.changed_by,
                what=what,
                before=before if before_ok and text_changed else "",
                withheld=not before_ok and text_changed and bool(before),
                parts=word_diff(before, after) if compared else [],
            )
        )
    return histories


def follow_up_context(follow_up: FollowUp, *, user=None, history: bool = False) -> dict:
    """Everything the follow-up page and its PDF show, in reading order.

    With ``history`` each conclusion and analysis has its trail of changes as
    the user may read it (the page shows it, the published PDF does not)."""
    previous = follow_up_previous(follow_up)
    progress, done = follow_up_progress(follow_up)
    conclusions = {c.perspective_id: c for c in follow_up.conclusions.all()}
    actions = follow_up_actions(follow_up)
    report = report_build(period=follow_up.period, user=user)
    every_draft = permissions.can_read_every_draft(user)
    histories = (
        text_histories(follow_up, user=user, every_draft=every_draft) if history else {}
    )
    for block in report.blocks:
        key = block.perspective.pk
        block.conclusion = conclusions.get(key)
        block.conclusion_history = histories.get((None, key), [])
        block.actions = [a for a in actions if a.perspective_id == key]
        block.analyses = []
        for p in progress:
            department, analysis, not_ready = _analysis_shown(
                user,
                follow_up,
                p.department,
                p.analyses.get(key),
                every_draft=every_draft,
            )
            if not (not_ready or (analysis and analysis.text)):
                continue  # nothing to show: the page says so once, not per department
            # the trail is shown with the analysis, and only where it is
            trail = histories.get((department.pk, key), []) if analysis else []
            block.analyses.append((department, analysis, not_ready, trail))
    return {
        "follow_up": follow_up,
        "previous": previous,
        "previous_actions": follow_up_actions(previous) if previous else [],
        "progress": progress,
        "done_count": done,
        "department_count": len(progress),
        "actions": actions,
        "report": report,
        "gaps": publish_gaps(progress, report),
    }


def notifications_unread_count(*, user) -> int:
    """How many of the follow-up's notices to the user are unread (the header badge)."""
    if not (user and user.is_authenticated):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
