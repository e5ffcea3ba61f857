"""Meetings: list, create, edit, agenda items, minutes, justering, corrections."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guru.forms import SavedMeanwhile, confirmed, errors_to_form, form_status
from guru.handbook.permissions import can_view_page

from .. import permissions, selectors, services
from ..forms import (
    AgendaItemForm,
    CorrectionForm,
    MeetingForm,
    MinutesForm,
)
from ..links import KEEP_HIDDEN, link_value, link_visible
from ..models import AgendaItem, Decision, Meeting
from .common import attachment_documents, require


def home(request: HttpRequest) -> HttpResponse:
    """Ledningsgruppen's start: coming and past meetings, overdue, my assignments."""
    meetings = selectors.meetings_for_user(user=request.user)
    now = timezone.now()
    can_view_all = permissions.can_view_meetings(request.user)
    return render(
        request,
        "meetings/home.html",
        {
            "upcoming": meetings.filter(starts_at__gte=now).order_by("starts_at")[:5],
            "past": meetings.filter(starts_at__lt=now)[:10],
            "overdue": selectors.overdue_deliverables() if can_view_all else [],
            "my_assignments": request.user.assignments.open().prefetch_related(
                "deliverables__due_meeting"
            ),
            "can_create": permissions.can_create_meeting(request.user),
            "can_view_all": can_view_all,
            "news": selectors.news_published(limit=3),
        },
    )


def meeting_create(request: HttpRequest) -> HttpResponse:
    require(permissions.can_create_meeting(request.user))
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                **form.cleaned_data, created_by=request.user
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Mötet är skapat. Lägg till punkter."))
            return redirect(meeting)
    return render(
        request, "meetings/meeting_form.html", {"form": form}, status=form_status(form)
    )


def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.active(), pk=pk)
    require(permissions.can_edit_meeting(request.user, meeting))
    form = MeetingForm(
        request.POST or None,
        instance=meeting,
        may_name_people=permissions.can_name_meeting_people(request.user, meeting),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.meeting_update(meeting=meeting, **data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Mötet är ändrat."))
            return redirect(meeting)
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "form": form,
            "meeting": meeting,
            "may_delete": permissions.can_delete_meeting(request.user, meeting),
        },
        status=form_status(form),
    )


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The agenda with its follow-up items, the minutes and the decisions."""
    meeting = get_object_or_404(
        Meeting.objects.active().select_related("note_taker", "adjuster"), pk=pk
    )
    require(permissions.can_view_meeting(request.user, meeting))
    user = request.user
    news = list(meeting.news.filter(deleted_at__isnull=True))
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "items": selectors.with_visible_links(
                selectors.with_visible_attachments(
                    selectors.with_planned_starts(
                        meeting, selectors.meeting_items(meeting)
                    ),
                    user=user,
                ),
                user=user,
                session=request.session,
            ),
            "follow_ups": selectors.follow_up_deliverables(meeting),
            "participants": meeting.participants.select_related("unit"),
            "absentees": meeting.absentees.select_related("unit"),
            "corrections": meeting.corrections.select_related(
                "made_by", "item", "decision"
            ),
            "news": news,
            "can_edit": permissions.can_edit_meeting(user, meeting),
            "can_lock": permissions.can_lock_minutes(user, meeting),
            "is_adjuster": permissions.is_adjuster(user, meeting),
            "can_correct": permissions.can_correct_minutes(user, meeting),
            # One article per meeting: once it exists, it is edited, not composed again.
            "can_compose": not news and permissions.can_compose_news(user, meeting),
            "can_assign": permissions.can_manage_assignments(user),
            "today": timezone.localdate(),
        },
    )


def item_form(
    request: HttpRequest, pk: int, item_pk: int | None = None
) -> HttpResponse:
    """Add an item to the agenda, or change one."""
    meeting = get_object_or_404(Meeting.objects.active(), pk=pk)
    require(permissions.can_edit_meeting(request.user, meeting))
    item = get_object_or_404(meeting.items, pk=item_pk) if item_pk else None
    initial = None
    attached = (
        list(item.attachments.select_related("document")) if item is not None else []
    )
    linked = item.linked if item is not None and item.linked_type_id else None
    # A link the editor may not see is kept unnamed, like hidden attachments.
    kept_link = None if link_visible(linked, request.user) else linked
    # So is a handbook page the editor may not view: not offered, not named, kept.
    page = item.handbook_page if item is not None else None
    kept_page = (
        page
        if page is not None and not can_view_page(request.user, page, request.session)
        else None
    )
    if item is not None:
        initial = {
            "title": item.title,
            "kind": item.kind,
            "presenters": list(item.presenters.all()),
            "planned_minutes": item.planned_minutes,
            "description": item.description,
            "handbook_page": None if kept_page else item.handbook_page_id,
            "is_internal": item.is_internal,
            "linked": KEEP_HIDDEN if kept_link else link_value(linked),
            "documents": [a.document_id for a in attached],
        }
    form = AgendaItemForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        user=request.user,
        kept_link=kept_link,
        session=request.session,
    )
    if request.method == "POST" and form.is_valid():
        data = {
            key: value
            for key, value in form.cleaned_data.items()
            if key not in {"documents", "new_attachment", "attachment_folder"}
        }
        data["linked_label"] = str(data["linked"]) if data["linked"] else ""
        if kept_page is not None:
            data["handbook_page"] = kept_page
        try:
            with transaction.atomic():
                documents = attachment_documents(
                    form,
                    request.user,
                    kept=selectors.attachments_hidden_documents(
                        user=request.user, attachments=attached
                    ),
                )
                if item is None:
                    services.agenda_item_create(
                        meeting=meeting, documents=documents, **data
                    )
                else:
                    services.agenda_item_update(item=item, documents=documents, **data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Punkten är sparad."))
            return redirect(meeting)
    return render(
        request,
        "meetings/item_form.html",
        {"form": form, "meeting": meeting, "item": item},
        status=form_status(form),
    )


def _item_or_404(item_pk: int) -> AgendaItem:
    """An item of a meeting not deleted: a deleted meeting's minutes are closed."""
    return get_object_or_404(
        AgendaItem.objects.select_related("meeting").filter(
            meeting__deleted_at__isnull=True
        ),
        pk=item_pk,
    )


