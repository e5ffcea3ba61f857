"""The tertial report, the key figure pages with their notes, and values entered by hand."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from guru.forms import REFUSED, confirmed, errors_to_form, form_status

from .. import charts, permissions, selectors, services
from ..forms import (
    AnnotationForm,
    PeriodForm,
    ValueForm,
    parse_period,
)
from ..models import (
    ConsultationRound,
    FollowUp,
    KeyFigure,
    Period,
    Value,
)
from ..suppression import AGENCY
from .common import manager_only


def _latest_period() -> Period | None:
    return (
        Period.objects.filter(values__isnull=False)
        .distinct()
        .order_by("-year", "-tertial")
        .first()
    )


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Start page: the follow-ups, the latest report, the remissrunda."""
    year, tertial = selectors.follow_up_next_period(today=timezone.localdate())
    return index_page(request, PeriodForm(initial={"year": year, "tertial": tertial}))


def index_page(
    request: HttpRequest, period_form: PeriodForm, *, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "followup/index.html",
        {
            "follow_ups": selectors.follow_ups(),
            "latest": _latest_period(),
            "rounds": ConsultationRound.objects.all()[:5],
            "can_manage": permissions.can_manage(request.user),
            "unread": selectors.notifications_unread_count(user=request.user),
            "period_form": period_form,
        },
        status=status,
    )


def _period_or_404(year: int, tertial: int) -> Period:
    return get_object_or_404(Period, year=year, tertial=tertial)


@require_GET
def report(request: HttpRequest, year: int, tertial: int) -> HttpResponse:
    """The report of a tertial: per perspective, figures × departments."""
    period = _period_or_404(year, tertial)
    built = selectors.report_build(period=period, user=request.user)
    for block in built.blocks:
        for row in block.rows:
            row.sparkline = charts.sparkline(
                row.series,
                label=_("Trend för %(name)s") % {"name": row.key_figure.name},
            )
    follow_up = FollowUp.objects.filter(period=period).first()
    previous = selectors.follow_up_previous(follow_up) if follow_up else None
    return render(
        request,
        "followup/report.html",
        {
            "report": built,
            "period": period,
            "follow_up": follow_up,
            "previous": previous,
            "previous_actions": selectors.follow_up_actions(previous)
            if previous
            else [],
        },
    )


@require_GET
def key_figure(request: HttpRequest, code: str) -> HttpResponse:
    """One key figure over time and across departments, with a funnel for rates."""
    figure = get_object_or_404(
        KeyFigure.objects.select_related("perspective"), code=code
    )
    period = None
    parsed = parse_period(request.GET.get("tertial", ""))
    if parsed:
        period = Period.objects.filter(year=parsed[0], tertial=parsed[1]).first()
    period = period or _latest_period()
    # a locked or published tertial takes no notes: offer one that does
    note_period = selectors.annotation_period(viewed=period)
    form = _annotation_form(
        request, initial={"period": note_period.label if note_period else ""}
    )
    return _key_figure_page(
        request, figure, period, form, notes_closed=note_period is None
    )


def _annotation_form(request: HttpRequest, **kwargs) -> AnnotationForm:
    """The note form offers only the departments the user may annotate."""
    return AnnotationForm(
        departments=permissions.annotatable_departments(request.user),
        agency=permissions.can_annotate(request.user, None),
        **kwargs,
    )


def _key_figure_page(
    request: HttpRequest,
    figure: KeyFigure,
    period: Period | None,
    annotation_form: AnnotationForm,
    *,
    notes_closed: bool = False,
    status: int = 200,
) -> HttpResponse:
    """``notes_closed``: no tertial takes a note, and the page says so instead
    of offering the form."""
    context = {"figure": figure, "period": period}
    if period is not None:
        context.update(_figure_context(request, figure, period))
    context["annotation_form"] = annotation_form
    context["can_annotate"] = annotation_form.can_annotate
    context["notes_closed"] = notes_closed
    return render(request, "followup/key_figure.html", context, status=status)


