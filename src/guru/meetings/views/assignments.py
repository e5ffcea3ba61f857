"""Assignments: the one filterable list, overdue, create, status."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from guru.accounts.models import Department
from guru.forms import confirmed, errors_to_form, form_status

from .. import followup_actions, permissions, selectors, services
from ..forms import AssignmentForm, DeliverableFormSet, StatusForm
from ..models import AgendaItem, Assignment, AssignmentStatus, Decision, Deliverable
from .common import query_id, require


class ListFilterForm(forms.Form):
    ansvarig = forms.ModelChoiceField(
        label=gettext_lazy("Ansvarig"),
        queryset=get_user_model().objects.filter(assignments__isnull=False).distinct(),
        required=False,
        empty_label=gettext_lazy("Alla"),
    )
    avdelning = forms.ModelChoiceField(
        label=gettext_lazy("Avdelning"),
        queryset=Department.objects.filter(is_active=True),
        required=False,
        empty_label=gettext_lazy("Alla"),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[
            ("", gettext_lazy("Alla")),
            *AssignmentStatus.choices,
            (selectors.OVERDUE, gettext_lazy("Försenat")),
        ],
    )


def assignment_list(request: HttpRequest) -> HttpResponse:
    """Everything the group has asked for, filterable by owner, department, status."""
    require(permissions.can_view_meetings(request.user))
    form = ListFilterForm(request.GET or None)
    filters = selectors.AssignmentFilter()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.AssignmentFilter(
            owner_id=data["ansvarig"].pk if data["ansvarig"] else None,
            department_id=data["avdelning"].pk if data["avdelning"] else None,
            status=data["status"],
        )
    today = timezone.localdate()
    return render(
        request,
        "meetings/assignment_list.html",
        {
            "form": form,
            "assignments": selectors.assignments_list(filters=filters, today=today),
            "today": today,
            "can_create": permissions.can_manage_assignments(request.user),
        },
    )


def my_assignments(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own assignments; for everyone, group member or not."""
    return render(
        request,
        "meetings/assignment_list.html",
        {
            "assignments": selectors.assignments_list(
                filters=selectors.AssignmentFilter(owner_id=request.user.pk)
            ),
            "today": timezone.localdate(),
            "mine": True,
        },
    )


def overdue(request: HttpRequest) -> HttpResponse:
    require(permissions.can_view_meetings(request.user))
    return render(
        request,
        "meetings/overdue.html",
        {"deliverables": selectors.overdue_deliverables()},
    )