def item_minutes(request: HttpRequest, item_pk: int) -> HttpResponse:
    """Minutes and decisions of one item, written by the note-taker.

    The note and a new decision are one form: either button saves both, so
    nothing typed is lost. "För till protokollet som beslut" requires the
    decision and stays on the page for the next one; "Spara anteckningen"
    returns to the meeting. A note saved by someone else since the page was
    loaded is not overwritten: the page comes back (409) telling what is stored
    now, with the note and the decision as typed, neither saved.
    """
    item = _item_or_404(item_pk)
    meeting = item.meeting
    require(permissions.can_edit_meeting(request.user, meeting))
    to_decide = "decision" in request.POST
    form = MinutesForm(
        request.POST or None,
        initial=MinutesForm.initial_from({"minutes": item.minutes}),
        decision_required=to_decide,
    )
    if request.method == "POST" and form.is_valid():
        minutes = form.minutes_to_save(item.minutes)
        try:
            decision = services.minutes_and_decision_record(
                item=item,
                minutes=minutes,
                decision=form.cleaned_data["text"],
                loaded=form.loaded_values(),
            )
        except SavedMeanwhile as error:
            form.tell_saved_meanwhile(error.saved["minutes"])
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            if minutes is not None or decision is None:
                messages.success(request, _("Anteckningen är sparad."))
            if decision is not None:
                messages.success(
                    request,
                    _("Beslutet %(label)s är fört till protokollet.")
                    % {"label": decision.label},
                )
            if to_decide:
                return redirect("meetings:item_minutes", item_pk=item.pk)
            return redirect(item.get_absolute_url())
    return render(
        request,
        "meetings/item_minutes.html",
        {
            "item": item,
            "meeting": meeting,
            "form": form,
            "decisions": item.decisions.active(),
        },
        status=form_status(form),
    )


@require_POST
def item_move(request: HttpRequest, item_pk: int) -> HttpResponse:
    item = _item_or_404(item_pk)
    require(permissions.can_edit_meeting(request.user, item.meeting))
    try:
        services.agenda_item_move(item=item, up=request.POST.get("riktning") == "upp")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(item.get_absolute_url())