def _figure_context(request, figure: KeyFigure, period: Period) -> dict:
    periods = selectors.periods_until(period)
    data = selectors.data_load(periods=periods, key_figures=[figure])
    grid = selectors.figure_grid(data, figure, period)
    own = getattr(request.user, "department", None)
    departments = data.departments
    columns = [(d.name, d.pk) for d in departments] + [(_("Myndigheten"), AGENCY)]
    genders = ("T", "K", "M") if figure.individual_based else ("T",)
    table = [
        {
            "name": name,
            "own": own is not None and column == own.pk,
            "cells": [
                selectors.cell_view(data, figure, period, grid[(g, column)], column)
                for g in genders
            ],
        }
        for name, column in columns
    ]
    # (name, table heading, column): the table heads a department's column with
    # its code, as the report does; its full name made the narrow table scroll.
    series_columns = [(_("Myndigheten"), _("Myndigheten"), AGENCY)]
    if own is not None:
        series_columns.append((own.name, own.code, own.pk))
    over_time = [
        (name, heading, selectors.figure_results(data, figure, column=column))
        for name, heading, column in series_columns
    ]
    notes = [
        (i, text)
        for i, p in enumerate(periods)
        for key, texts in data.annotations.items()
        if key[1] == p.pk
        for text in texts
    ]
    target = selectors.target_for(data, figure, period)
    funnel = ""
    funnel_rows = []
    if figure.is_ratio and figure.scale == 100:
        points = [
            (d.code, grid[("T", d.pk)].numerator, grid[("T", d.pk)].denominator)
            for d in departments
            if grid[("T", d.pk)].is_number
        ]
        funnel = charts.funnel_plot(
            points=points, title=_("Trattdiagram för %(n)s") % {"n": figure.name}
        )
        if points:
            centre = float(sum(p[1] for p in points)) / float(sum(p[2] for p in points))
            funnel_rows = [
                (code, charts.funnel_position(n, d, centre)) for code, n, d in points
            ]
    return {
        "periods": periods,
        "genders": genders,
        "table": table,
        # the table writes each tertial as the report does: "4 089", or "–"
        # for a value that is missing and ".." only for one withheld
        "over_time": [
            (
                name,
                heading,
                [
                    (p, selectors.result_text(result, figure))
                    for p, result in zip(periods, results, strict=True)
                ],
            )
            for name, heading, results in over_time
        ],
        "line_chart": charts.line_chart(
            labels=[p.label for p in periods],
            series=[
                (name, [r.value if r.is_number else None for r in results])
                for name, _heading, results in over_time
            ],
            title=_("%(n)s över tid") % {"n": figure.name},
            target=target.value if target else None,
            notes=notes,
        ),
        "bar_chart": charts.bar_chart(
            bars=[(d.name, grid[("T", d.pk)].value) for d in departments],
            title=_("%(n)s per avdelning") % {"n": figure.name},
            highlight=own.name if own else None,
            target=target.value if target and figure.aggregation != "sum" else None,
        ),
        "funnel": funnel,
        "funnel_rows": funnel_rows,
        "target": target,
        "raw_values": selectors.raw_values(
            key_figure=figure, period=period, user=request.user
        ),
        "raw_hidden": figure.is_protected
        and not permissions.can_view_raw_hr(request.user),
        "can_delete_values": permissions.can_edit_values(request.user)
        and not services.period_is_locked(period),
    }


@require_POST
def annotate(request: HttpRequest, code: str) -> HttpResponse:
    """Save a note; a refused one shows the page again with the text kept."""
    figure = get_object_or_404(
        KeyFigure.objects.select_related("perspective"), code=code
    )
    form = _annotation_form(request, data=request.POST)
    if not form.can_annotate:
        raise PermissionDenied
    period = None
    if form.is_valid():
        year, tertial = form.cleaned_data["period"]
        period = Period.objects.filter(year=year, tertial=tertial).first()
        if period is None:
            form.add_error(
                "period",
                _("Det finns inga uppgifter för %(y)s T%(t)s.")
                % {"y": year, "t": tertial},
            )
        else:
            try:
                services.annotation_add(
                    key_figure=figure,
                    period=period,
                    department=form.cleaned_data["department"],
                    text=form.cleaned_data["text"],
                    user=request.user,
                )
            except ValidationError as error:
                errors_to_form(form, error)
            except PermissionDenied:
                form.add_error("department", form.REFUSED)
            else:
                messages.success(request, _("Anteckningen är sparad."))
                return redirect(
                    reverse("followup:key_figure", args=[figure.code])
                    + f"?tertial={period.year}-T{period.tertial}"
                )
    return _key_figure_page(
        request, figure, period or _latest_period(), form, status=REFUSED
    )


def value_create(request: HttpRequest) -> HttpResponse:
    """Manual entry of a figure that no system delivers."""
    manager_only(request)
    year, tertial = selectors.value_entry_period(today=timezone.localdate())
    form = ValueForm(request.POST or None, initial={"period": f"{year} T{tertial}"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            period = services.period_get(
                year=data["period"][0], tertial=data["period"][1]
            )
            services.value_set(
                key_figure=data["key_figure"],
                period=period,
                user=request.user,
                department=data["department"],
                unit=data["unit"],
                gender=data["gender"],
                value=data["value"],
                numerator=data["numerator"],
                denominator=data["denominator"],
                missing=data["missing"] or "",
                status=data["status"],
                source=data["source"],
                note=data["note"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Värdet är sparat."))
            return redirect("followup:value_create")
    return render(
        request,
        "followup/value_form.html",
        {"form": form},
        status=form_status(form),
    )


def value_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm and soft-delete one stored value (GET asks, POST deletes)."""
    if not permissions.can_edit_values(request.user):
        raise PermissionDenied
    value = get_object_or_404(
        Value.objects.select_related(
            "key_figure", "period", "department", "unit", "entered_by"
        ),
        pk=pk,
        deleted_at__isnull=True,
    )
    back = (
        reverse("followup:key_figure", args=[value.key_figure.code])
        + f"?tertial={value.period.year}-T{value.period.tertial}"
    )
    return confirmed(
        request,
        act=lambda: services.value_delete(value=value, user=request.user),
        done=_("Värdet är borttaget. Rapporten visar det nu som saknat (–)."),
        back=back,
        template="followup/value_delete.html",
        context={"value": value, "locked": services.period_is_locked(value.period)},
    )
