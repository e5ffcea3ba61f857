"""Remissrundor on key figures: rounds, proposals, decisions, and the proposers'
notices."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from guru.forms import REFUSED, confirmed, errors_to_form, form_status

from .. import consultation, permissions
from ..forms import (
    ClosesOnForm,
    ClosesOnMoveForm,
    CommentForm,
    DecisionForm,
    ProposalForm,
    RoundForm,
)
from ..models import (
    ConsultationRound,
    Notification,
    Proposal,
    ProposalStatus,
)
from .common import manager_only


def rounds(request: HttpRequest) -> HttpResponse:
    form = RoundForm(request.POST or None)
    if request.method == "POST":
        manager_only(request)
        if form.is_valid():
            try:
                round_ = consultation.round_open(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                errors_to_form(form, error)
            else:
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
        status=form_status(form),
    )


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
        errors_to_form(form, error)
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
        status=form_status(form),
    )


def _round_to_run(request: HttpRequest, pk: int) -> ConsultationRound:
    round_ = get_object_or_404(ConsultationRound, pk=pk)
    if not permissions.can_run_round(request.user, round_):
        raise PermissionDenied
    return round_


def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a remissrunda before its last day (GET asks, POST closes)."""
    round_ = _round_to_run(request, pk)
    return confirmed(
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
    form_class: type[ClosesOnForm] = ClosesOnForm,
) -> HttpResponse:
    """A round's new last day: GET asks for it, POST sets it through ``act`` (given
    the form's cleaned data) and goes back to the round. A refusal shows the form
    again with what was typed (422); ``unavailable`` is why a GET goes straight
    back ("" when it need not)."""
    back = reverse("followup:round", args=[round_.pk])
    if unavailable and request.method != "POST":
        messages.error(request, unavailable)
        return redirect(back)
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, done)
            return redirect(back)
    return render(
        request,
        "followup/round_closes_on.html",
        {**context, "round": round_, "form": form, "back": back},
        status=form_status(form),
    )


def round_closes_on(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an open remissrunda's last day (GET asks for the day, POST moves it)."""
    round_ = _round_to_run(request, pk)
    return _round_closes_on_page(
        request,
        round_,
        unavailable="" if round_.is_open else _("Remissrundan är stängd."),
        act=lambda data: consultation.round_closes_on_change(
            round_=round_,
            closes_on=data["closes_on"],
            earlier_confirmed=data["confirm_earlier"],
            user=request.user,
        ),
        done=_("Sista dagen är ändrad."),
        initial={"closes_on": round_.closes_on},
        form_class=ClosesOnMoveForm,
        context={
            "title": _("Ändra sista dag"),
            "question": _(
                "Välj en ny sista dag för förslag, i dag eller senare. En senare "
                "dag visas på remissrundans sida och ingen får e-post. En tidigare "
                "dag behöver du bekräfta, och de som har lämnat förslag får e-post "
                "om den."
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
        act=lambda data: consultation.round_reopen(
            round_=round_, closes_on=data["closes_on"], user=request.user
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
    refused = False
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
            refused = True
            if action == "decide" and hasattr(error, "error_dict"):
                errors_to_form(decision_form, error)  # by the field it concerns
            else:
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
        status=REFUSED if refused else form_status(comment_form, decision_form),
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
        status=form_status(form),
    )


def proposal_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The proposer takes their proposal back (GET asks, POST withdraws)."""
    proposal = _own_proposal(request, pk)
    return confirmed(
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
