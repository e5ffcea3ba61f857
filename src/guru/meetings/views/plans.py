"""Plans: the status overview, structured editing, versions and differences."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from guru.changes.diff import sections_diff
from guru.forms import errors_to_form, form_status

from .. import permissions, selectors, services
from ..forms import ActivityFormSet, PlanForm
from ..models import Plan, PlanStatus
from ..models.plans import PLAN_TEXT_FIELDS
from .common import attachment_documents, require


def plan_overview(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_plans(request.user))
    grouped = selectors.plans_overview()
    return render(
        request,
        "meetings/plan_overview.html",
        {
            "columns": [(label, grouped[value]) for value, label in PlanStatus.choices],
            "can_create": permissions.can_create_plan(request.user),
        },
    )


def _activities(formset) -> list[dict]:
    return [
        form.cleaned_data
        for form in formset
        if (form.cleaned_data.get("what") or "").strip()
    ]


def plan_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.active(), pk=pk) if pk else None
    if plan is None:
        require(permissions.can_create_plan(request.user))
    else:
        require(permissions.can_edit_plan(request.user, plan))
    initial_activities = (
        [
            {"what": a.what, "responsible": a.responsible_id, "when": a.when}
            for a in plan.activities.all()
        ]
        if plan
        else []
    )
    attached = list(plan.attachments.select_related("document")) if plan else []
    form = PlanForm(
        request.POST or None,
        request.FILES or None,
        instance=plan,
        initial={"documents": [a.document_id for a in attached]} if plan else None,
        user=request.user,
    )
    formset = ActivityFormSet(
        request.POST or None, prefix="aktivitet", initial=initial_activities
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():
                version = services.plan_save(
                    plan=form.instance,
                    activities=_activities(formset),
                    user=request.user,
                    note=form.cleaned_data["note"],
                    documents=attachment_documents(
                        form,
                        request.user,
                        kept=selectors.attachments_hidden_documents(
                            user=request.user, attachments=attached
                        ),
                    ),
                )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(
                request,
                _("Planen är sparad som version %(number)s.")
                % {"number": version.number},
            )
            return redirect(version.plan)
    return render(
        request,
        "meetings/plan_form.html",
        {"form": form, "formset": formset, "plan": plan},
        status=form_status(form, formset),
    )


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.active().select_related("owner__unit"), pk=pk)
    require(permissions.can_view_plan(request.user, plan))
    return render(
        request,
        "meetings/plan_detail.html",
        {
            "plan": plan,
            "sections": [
                (plan._meta.get_field(name).verbose_name, getattr(plan, name))
                for name in PLAN_TEXT_FIELDS
            ],
            "activities": plan.activities.select_related("responsible__unit"),
            "attachments": selectors.attachments_visible(
                user=request.user,
                attachments=plan.attachments.select_related(
                    "document__current_version"
                ),
            ),
            "versions": plan.versions.select_related("saved_by"),
            "can_edit": permissions.can_edit_plan(request.user, plan),
        },
    )


def plan_diff(request: HttpRequest, pk: int) -> HttpResponse:
    """Differences between two versions (default: the last two), word by word."""
    plan = get_object_or_404(Plan.objects.active(), pk=pk)
    require(permissions.can_view_plan(request.user, plan))
    versions = {version.number: version for version in plan.versions.all()}
    if not versions:
        return redirect(plan)

    def pick(name: str, default: int) -> int:
        try:
            number = int(request.GET.get(name, default))
        except ValueError:
            return default
        return number if number in versions else default

    newest = max(versions)
    newer = versions[pick("till", newest)]
    older = versions[pick("fran", max(newer.number - 1, min(versions)))]
    if older.number > newer.number:
        older, newer = newer, older
    return render(
        request,
        "meetings/plan_diff.html",
        {
            "plan": plan,
            "older": older,
            "newer": newer,
            "versions": sorted(versions.values(), key=lambda v: -v.number),
            "diffs": sections_diff(older.sections, newer.sections),
        },
    )