def decision_delete(
    request: HttpRequest, item_pk: int, decision_pk: int
) -> HttpResponse:
    """Remove a decision before justering (GET asks, POST removes); the later
    ones move up a paragraph."""
    item = _item_or_404(item_pk)
    require(permissions.can_edit_meeting(request.user, item.meeting))
    decision = get_object_or_404(item.decisions.active(), pk=decision_pk)
    label = decision.label
    return confirmed(
        request,
        act=lambda: services.decision_delete(decision=decision, user=request.user),
        done=_("Beslutet %(label)s är borttaget ur protokollet.") % {"label": label},
        back=reverse("meetings:item_minutes", kwargs={"item_pk": item.pk}),
        template="meetings/confirm.html",
        context={
            "title": _("Ta bort beslutet"),
            "subject": f"{label} {decision.text}",
            "question": _(
                "Vill du ta bort beslutet ur protokollet? Besluten efter det får "
                "nya nummer, och det borttagna sparas med vem som tog bort det."
            ),
            "confirm": _("Ja, ta bort beslutet"),
        },
    )


def minutes_lock(request: HttpRequest, pk: int) -> HttpResponse:
    """Justering (GET asks, POST locks): it cannot be undone, so the justerare
    is told first what it means."""
    meeting = get_object_or_404(Meeting.objects.active(), pk=pk)
    require(permissions.can_lock_minutes(request.user, meeting))
    return confirmed(
        request,
        act=lambda: services.minutes_lock(meeting=meeting, user=request.user),
        done=_("Protokollet är justerat och låst."),
        back=meeting.get_absolute_url(),
        template="meetings/confirm.html",
        context={
            "title": _("Justera och lås protokollet"),
            "subject": meeting.label,
            # What services.minutes_lock and the permissions make of locked_at;
            # justering publishes nothing by itself.
            "question": _(
                "Efter justeringen kan protokollet, besluten, dagordningen och "
                "mötets uppgifter inte längre ändras, och mötet kan inte tas bort. "
                "Ett fel rättas då bara genom en rättelse, som visas med protokollet "
                "och i PDF:en med vem som gjorde den och varför. Protokollet märks "
                "som justerat av dig, med dag och tid. Justeringen går inte att "
                "ångra. Den publicerar ingenting: protokollet läses av samma "
                "personer som förut. Från protokollet kan sedan en nyhet skrivas, "
                "som når alla medarbetare först när ledningsgruppen publicerar den."
            ),
            "confirm": _("Ja, justera och lås"),
        },
    )


def correction(
    request: HttpRequest, item_pk: int, decision_pk: int | None = None
) -> HttpResponse:
    """A recorded correction of locked minutes (an item's text or a decision)."""
    item = _item_or_404(item_pk)
    meeting = item.meeting
    require(permissions.can_correct_minutes(request.user, meeting))
    decision = (
        get_object_or_404(Decision.objects.active(), pk=decision_pk, item=item)
        if decision_pk
        else None
    )
    current = decision.text if decision else item.minutes
    form = CorrectionForm(request.POST or None, initial={"text": current})
    if request.method == "POST" and form.is_valid():
        text, reason = form.cleaned_data["text"], form.cleaned_data["reason"]
        try:
            if decision:
                services.decision_correct(
                    decision=decision, text=text, reason=reason, user=request.user
                )
            else:
                services.minutes_correct(
                    item=item, minutes=text, reason=reason, user=request.user
                )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Rättelsen är införd och loggad."))
            return redirect(item.get_absolute_url())
    return render(
        request,
        "meetings/correction_form.html",
        {"form": form, "item": item, "decision": decision, "meeting": meeting},
        status=form_status(form),
    )


def meeting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks, POST removes the meeting (softly, with who and when)."""
    meeting = get_object_or_404(Meeting.objects.active(), pk=pk)
    require(permissions.can_delete_meeting(request.user, meeting))
    return confirmed(
        request,
        act=lambda: services.meeting_delete(meeting=meeting, user=request.user),
        done=_("Mötet är borttaget."),
        back=reverse("meetings:meeting_edit", args=[meeting.pk]),
        then=reverse("meetings:home"),
        template="meetings/confirm.html",
        context={
            "title": _("Ta bort mötet"),
            "subject": meeting.label,
            "question": _(
                "Vill du ta bort mötet? Det försvinner ur listorna, och dess sida, "
                "protokoll och beslut går inte längre att öppna. Det sparas med vem "
                "som tog bort det, men det går inte att ångra här i Guru."
            ),
            "confirm": _("Ja, ta bort mötet"),
        },
    )
