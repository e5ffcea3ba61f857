"""Importing values from a spreadsheet: upload, preview, history, undo and templates."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from guru.forms import REFUSED, form_status

from .. import imports, services
from ..forms import (
    ImportForm,
)
from ..models import (
    ImportBatch,
    ImportStatus,
    Period,
)
from .common import manager_only


def import_upload(request: HttpRequest) -> HttpResponse:
    manager_only(request)
    # bound on every POST: a form sent without a file must say so
    form = (
        ImportForm(request.POST, request.FILES)
        if request.method == "POST"
        else ImportForm()
    )
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
        status=REFUSED if preview and preview.errors else form_status(form),
    )


def import_preview(request: HttpRequest, batch_id: int) -> HttpResponse:
    manager_only(request)
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
    manager_only(request)
    batches = ImportBatch.objects.select_related("uploaded_by", "undone_by").defer(
        "rows"
    )[:50]
    return render(request, "followup/import_history.html", {"batches": batches})


@require_POST
def import_undo(request: HttpRequest, batch_id: int) -> HttpResponse:
    manager_only(request)
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
    manager_only(request)
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
