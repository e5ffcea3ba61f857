"""Views of the follow-up: thin, each parses input, calls one function, renders.

Reading the report is open to every employee; what changes state checks the
rules in ``permissions.py`` (the services check them again).
"""

from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.forms.models import model_to_dict
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from guru.accounts.models import Department

from . import charts, consultation, imports, permissions, selectors, services
from .exports import follow_up_pdf, follow_up_xlsx
from .forms import (
    ActionForm,
    ActionStatusForm,
    AnalysisForm,
    AnnotationForm,
    ClosesOnForm,
    CommentForm,
    ConclusionForm,
    DecisionForm,
    ImportForm,
    PeriodForm,
    ProposalForm,
    PublishForm,
    RoundForm,
    ValueForm,
    parse_period,
)
from .models import (
    Action,
    ActionStatus,
    ConsultationRound,
    FollowUp,
    FollowUpStatus,
    ImportBatch,
    ImportStatus,
    KeyFigure,
    Notification,
    Period,
    Perspective,
    Proposal,
    ProposalStatus,
    Value,
)
from .suppression import AGENCY


def _manager_only(request: HttpRequest) -> None:
    if not permissions.can_manage(request.user):
        raise PermissionDenied


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
    return _index(request, PeriodForm(initial={"year": year, "tertial": tertial}))