def assignment_create(request: HttpRequest) -> HttpResponse:
    """A new assignment, from an item or a decision when they are given."""
    require(permissions.can_manage_assignments(request.user))
    item = decision = None
    decision_id, item_id = query_id(request, "beslut"), query_id(request, "punkt")
    if decision_id is not None:
        decision = get_object_or_404(
            Decision.objects.active()
            .filter(meeting__deleted_at__isnull=True)
            .select_related("item__meeting"),
            pk=decision_id,
        )
        item = decision.item
    elif item_id is not None:
        item = get_object_or_404(
            AgendaItem.objects.filter(meeting__deleted_at__isnull=True).select_related(
                "meeting"
            ),
            pk=item_id,
        )
    form = AssignmentForm(request.POST or None)
    formset = DeliverableFormSet(request.POST or None, prefix="leverans")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            assignment = services.assignment_create(
                **form.cleaned_data,
                deliverables=formset.deliverables(),
                agenda_item=item,
                decision=decision,
                created_by=request.user,
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Uppdraget är registrerat."))
            if item is not None:
                return redirect(item.get_absolute_url())
            return redirect(assignment)
    return render(
        request,
        "meetings/assignment_form.html",
        {"form": form, "formset": formset, "item": item, "decision": decision},
        status=form_status(form, formset),
    )


def assignment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change text, owner, beställare and the open deliverables."""
    assignment = get_object_or_404(Assignment.objects.active(), pk=pk)
    require(permissions.can_edit_assignment(request.user, assignment))
    form = AssignmentForm(
        request.POST or None,
        initial={
            "title": assignment.title,
            "description": assignment.description,
            "owner": assignment.owner_id,
            "ordered_by": assignment.ordered_by,
        },
    )
    formset = DeliverableFormSet(
        request.POST or None,
        prefix="leverans",
        initial=[
            {
                "id": d.pk,
                "description": d.description,
                "due_date": d.due_date,
                "due_meeting": d.due_meeting_id,
            }
            for d in assignment.deliverables.filter(done_at__isnull=True)
        ],
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.assignment_update(
                assignment=assignment,
                deliverables=formset.deliverables(),
                user=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Uppdraget är ändrat."))
            return redirect(assignment)
    return render(
        request,
        "meetings/assignment_form.html",
        {"form": form, "formset": formset, "assignment": assignment},
        status=form_status(form, formset),
    )


def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        Assignment.objects.active().select_related(
            "owner__unit", "decision__meeting", "agenda_item__meeting"
        ),
        pk=pk,
    )
    require(permissions.can_view_assignment(request.user, assignment))
    return render(
        request,
        "meetings/assignment_detail.html",
        {
            "assignment": assignment,
            "deliverables": assignment.deliverables.select_related(
                "due_meeting", "done_by"
            ),
            "history": assignment.changes.select_related("changed_by"),
            "status_form": StatusForm(initial={"status": assignment.status}),
            "can_update": permissions.can_update_assignment_status(
                request.user, assignment
            ),
            "can_manage": permissions.can_manage_assignments(request.user),
            "can_edit": permissions.can_edit_assignment(request.user, assignment),
            "can_delete": permissions.can_delete_assignment(request.user, assignment),
            "mirrored_action": followup_actions.action_of(assignment),
            # the owner may not be in the group whose meeting gave the assignment
            "may_open_origin": assignment.agenda_item_id is not None
            and permissions.can_view_meeting(
                request.user, assignment.agenda_item.meeting
            ),
            "today": timezone.localdate(),
        },
    )


@require_POST
def assignment_status(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(Assignment.objects.active(), pk=pk)
    require(permissions.can_update_assignment_status(request.user, assignment))
    form = StatusForm(request.POST)
    if form.is_valid():
        services.assignment_set_status(
            assignment=assignment, status=form.cleaned_data["status"], user=request.user
        )
        messages.success(request, _("Status är ändrad."))
    else:
        messages.error(request, _("Välj en giltig status."))
    return redirect(assignment)


def _deliverable_to_report(request: HttpRequest, pk: int) -> Deliverable:
    """A deliverable of an assignment not removed, if ``request.user`` may
    report on that assignment (mark a delivery, or take it back)."""
    deliverable = get_object_or_404(
        Deliverable.objects.select_related("assignment").filter(
            assignment__deleted_at__isnull=True
        ),
        pk=pk,
    )
    require(
        permissions.can_update_assignment_status(request.user, deliverable.assignment)
    )
    return deliverable


@require_POST
def deliverable_done(request: HttpRequest, pk: int) -> HttpResponse:
    deliverable = _deliverable_to_report(request, pk)
    services.deliverable_mark_done(deliverable=deliverable, user=request.user)
    messages.success(request, _("Leveransen är markerad som klar."))
    return redirect(deliverable.assignment)


@require_POST
def deliverable_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Ångra leverans: the deliverable is open again, and a finished assignment
    with it."""
    deliverable = _deliverable_to_report(request, pk)
    was_done = deliverable.assignment.status == AssignmentStatus.DONE
    services.deliverable_undo_done(deliverable=deliverable, user=request.user)
    messages.success(request, _("Leveransen är inte längre markerad som levererad."))
    if was_done:
        messages.info(request, _("Uppdraget har status Pågår igen."))
    return redirect(deliverable.assignment)


def assignment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks, POST deletes: the page's link is one click from its other links,
    and nobody can bring a deleted assignment back in Guru."""
    assignment = get_object_or_404(Assignment.objects.active(), pk=pk)
    require(permissions.can_delete_assignment(request.user, assignment))
    return confirmed(
        request,
        act=lambda: services.assignment_delete(
            assignment=assignment, user=request.user
        ),
        done=_("Uppdraget är borttaget."),
        back=assignment.get_absolute_url(),
        then=reverse("meetings:assignments"),
        template="meetings/confirm.html",
        context={
            "title": _("Ta bort uppdraget"),
            "subject": assignment.title,
            "question": _(
                "Vill du ta bort uppdraget? Det försvinner ur uppdragslistorna och "
                "från mötenas uppföljning, med sina leveranser. Det går inte att "
                "ångra här i Guru."
            ),
            "confirm": _("Ja, ta bort uppdraget"),
        },
    )
