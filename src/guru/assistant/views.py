"""Doris for readers (panel, page, feedback) and for editors (log, teaching)."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from guru.forms import REFUSED, form_status

from . import generate, permissions, selectors, services, streaming
from .as_of import date_from_parameter
from .forms import (
    AskForm,
    CuratedAnswerForm,
    CuratedAnswerTextForm,
    FeedbackForm,
    ReplyForm,
    SectionChoiceMixin,
    VariantForm,
    VariantTextForm,
    WithdrawForm,
)
from .models import Question
from .services import Asked

RECENT_KEY = "doris_recent"
RECENT_LIMIT = 8


def _remember(request: HttpRequest, question: Question) -> None:
    recent = [q for q in request.session.get(RECENT_KEY, []) if q != question.pk]
    request.session[RECENT_KEY] = [question.pk, *recent][:RECENT_LIMIT]


def _recent(request: HttpRequest):
    ids = request.session.get(RECENT_KEY, [])
    by_id = Question.objects.filter(user=request.user, pk__in=ids).in_bulk()
    return selectors.questions_readable(
        [by_id[i] for i in ids if i in by_id],
        user=request.user,
        session=request.session,
    )


def _page_context(request: HttpRequest, form, asked=None) -> dict:
    return {
        "form": form,
        "asked": asked,
        "recent": _recent(request),
        "replies": list(selectors.unseen_replies(user=request.user)[:5]),
    }


def _wants_stream(request: HttpRequest) -> bool:
    """Stream a generated answer only to a browser that runs our script.

    htmx means JavaScript; the page's plain form gets ``strom=1`` from
    doris-stream.js. Without either the whole answer comes in one response.
    """
    return generate.enabled() and (
        bool(request.htmx) or request.POST.get("strom") == "1"
    )


def _stream_url(asked: Asked | None) -> str:
    if asked is None or not asked.result.generation_sections:
        return ""
    token = streaming.stream_token(
        question=asked.question, section_ids=asked.result.generation_sections
    )
    url = reverse("assistant:answer_stream", args=[asked.question.pk])
    return f"{url}?{urlencode({'t': token})}"


def ask(request: HttpRequest) -> HttpResponse:
    """The full Doris page; a POST asks (htmx gets only the answer back)."""
    asked = None
    status = 200
    as_of = date_from_parameter(request.POST.get("datum") or request.GET.get("datum"))
    if request.method == "POST":
        form = AskForm(request.POST)
        if form.is_valid():
            try:
                asked = services.question_ask(
                    user=request.user,
                    text=form.cleaned_data["fraga"],
                    request=request,
                    as_of=as_of,
                    stream=_wants_stream(request),
                )
            except ValidationError as error:
                form.add_error("fraga", error)
                if error.code == "rate_limit":
                    status = 429  # as the search page; htmx gets 200 below
            else:
                _remember(request, asked.question)
                form = AskForm()
        if request.htmx:
            # htmx swaps only 2xx answers; the message is in the partial.
            return render(
                request,
                "assistant/_panel_result.html",
                {
                    "form": form,
                    "asked": asked,
                    "panel": True,
                    "as_of": as_of,
                    "stream_url": _stream_url(asked),
                },
            )
    else:
        form = AskForm(initial={"fraga": request.GET.get("fraga", "")[:500]})
    if form.errors and status == 200:
        status = REFUSED  # the question refused, kept in the box with the message
    context = {
        **_page_context(request, form, asked),
        "as_of": as_of,
        "stream_url": _stream_url(asked),
    }
    response = render(request, "assistant/ask.html", context, status=status)
    if context["replies"] and request.method == "GET":
        services.replies_mark_seen(user=request.user)
    return response


def _own_question(request: HttpRequest, question_id: int) -> Question:
    return get_object_or_404(Question, pk=question_id, user=request.user)


@require_GET
def answer_stream(request: HttpRequest, question_id: int) -> StreamingHttpResponse:
    """The generated answer to one's own question, as Server-Sent Events, once."""
    question = _own_question(request, question_id)
    sections = streaming.stream_sections(
        token=request.GET.get("t", ""), question=question, user=request.user
    )
    if sections is None or not services.question_generation_start(
        user=request.user, question_id=question.pk
    ):
        raise Http404
    response = StreamingHttpResponse(
        streaming.answer_events(
            question=question, section_ids=sections, request=request
        ),
        content_type="text/event-stream; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response


@require_POST
def feedback(request: HttpRequest, question_id: int) -> HttpResponse:
    """ "Var svaret till hjälp?" – up or down, and an optional comment."""
    question = _own_question(request, question_id)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        question = services.question_feedback(
            user=request.user,
            question_id=question.pk,
            helpful=form.cleaned_data["helpful"],
            comment=form.cleaned_data["kommentar"],
        )
    if request.htmx:
        # htmx swaps only 2xx answers; a refusal is told in the swapped part.
        return render(
            request,
            "assistant/_feedback.html",
            {"question": question, "feedback_form": form, "thanked": form.is_valid()},
        )
    if form.is_valid():
        messages.success(request, _("Tack för ditt svar!"))
        return redirect("assistant:ask")
    # Refused: the Doris page again, the vote's form with its message and the
    # comment as typed, so that nothing written is lost.
    return render(
        request,
        "assistant/ask.html",
        {
            **_page_context(request, AskForm()),
            "refused_feedback": question,
            "feedback_form": form,
        },
        status=REFUSED,
    )


@require_POST
def send_to_editors(request: HttpRequest, question_id: int) -> HttpResponse:
    """ "Skicka frågan till redaktionen": the question goes to the editors' queue."""
    question = services.question_send_to_editors(
        user=request.user, question_id=_own_question(request, question_id).pk
    )
    if request.htmx:
        return render(request, "assistant/_sent.html", {"question": question})
    messages.success(
        request,
        _("Frågan är skickad till redaktionen. Du får besked här i Guru."),
    )
    return redirect("assistant:ask")


# -- editors -----------------------------------------------------------------
def _require_editor(request: HttpRequest) -> None:
    if not permissions.can_manage(request.user):
        raise PermissionDenied


PERIODS = {"7": 7, "30": 30, "90": 90, "180": 180}


def dashboard(request: HttpRequest) -> HttpResponse:
    """The editors' dashboard: figures, failed questions and the log."""
    _require_editor(request)
    period = request.GET.get("period", "30")
    days = PERIODS.get(period, 30)
    since = timezone.now() - datetime.timedelta(days=days)
    only = request.GET.get("visa", "")
    questions = Paginator(
        selectors.questions_for_editors(since=since, only=only), 25
    ).get_page(request.GET.get("sida"))
    questions.object_list = selectors.questions_readable(
        questions.object_list, user=request.user, session=request.session
    )
    return render(
        request,
        "assistant/dashboard.html",
        {
            **selectors.dashboard_figures(since=since),
            "questions": questions,
            "period": str(days),
            "periods": PERIODS,
            "only": only,
        },
    )


def _section_choices(
    request: HttpRequest, question: Question, search: str
) -> list[tuple[str, str]]:
    """Sections to attach a question to: its source and what a search finds."""
    found = selectors.sections_search(
        query=search, user=request.user, request=request, limit=15
    )
    choices: dict[str, str] = {}
    if question.source_page_id:
        key = f"{question.source_page_id}#{question.source_anchor}"
        choices[key] = question.source_label
    for hit in found.hits:
        if hit.page_id is None:
            continue  # a guidance document: editors teach Doris on pages only
        choices.setdefault(f"{hit.page_id}#{hit.anchor}", hit.label)
    return list(choices.items())


TEACH_FORMS = {
    "variant": VariantForm,
    "curated": CuratedAnswerForm,
    "reply": ReplyForm,
}
"""The ways to teach Doris on a question's page, by the ``kind`` that names them."""


def question_detail(request: HttpRequest, question_id: int) -> HttpResponse:
    """One logged question: the answer given, and the ways to teach Doris.

    The page is one form: "Sök avsnitt" posts what the editor has typed along with
    the search words, so a search for the section keeps it; a button names the
    way to teach (``kind``), and only that form's fields are checked.
    """
    _require_editor(request)
    question = get_object_or_404(
        Question.objects.select_related("source_page"), pk=question_id
    )
    shown = selectors.questions_readable(
        [question], user=request.user, session=request.session
    )[0]
    search = (request.POST.get("sok") or request.GET.get("sok") or question.text)[:200]
    sections = _section_choices(request, shown, search)
    kind = request.POST.get("kind") if request.method == "POST" else None
    initial = {
        "variant": {"text": question.text},
        "curated": {"question_text": question.text},
    }
    teach_forms = {}
    for name, form_class in TEACH_FORMS.items():
        options = {"prefix": name}
        if issubclass(form_class, SectionChoiceMixin):
            options["sections"] = sections
        if name == kind:
            teach_forms[name] = form_class(request.POST, **options)
            continue
        typed = {
            field: request.POST[f"{name}-{field}"]
            for field in form_class.base_fields
            if f"{name}-{field}" in request.POST
        }
        teach_forms[name] = form_class(
            initial={**initial.get(name, {}), **typed}, **options
        )
    form = teach_forms.get(kind)
    if form is not None and form.is_valid():
        try:
            _teach(request, question, form, kind)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("assistant:question", question_id=question.pk)
    return render(
        request,
        "assistant/question.html",
        {
            "question": shown,
            "variant_form": teach_forms["variant"],
            "curated_form": teach_forms["curated"],
            "reply_form": teach_forms["reply"],
            "has_sections": bool(sections),
            "search": search,
        },
        status=form_status(form),
    )


def _teach(request: HttpRequest, question: Question, form, kind: str) -> None:
    if kind == "reply":
        services.question_reply(
            editor=request.user, question=question, text=form.cleaned_data["text"]
        )
        messages.success(request, _("Svaret är skickat till den som frågade."))
        return
    page_id, anchor = form.section_parts()
    page = get_object_or_404(Page, pk=page_id)
    if kind == "variant":
        services.variant_add(
            editor=request.user,
            page=page,
            anchor=anchor,
            text=form.cleaned_data["text"],
            question=question,
            session=request.session,
        )
        messages.success(request, _("Formuleringen är tillagd. Doris använder den nu."))
    else:
        services.curated_answer_add(
            editor=request.user,
            page=page,
            anchor=anchor,
            question_text=form.cleaned_data["question_text"],
            text=form.cleaned_data["text"],
            question=question,
            session=request.session,
        )
        messages.success(request, _("Svaret är sparat. Doris ger det från och med nu."))


# -- what Doris was taught ---------------------------------------------------------
TAUGHT_PER_PAGE = 25


def taught(request: HttpRequest) -> HttpResponse:
    """ "Det Doris har lärt sig": variants and editors' answers, newest first."""
    _require_editor(request)
    kind = request.GET.get("visa", "")
    kind = kind if kind in selectors.TAUGHT_KINDS else ""
    search = request.GET.get("q", "").strip()[:200]
    withdrawn = request.GET.get("borttagna") == "1"
    rows = Paginator(
        selectors.taught_list(
            user=request.user,
            session=request.session,
            kind=kind,
            search=search,
            withdrawn=withdrawn,
        ),
        TAUGHT_PER_PAGE,
    ).get_page(request.GET.get("sida"))
    return render(
        request,
        "assistant/taught.html",
        {
            "rows": rows,
            "taught": selectors.taught_rows(rows.object_list),
            "kind": kind,
            "search": search,
            "withdrawn": withdrawn,
        },
    )


def _taught_item(request: HttpRequest, kind: str, pk: int):
    """The variant or answer, for an editor who may view its page (else 403)."""
    _require_editor(request)
    model = selectors.TAUGHT_KINDS.get(kind)
    if model is None:
        raise Http404
    item = get_object_or_404(model.objects.select_related("page"), pk=pk)
    if not permissions.viewable([item.page], request.user, request.session):
        raise PermissionDenied
    return item


TAUGHT_FORMS = {"formulering": VariantTextForm, "svar": CuratedAnswerTextForm}


def taught_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Correct a variant's wording or an editor's answer; Doris uses it at once."""
    item = _taught_item(request, kind, pk)
    form_class = TAUGHT_FORMS[kind]
    form = form_class(initial=model_to_dict(item, fields=list(form_class.base_fields)))
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                if kind == "formulering":
                    services.variant_edit(
                        editor=request.user,
                        variant=item,
                        session=request.session,
                        **form.cleaned_data,
                    )
                else:
                    services.curated_answer_edit(
                        editor=request.user,
                        curated=item,
                        session=request.session,
                        **form.cleaned_data,
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Ändringen är sparad. Doris använder den nu.")
                )
                return redirect("assistant:taught")
    return render(
        request,
        "assistant/taught_edit.html",
        {"row": selectors.taught_row(kind=kind, pk=item.pk), "form": form},
        status=form_status(form),
    )


def taught_withdraw(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Withdraw a variant or an answer (asks first); the row and its trail stay."""
    item = _taught_item(request, kind, pk)
    form = WithdrawForm()
    if request.method == "POST":
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                services.taught_withdraw(
                    editor=request.user,
                    taught=item,
                    reason=form.cleaned_data["reason"],
                    session=request.session,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Formuleringen är borttagen. Doris använder den inte längre.")
                    if kind == "formulering"
                    else _("Svaret är borttaget. Doris ger det inte längre."),
                )
                return redirect("assistant:taught")
    return render(
        request,
        "assistant/taught_withdraw.html",
        {"row": selectors.taught_row(kind=kind, pk=item.pk), "form": form},
        status=form_status(form),
    )


@require_POST
def taught_restore(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Let Doris use a withdrawn variant or answer again."""
    item = _taught_item(request, kind, pk)
    services.taught_restore(editor=request.user, taught=item, session=request.session)
    messages.success(
        request,
        _("Formuleringen är återställd. Doris använder den igen.")
        if kind == "formulering"
        else _("Svaret är återställt. Doris ger det igen."),
    )
    return redirect(f"{reverse('assistant:taught')}?borttagna=1")


RESULTS_PER_PAGE = 20


def search(request: HttpRequest) -> HttpResponse:
    """The handbook's search box on Doris's engine: ranked sections, snippets."""
    from guru.handbook.forms import HandbookSearchForm
    from guru.handbook.selectors import start_page_get

    form = HandbookSearchForm(request.GET or None, start_page=start_page_get())
    results = found = None
    status = 200
    if form.is_valid():
        try:
            services.search_allow(user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
            # htmx swaps only 2xx answers; the message is in the partial.
            status = 200 if request.htmx else 429
        else:
            found = selectors.sections_search(
                query=form.cleaned_data["q"],
                user=request.user,
                request=request,
                area=form.cleaned_data.get("omrade"),
            )
            results = Paginator(found.hits, RESULTS_PER_PAGE).get_page(
                request.GET.get("sida")
            )
    template = (
        "assistant/search_results.html" if request.htmx else "assistant/search.html"
    )
    return render(
        request,
        template,
        {
            "form": form,
            "results": results,
            "found": found,
            "query": form.data.get("q", ""),
        },
        status=status,
    )