def _index(
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
    form = _annotation_form(request, initial={"period": period.label if period else ""})
    return _key_figure_page(request, figure, period, form)


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
    status: int = 200,
) -> HttpResponse:
    context = {"figure": figure, "period": period}
    if period is not None:
        context.update(_figure_context(request, figure, period))
    context["annotation_form"] = annotation_form
    context["can_annotate"] = annotation_form.can_annotate
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
        (name, heading, selectors.figure_series(data, figure, column=column))
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
        "over_time": [
            (name, heading, [(p, v) for p, v in zip(periods, values, strict=True)])
            for name, heading, values in over_time
        ],
        "line_chart": charts.line_chart(
            labels=[p.label for p in periods],
            series=[(name, values) for name, _heading, values in over_time],
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
                form.add_error("text", error)
            except PermissionDenied:
                form.add_error("department", form.REFUSED)
            else:
                messages.success(request, _("Anteckningen är sparad."))
                return redirect(
                    reverse("followup:key_figure", args=[figure.code])
                    + f"?tertial={period.year}-T{period.tertial}"
                )
    return _key_figure_page(
        request, figure, period or _latest_period(), form, status=422
    )


# Data in ---------------------------------------------------------------------


def value_create(request: HttpRequest) -> HttpResponse:
    """Manual entry of a figure that no system delivers."""
    _manager_only(request)
    form = ValueForm(request.POST or None)
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
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Värdet är sparat."))
            return redirect("followup:value_create")
    return render(
        request,
        "followup/value_form.html",
        {"form": form},
        status=422 if form.errors else 200,
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
    return _confirmed(
        request,
        act=lambda: services.value_delete(value=value, user=request.user),
        done=_("Värdet är borttaget. Rapporten visar det nu som saknat (–)."),
        back=back,
        template="followup/value_delete.html",
        context={"value": value, "locked": services.period_is_locked(value.period)},
    )


def _confirmed(
    request: HttpRequest, *, act, done: str, back: str, template: str, context: dict
) -> HttpResponse:
    """A confirmation page: GET asks, POST does ``act`` and goes ``back``.

    A refusal (``ValidationError``) is shown on the page, with status 422.
    """
    error = ""
    if request.method == "POST":
        try:
            act()
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, done)
            return redirect(back)
    return render(
        request,
        template,
        {**context, "back": back, "error": error},
        status=422 if error else 200,
    )


def import_upload(request: HttpRequest) -> HttpResponse:
    _manager_only(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        preview = imports.values_import_preview(
            filename=upload.name, content=upload.read(), user=request.user
        )
        if preview.batch is not None:
            return redirect("followup:import_preview", batch_id=preview.batch.pk)
    periods = Period.objects.order_by("-year", "-tertial")[:9]
    return render(
        request,
        "followup/import.html",
        {"form": form, "preview": preview, "periods": periods},
        status=422 if preview and preview.errors else 200,
    )


def import_preview(request: HttpRequest, batch_id: int) -> HttpResponse:
    _manager_only(request)
    batch = get_object_or_404(ImportBatch, pk=batch_id)
    if request.method == "POST":
        try:
            imports.values_import_commit(batch=batch, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "Importen är genomförd: %(n)d värde sparat.",
                    "Importen är genomförd: %(n)d värden sparade.",
                    batch.row_count,
                )
                % {"n": batch.row_count},
            )
            return redirect("followup:import_history")
    changes = (
        imports.import_changes(batch=batch)
        if batch.status == ImportStatus.PREVIEW
        else []
    )
    return render(
        request, "followup/import_preview.html", {"batch": batch, "changes": changes}
    )


@require_GET
def import_history(request: HttpRequest) -> HttpResponse:
    _manager_only(request)
    batches = ImportBatch.objects.select_related("uploaded_by", "undone_by").defer(
        "rows"
    )[:50]
    return render(request, "followup/import_history.html", {"batches": batches})


@require_POST
def import_undo(request: HttpRequest, batch_id: int) -> HttpResponse:
    _manager_only(request)
    batch = get_object_or_404(ImportBatch, pk=batch_id)
    try:
        imports.values_import_undo(batch=batch, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Importen är ångrad."))
    return redirect("followup:import_history")


@require_GET
def import_template(request: HttpRequest, year: int, tertial: int, fmt: str):
    _manager_only(request)
    if fmt not in ("csv", "xlsx") or tertial not in (1, 2, 3):
        raise Http404
    period = services.period_get(year=year, tertial=tertial)
    name = f"mall-{year}-T{tertial}.{fmt}"
    if fmt == "xlsx":
        content = imports.template_xlsx(period=period)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = imports.template_csv(period=period)
        kind = "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# The workflow -----------------------------------------------------------------


@require_POST
def follow_up_open(request: HttpRequest) -> HttpResponse:
    """Open a tertial; on an error the start page comes back with what was typed."""
    _manager_only(request)
    form = PeriodForm(request.POST)
    if form.is_valid():
        try:
            follow_up = services.follow_up_open(
                year=form.cleaned_data["year"],
                tertial=form.cleaned_data["tertial"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Uppföljningen är öppnad."))
            return redirect("followup:follow_up", pk=follow_up.pk)
    return _index(request, form, status=400)


@require_GET
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(FollowUp.objects.select_related("period"), pk=pk)
    return _follow_up_page(request, item)


def _follow_up_page(
    request: HttpRequest,
    item: FollowUp,
    *,
    failed_status: dict | None = None,
    action_form: ActionForm | None = None,
    publish_form: PublishForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The follow-up's page; ``failed_status`` is an action whose new läge was
    refused: {"action_id": ..., "form": the bound form, shown with its error};
    ``action_form`` a new action that was refused, shown as it was typed;
    ``publish_form`` a publishing that waits for its confirmation."""
    context = selectors.follow_up_context(item, user=request.user)
    context.update(
        {
            "editable": [
                d.pk
                for d in permissions.editable_departments(request.user)
                if permissions.can_edit_analysis(request.user, item, d)
            ],
            "can_conclude": permissions.can_record_conclusions(request.user, item),
            "can_manage": permissions.can_manage(request.user),
            "action_form": action_form or ActionForm(),
            "publish_form": publish_form or PublishForm(),
            "statuses": ActionStatus.choices,
            "failed_status": failed_status,
        }
    )
    return render(request, "followup/follow_up.html", context, status=status)


def analysis_edit(request: HttpRequest, pk: int, department_code: str):
    """A department head writes the department's analysis, figures beside the text."""
    item = get_object_or_404(FollowUp.objects.select_related("period"), pk=pk)
    department = get_object_or_404(Department, code=department_code)
    # The head whose follow-up was locked while they wrote keeps what they typed.
    closed = (
        not item.is_open
        and request.user.has_perm("followup.write_analysis")
        and permissions.heads_department(request.user, department)
    )
    if closed and request.method != "POST":
        messages.error(request, _("Uppföljningen är låst. Analysen kan inte ändras."))
        return redirect("followup:follow_up", pk=item.pk)
    if not closed and not permissions.can_edit_analysis(request.user, item, department):
        raise PermissionDenied
    perspectives = list(Perspective.objects.all())
    existing = {
        a.perspective_id: a for a in item.analyses.filter(department=department)
    }
    forms = {
        p.pk: AnalysisForm(
            request.POST or None,
            prefix=p.key,
            initial={
                "text": existing[p.pk].text if p.pk in existing else "",
                "done": p.pk in existing and existing[p.pk].status == "done",
            },
        )
        for p in perspectives
    }
    if closed:
        for form in forms.values():
            form.is_valid()
    elif request.method == "POST" and all(f.is_valid() for f in forms.values()):
        try:
            services.analyses_save(
                follow_up=item,
                department=department,
                entries=[
                    (
                        p,
                        forms[p.pk].cleaned_data["text"],
                        forms[p.pk].cleaned_data["done"],
                    )
                    for p in perspectives
                ],
                user=request.user,
            )
        except ValidationError as error:
            by_key = {p.key: forms[p.pk] for p in perspectives}
            for key, problems in error.message_dict.items():
                for problem in problems:
                    by_key[key].add_error("text", problem)
        else:
            messages.success(request, _("Analysen är sparad."))
            return redirect("followup:follow_up", pk=item.pk)
    report = selectors.report_build(period=item.period, user=request.user)
    sections = []
    for block in report.blocks:
        index = [d.pk for d in report.departments].index(department.pk)
        sections.append(
            {
                "perspective": block.perspective,
                "form": forms[block.perspective.pk],
                "rows": [(row, row.cells[index]) for row in block.rows],
            }
        )
    return render(
        request,
        "followup/analysis_form.html",
        {
            "follow_up": item,
            "department": department,
            "sections": sections,
            "closed": closed,
        },
        status=409 if closed else 422 if any(f.errors for f in forms.values()) else 200,
    )


def conclusions_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(FollowUp.objects.select_related("period"), pk=pk)
    # One in the management group whose follow-up was locked while they wrote
    # keeps what they typed.
    closed = not item.is_open and request.user.has_perm("followup.record_conclusion")
    if closed and request.method != "POST":
        messages.error(
            request, _("Uppföljningen är låst. Slutsatserna kan inte ändras.")
        )
        return redirect("followup:follow_up", pk=item.pk)
    if not closed and not permissions.can_record_conclusions(request.user, item):
        raise PermissionDenied
    perspectives = list(Perspective.objects.all())
    existing = {c.perspective_id: c.text for c in item.conclusions.all()}
    data = request.POST.copy() if request.method == "POST" else None
    forms = [
        (
            p,
            ConclusionForm(
                data,
                prefix=p.key,
                initial={
                    "text": existing.get(p.pk, ""),
                    "loaded": existing.get(p.pk, ""),
                },
            ),
        )
        for p in perspectives
    ]
    if closed:
        for _p, form in forms:
            form.is_valid()
    elif data is not None and all(f.is_valid() for _p, f in forms):
        changed = []
        for perspective, form in forms:
            text, saved = form.cleaned_data["text"], existing.get(perspective.pk, "")
            loaded = (
                form.cleaned_data["loaded"]
                if form.prefix + "-loaded" in data
                else saved
            )
            if text == loaded.strip():
                continue  # not changed here: leave what is saved alone
            if saved.strip() != loaded.strip():
                form.add_error(
                    "text",
                    _(
                        "Någon annan har sparat en ny slutsats medan du skrev: "
                        "”%(saved)s”. Din text finns kvar här. Jämför och spara igen."
                    )
                    % {"saved": saved or _("(tom)")},
                )
                data[form.prefix + "-loaded"] = saved  # the next save is deliberate
                continue
            changed.append((perspective, text))
        if not any(form.errors for _p, form in forms):
            for perspective, text in changed:
                services.conclusion_save(
                    follow_up=item,
                    perspective=perspective,
                    text=text,
                    user=request.user,
                )
            messages.success(request, _("Slutsatserna är sparade."))
            return redirect("followup:follow_up", pk=item.pk)
    return render(
        request,
        "followup/conclusions_form.html",
        {"follow_up": item, "forms": forms, "closed": closed},
        status=409 if closed or any(form.errors for _p, form in forms) else 200,
    )


@require_POST
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an action; a refused one shows the page again with what was typed."""
    item = get_object_or_404(FollowUp.objects.select_related("period"), pk=pk)
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            services.action_create(
                follow_up=item, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            # by field where the form has it (the date), the rest above the form
            if hasattr(error, "error_dict"):
                problems = error.error_dict
            else:
                problems = {None: error.error_list}
            for name, errors in problems.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("Åtgärden är registrerad."))
            return redirect("followup:follow_up", pk=item.pk)
    return _follow_up_page(request, item, action_form=form, status=422)


@require_POST
def action_status(request: HttpRequest, action_id: int) -> HttpResponse:
    """Follow an action up; a refused läge shows the page again with the note."""
    action = get_object_or_404(Action.objects.select_related("follow_up"), pk=action_id)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        try:
            services.action_status_set(
                action=action,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error("status", error)
        else:
            messages.success(request, _("Läget för åtgärden är uppdaterat."))
            return redirect(_next_url(request) or action.follow_up.get_absolute_url())
    page = _follow_up_posted_from(_next_url(request), action.follow_up)
    return _follow_up_page(
        request,
        page,
        failed_status={"action_id": action.pk, "form": form},
        status=422,
    )


def _next_url(request: HttpRequest) -> str | None:
    """The page a form asks to go back to, if it is on this site (no open redirect)."""
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and safe else None


def _follow_up_posted_from(path: str | None, default: FollowUp) -> FollowUp:
    """The follow-up whose page a form came from: an action is followed up on
    its own follow-up's page and on the next tertial's."""
    try:
        match = resolve(urlsplit(path or "").path)
    except Resolver404:
        return default
    if match.view_name != "followup:follow_up":
        return default
    return (
        FollowUp.objects.select_related("period").filter(pk=match.kwargs["pk"]).first()
        or default
    )


@require_POST
def follow_up_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish; one with gaps comes back listing them until the box is ticked."""
    item = get_object_or_404(FollowUp.objects.select_related("period"), pk=pk)
    form = PublishForm(request.POST)
    form.is_valid()  # a checkbox: always valid
    try:
        services.follow_up_publish(
            follow_up=item,
            user=request.user,
            incomplete_confirmed=form.cleaned_data["confirm_incomplete"],
        )
    except services.FollowUpIncomplete as error:
        form.add_error("confirm_incomplete", error)
        return _follow_up_page(request, item, publish_form=form, status=422)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Uppföljningen är låst och publicerad."))
    return redirect("followup:follow_up", pk=item.pk)


@require_GET
def follow_up_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The published PDF or XLSX (made now if the stored file is missing)."""
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    item = get_object_or_404(FollowUp.objects.select_related("period"), pk=pk)
    if item.status != FollowUpStatus.PUBLISHED:
        raise PermissionDenied
    field = item.pdf if fmt == "pdf" else item.xlsx
    name = f"tertialuppfoljning-{item.period.year}-T{item.period.tertial}.{fmt}"
    if not field or not field.storage.exists(field.name):
        content = follow_up_pdf(item) if fmt == "pdf" else follow_up_xlsx(item)
        field.save(name, ContentFile(content), save=True)
    return FileResponse(field.open("rb"), as_attachment=fmt != "pdf", filename=name)


# The remissrunda --------------------------------------------------------------


def rounds(request: HttpRequest) -> HttpResponse:
    form = RoundForm(request.POST or None)
    if request.method == "POST":
        _manager_only(request)
        if form.is_valid():
            round_ = consultation.round_open(user=request.user, **form.cleaned_data)
            messages.success(request, _("Remissrundan är öppnad."))
            return redirect("followup:round", pk=round_.pk)
    return render(
        request,
        "followup/rounds.html",
        {
            "rounds": ConsultationRound.objects.all(),
            "form": form,
            "can_manage": permissions.can_manage(request.user),
        },
    )


def _refusal_on_form(form, error: ValidationError) -> None:
    """A service's refusal on the form: by field where it has one, else above it."""
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            for problem in problems:
                form.add_error(field if field in form.fields else None, problem)
    else:
        form.add_error(None, error)


def _proposal_saved(
    request: HttpRequest, form: ProposalForm, save, *, done: str
) -> HttpResponse | None:
    """A posted proposal form through ``save``: the proposal's page when it is
    stored, else None with any refusal on the form (which keeps what was typed)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        proposal = save(form.cleaned_data)
    except ValidationError as error:
        _refusal_on_form(form, error)
        return None
    messages.success(request, done)
    return redirect("followup:proposal", pk=proposal.pk)


def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(
        ConsultationRound.objects.select_related("closed_by"), pk=pk
    )
    form = ProposalForm(request.POST or None)
    saved = _proposal_saved(
        request,
        form,
        lambda data: consultation.proposal_submit(
            round_=round_, proposer=request.user, data=data
        ),
        done=_("Tack! Ditt förslag är inskickat."),
    )
    if saved:
        return saved
    return render(
        request,
        "followup/round.html",
        {
            "round": round_,
            "is_open": round_.is_open,
            "can_run": permissions.can_run_round(request.user, round_),
            "proposals": round_.proposals.select_related("proposer", "perspective"),
            "form": form,
            "events": round_.events.select_related("user"),
        },
        status=422 if form.errors else 200,
    )


def _round_to_run(request: HttpRequest, pk: int) -> ConsultationRound:
    round_ = get_object_or_404(ConsultationRound, pk=pk)
    if not permissions.can_run_round(request.user, round_):
        raise PermissionDenied
    return round_


def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a remissrunda before its last day (GET asks, POST closes)."""
    round_ = _round_to_run(request, pk)
    return _confirmed(
        request,
        act=lambda: consultation.round_close(round_=round_, user=request.user),
        done=_("Remissrundan är stängd."),
        back=reverse("followup:round", args=[round_.pk]),
        template="followup/confirm.html",
        context={
            "title": _("Stäng remissrundan i förtid"),
            "subject": round_.title,
            "question": _(
                "Vill du stänga remissrundan nu, före sista dagen? Därefter går det "
                "inte att lämna förslag, kommentera eller stödja förslag. Beslut om "
                "förslagen kan fattas som vanligt."
            ),
            "confirm": _("Ja, stäng remissrundan"),
        },
    )


def _round_closes_on_page(
    request: HttpRequest,
    round_: ConsultationRound,
    *,
    unavailable: str,
    act,
    done: str,
    context: dict,
    initial: dict | None = None,
) -> HttpResponse:
    """A round's new last day: GET asks for it, POST sets it through ``act`` and
    goes back to the round. A refusal shows the form again with what was typed
    (422); ``unavailable`` is why a GET goes straight back ("" when it need not)."""
    back = reverse("followup:round", args=[round_.pk])
    if unavailable and request.method != "POST":
        messages.error(request, unavailable)
        return redirect(back)
    form = ClosesOnForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data["closes_on"])
        except ValidationError as error:
            _refusal_on_form(form, error)
        else:
            messages.success(request, done)
            return redirect(back)
    return render(
        request,
        "followup/round_closes_on.html",
        {**context, "round": round_, "form": form, "back": back},
        status=422 if form.errors else 200,
    )


def round_closes_on(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an open remissrunda's last day (GET asks for the day, POST moves it)."""
    round_ = _round_to_run(request, pk)
    return _round_closes_on_page(
        request,
        round_,
        unavailable="" if round_.is_open else _("Remissrundan är stängd."),
        act=lambda closes_on: consultation.round_closes_on_change(
            round_=round_, closes_on=closes_on, user=request.user
        ),
        done=_("Sista dagen är ändrad."),
        initial={"closes_on": round_.closes_on},
        context={
            "title": _("Ändra sista dag"),
            "question": _(
                "Välj en ny sista dag för förslag, i dag eller senare. Ingen får "
                "e-post om ändringen; remissrundans sida visar den nya dagen."
            ),
            "confirm": _("Spara sista dag"),
        },
    )


def round_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Reopen a closed remissrunda with a new last day (GET asks, POST reopens)."""
    round_ = _round_to_run(request, pk)
    return _round_closes_on_page(
        request,
        round_,
        unavailable=_("Remissrundan är redan öppen.") if round_.is_open else "",
        act=lambda closes_on: consultation.round_reopen(
            round_=round_, closes_on=closes_on, user=request.user
        ),
        done=_("Remissrundan är öppen igen."),
        context={
            "title": _("Öppna remissrundan igen"),
            "question": _(
                "Välj en ny sista dag för förslag, i dag eller senare. Fram till "
                "dess går det att lämna förslag, kommentera och stödja förslag igen. "
                "Ingen får e-post om det; remissrundans sida visar den nya dagen."
            ),
            "confirm": _("Öppna igen"),
        },
    )


def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(
        Proposal.objects.select_related(
            "round", "proposer", "perspective", "withdrawn_by"
        ),
        pk=pk,
    )
    comment_form = CommentForm()
    decision_form = DecisionForm(
        initial={"status": proposal.status, "motivation": proposal.decision_motivation}
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "comment":
                comment_form = CommentForm(request.POST)
                if comment_form.is_valid():
                    consultation.proposal_comment(
                        proposal=proposal,
                        author=request.user,
                        text=comment_form.cleaned_data["text"],
                    )
                    return redirect("followup:proposal", pk=proposal.pk)
            elif action == "support":
                consultation.proposal_support_toggle(
                    proposal=proposal, user=request.user
                )
                return redirect("followup:proposal", pk=proposal.pk)
            elif action == "decide":
                decision_form = DecisionForm(request.POST)
                if decision_form.is_valid():
                    before = (proposal.status, proposal.decision_motivation)
                    consultation.proposal_decide(
                        proposal=proposal,
                        user=request.user,
                        **decision_form.cleaned_data,
                    )
                    if before == (proposal.status, proposal.decision_motivation):
                        messages.info(
                            request, _("Beslutet är oförändrat. Inget nytt skickades.")
                        )
                    else:
                        messages.success(
                            request,
                            _("Beslutet är sparat och förslagsställaren meddelad."),
                        )
                    return redirect("followup:proposal", pk=proposal.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return render(
        request,
        "followup/proposal.html",
        {
            "proposal": proposal,
            "comments": proposal.comments.select_related("author"),
            "supporters": proposal.supports.count(),
            "supported": proposal.supports.filter(user=request.user).exists(),
            "comment_form": comment_form,
            "decision_form": decision_form,
            "can_decide": permissions.can_decide_proposal(request.user, proposal)
            and proposal.status != ProposalStatus.WITHDRAWN,
            "can_change": permissions.owns_proposal(request.user, proposal)
            and not consultation.proposal_unchangeable(proposal),
            "revisions": proposal.revisions.select_related("edited_by"),
            "is_open": not consultation.proposal_closed_to_others(proposal),
        },
    )


def _own_proposal(request: HttpRequest, pk: int) -> Proposal:
    proposal = get_object_or_404(Proposal.objects.select_related("round"), pk=pk)
    if not permissions.owns_proposal(request.user, proposal):
        raise PermissionDenied
    return proposal


def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The proposer rewrites their proposal; a refusal keeps what they typed."""
    proposal = _own_proposal(request, pk)
    reason = consultation.proposal_unchangeable(proposal)
    if reason and request.method != "POST":
        messages.error(request, reason)
        return redirect("followup:proposal", pk=proposal.pk)
    initial = model_to_dict(proposal, fields=consultation.PROPOSAL_FIELDS)
    form = ProposalForm(request.POST or None, initial=initial)
    saved = _proposal_saved(
        request,
        form,
        lambda data: consultation.proposal_edit(
            proposal=proposal, user=request.user, data=data
        ),
        done=_("Förslaget är ändrat."),
    )
    if saved:
        return saved
    return render(
        request,
        "followup/proposal_form.html",
        {"proposal": proposal, "form": form},
        status=422 if form.errors else 200,
    )


def proposal_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The proposer takes their proposal back (GET asks, POST withdraws)."""
    proposal = _own_proposal(request, pk)
    return _confirmed(
        request,
        act=lambda: consultation.proposal_withdraw(
            proposal=proposal, user=request.user
        ),
        done=_("Förslaget är återkallat."),
        back=reverse("followup:proposal", args=[proposal.pk]),
        template="followup/confirm.html",
        context={
            "title": _("Återkalla förslaget"),
            "subject": proposal.name,
            "question": _(
                "Vill du återkalla förslaget? Det ligger kvar i remissrundan som "
                "återkallat, med kommentarer och stöd, men kan inte längre ändras, "
                "kommenteras eller beslutas."
            ),
            "confirm": _("Ja, återkalla förslaget"),
        },
    )


def notifications(request: HttpRequest) -> HttpResponse:
    items = list(Notification.objects.filter(user=request.user)[:50])
    unread = {n.pk for n in items if n.read_at is None}
    Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return render(
        request, "followup/notifications.html", {"items": items, "unread": unread}
    )
