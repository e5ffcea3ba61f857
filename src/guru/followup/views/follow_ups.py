"""A tertial follow-up: opening it, analyses, joint conclusions, actions, publishing,
and the report as PDF or Excel."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from guru.accounts.models import Department
from guru.forms import (
    CONFLICT,
    REFUSED,
    SavedMeanwhile,
    SavedMeanwhileForm,
    errors_to_form,
    form_status,
)
from guru.redirects import posted_next

from .. import permissions, selectors, services
from ..exports import follow_up_pdf, follow_up_xlsx
from ..forms import (
    ActionForm,
    ActionStatusForm,
    AnalysisForm,
    ConclusionForm,
    PeriodForm,
    PublishForm,
)
from ..models import (
    Action,
    ActionStatus,
    FollowUp,
    FollowUpStatus,
    Perspective,
)
from .common import manager_only
from .report import index_page


@require_POST
def follow_up_open(request: HttpRequest) -> HttpResponse:
    """Open a tertial; on an error the start page comes back with what was typed."""
    manager_only(request)
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
    return index_page(request, form, status=REFUSED)


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
    action_closed: bool = False,
    publish_form: PublishForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The follow-up's page; ``failed_status`` is an action whose new läge was
    refused: {"action_id": ..., "form": the bound form, shown with its error};
    ``action_form`` a new action that was refused, shown as it was typed, and
    ``action_closed`` whether it was refused because the follow-up was locked
    while it was typed; ``publish_form`` a publishing that waits for its
    confirmation."""
    context = selectors.follow_up_context(item, user=request.user, history=True)
    # Each action's läge is set on the page by whoever may set it (its owner
    # too, who need not be in the management group), open or published alike:
    # actions are followed up after the follow-up that decided them is locked.
    status_editable = {
        action.pk
        for action in (*context["previous_actions"], *context["actions"])
        if permissions.can_follow_up_action(request.user, action)
    }
    context.update(
        {
            "status_editable": status_editable,
            "editable": [
                d.pk
                for d in permissions.editable_departments(request.user)
                if permissions.can_edit_analysis(request.user, item, d)
            ],
            "can_conclude": permissions.can_record_conclusions(request.user, item),
            "can_manage": permissions.can_manage(request.user),
            "action_form": action_form or ActionForm(),
            "action_closed": action_closed,
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
    closed = not item.is_open and permissions.writes_analysis_of(
        request.user, department
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
    saved = {
        p.pk: {
            "text": existing[p.pk].text if p.pk in existing else "",
            "done": p.pk in existing and existing[p.pk].status == "done",
        }
        for p in perspectives
    }
    forms = {
        p.pk: AnalysisForm(
            request.POST or None,
            prefix=p.key,
            initial=AnalysisForm.initial_from(saved[p.pk]),
        )
        for p in perspectives
    }
    if closed:
        for form in forms.values():
            form.is_valid()
    elif request.method == "POST" and all(f.is_valid() for f in forms.values()):
        changed = [p for p in perspectives if forms[p.pk].changed_here(saved[p.pk])]
        outcome = _analyses_saved(
            request, item, department, [(p, forms[p.pk]) for p in changed]
        )
        if outcome == SAVED:
            messages.success(request, _("Analysen är sparad."))
            return redirect("followup:follow_up", pk=item.pk)
        closed = outcome == CLOSED
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
            "forms": [(s["perspective"], s["form"]) for s in sections],
            "closed": closed,
        },
        status=_refused_status(closed, forms.values()),
    )


def _analyses_saved(
    request: HttpRequest,
    item: FollowUp,
    department: Department,
    changed: list[tuple[Perspective, AnalysisForm]],
) -> str:
    """Save the analyses changed here (see ``_texts_saved``)."""
    return _texts_saved(
        changed,
        lambda loaded: services.analyses_save(
            follow_up=item,
            department=department,
            entries=[
                (p, form.cleaned_data["text"], form.cleaned_data["done"])
                for p, form in changed
            ],
            loaded=loaded,
            user=request.user,
        ),
    )


# What became of the texts a form posted (``_texts_saved``).
SAVED, REFUSED_HERE, CLOSED = "saved", "refused", "closed"


def _texts_saved(changed: list[tuple[Perspective, SavedMeanwhileForm]], save) -> str:
    """``save`` the texts changed here, given what their forms loaded: SAVED,
    REFUSED_HERE with the refusal told on the forms (every text saved meanwhile
    at once, else the problems, by perspective), or CLOSED when the follow-up
    was locked while the user wrote (the page tells it as a whole)."""
    by_key = {p.key: form for p, form in changed}
    try:
        save({p.key: form.loaded_values() for p, form in changed})
    except SavedMeanwhile as error:
        for key, saved in error.saved.items():
            by_key[key].tell_saved_meanwhile(saved)
        return REFUSED_HERE
    except services.FollowUpClosed:
        return CLOSED
    except ValidationError as error:
        for key, problems in error.message_dict.items():
            for problem in problems:
                by_key[key].add_error("text", problem)
        return REFUSED_HERE
    return SAVED


def _refused_status(closed: bool, forms) -> int:
    """409 when the follow-up was locked (the page refuses what is already the
    case, not what was typed), else as ``form_status``."""
    return CONFLICT if closed else form_status(*forms)


def conclusions_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(FollowUp.objects.select_related("period"), pk=pk)
    # One in the management group whose follow-up was locked while they wrote
    # keeps what they typed.
    closed = not item.is_open and permissions.records_conclusions(request.user)
    if closed and request.method != "POST":
        messages.error(
            request, _("Uppföljningen är låst. Slutsatserna kan inte ändras.")
        )
        return redirect("followup:follow_up", pk=item.pk)
    if not closed and not permissions.can_record_conclusions(request.user, item):
        raise PermissionDenied
    perspectives = list(Perspective.objects.all())
    existing = {c.perspective_id: c.text for c in item.conclusions.all()}
    saved = {p.pk: {"text": existing.get(p.pk, "")} for p in perspectives}
    forms = [
        (
            p,
            ConclusionForm(
                request.POST or None,
                prefix=p.key,
                initial=ConclusionForm.initial_from(saved[p.pk]),
            ),
        )
        for p in perspectives
    ]
    if closed:
        for _p, form in forms:
            form.is_valid()
    elif request.method == "POST" and all(f.is_valid() for _p, f in forms):
        changed = [(p, form) for p, form in forms if form.changed_here(saved[p.pk])]
        outcome = _texts_saved(
            changed,
            lambda loaded: services.conclusions_save(
                follow_up=item,
                entries=[(p, form.cleaned_data["text"]) for p, form in changed],
                loaded=loaded,
                user=request.user,
            ),
        )
        if outcome == SAVED:
            messages.success(request, _("Slutsatserna är sparade."))
            return redirect("followup:follow_up", pk=item.pk)
        closed = outcome == CLOSED
    # what the conclusions rest on, as the follow-up's page shows it to the user
    report = selectors.follow_up_context(item, user=request.user)["report"]
    blocks = {block.perspective.pk: block for block in report.blocks}
    return render(
        request,
        "followup/conclusions_form.html",
        {
            "follow_up": item,
            "forms": forms,
            "sections": [(p, form, blocks[p.pk]) for p, form in forms],
            "closed": closed,
        },
        status=_refused_status(closed, (form for _p, form in forms)),
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
        except services.FollowUpClosed:
            item.refresh_from_db()  # shown as it is now, published
            return _follow_up_page(
                request, item, action_form=form, action_closed=True, status=CONFLICT
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Åtgärden är registrerad."))
            return redirect("followup:follow_up", pk=item.pk)
    return _follow_up_page(request, item, action_form=form, status=REFUSED)


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
            errors_to_form(form, error)
        else:
            messages.success(request, _("Läget för åtgärden är uppdaterat."))
            return redirect(posted_next(request) or action.follow_up.get_absolute_url())
    page = _follow_up_posted_from(posted_next(request), action.follow_up)
    return _follow_up_page(
        request,
        page,
        failed_status={"action_id": action.pk, "form": form},
        status=REFUSED,
    )


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
        return _follow_up_page(request, item, publish_form=form, status=REFUSED)
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
