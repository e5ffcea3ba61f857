"""Readers' views: the comment section under a guidance page and "Mina synpunkter".

Every form posts with htmx and gets the section back; without JavaScript the
browser is sent back to the page, or shown the form again with the text kept.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from guru.forms import form_status
from guru.handbook.models import GuidancePage
from guru.handbook.permissions import viewable, viewable_pages
from guru.privacy import contains_personnummer

from . import permissions, selectors, services
from .forms import CommentForm, ModeForm, ReplyForm, VoteForm
from .models import Comment
from .notifications import notifications_mark_read


def _page(request: HttpRequest, page_id: int) -> GuidancePage:
    """The live guidance page (only those take comments), if the reader may view it;
    otherwise 404 (not 403: whether a restricted page exists is not for everyone)."""
    pages = viewable_pages(GuidancePage.objects.live(), request.user, request.session)
    return get_object_or_404(pages, pk=page_id)


def section_context(
    request: HttpRequest,
    page: Page,
    *,
    form: CommentForm | None = None,
    reply_errors: dict[int, ReplyForm] | None = None,
    edit_form: tuple[int, CommentForm] | None = None,
    comment_error: tuple[int, str] | None = None,
    vote_saved: bool = False,
    vote_error: str = "",
    vote_choice_error: str = "",
    vote_missing: str | None = None,
    comment_saved: bool = False,
) -> dict[str, object]:
    """Everything the comment section needs; shared by the template tag and views."""
    now = timezone.now()
    user = request.user
    comments = list(selectors.page_comments(page=page))
    for comment in comments:
        comment.can_change = permissions.can_change_own_comment(user, comment, now=now)
    is_editor = permissions.can_moderate(user)
    context = {
        "page": page,
        "request": request,
        "today": timezone.localdate(now),
        "period": selectors.comment_period_for_page(
            page=page, today=timezone.localdate(now), request=request
        ),
        "comments": comments,
        "form": form or CommentForm(page=page),
        "vote": selectors.user_vote(page=page, user=user),
        "vote_saved": vote_saved,
        "vote_error": vote_error,
        "vote_choice_error": vote_choice_error,
        "vote_missing": vote_missing,
        "comment_saved": comment_saved,
        "is_editor": is_editor,
        "reply_errors": reply_errors or {},
        "edit_form": edit_form,
        "comment_error": comment_error,
    }
    if is_editor:
        area = page.get_parent()
        context["page_mode"] = selectors.page_mode(page=page)
        context["area"] = area
        context["area_mode"] = selectors.page_mode(page=area)
    return context


def _section_response(request: HttpRequest, page: Page, **kwargs) -> HttpResponse:
    if request.htmx:
        return render(
            request, "feedback/section.html", section_context(request, page, **kwargs)
        )
    if any(
        kwargs.get(key)
        for key in (
            "form",
            "reply_errors",
            "edit_form",
            "comment_error",
            "vote_error",
            "vote_choice_error",
        )
    ):
        return render(
            request,
            "feedback/section_page.html",
            section_context(request, page, **kwargs),
            status=form_status(kwargs.get("form")),
        )
    return redirect(page.url + "#synpunkter")


@require_GET
def section(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _page(request, page_id)
    return render(request, "feedback/section.html", section_context(request, page))


def _personal_data_warning(
    request: HttpRequest, page: Page, form: CommentForm, comment_id: int | None = None
) -> CommentForm | None:
    """A valid text with a personnummer that the writer has not yet confirmed comes
    back with a warning and "Skicka ändå" (it would be stored masked); else None."""
    if form.cleaned_data["confirm_personal_data"] or not contains_personnummer(
        form.cleaned_data["body"]
    ):
        return None
    warned = CommentForm(
        {**request.POST.dict(), "confirm_personal_data": "on"},
        page=page,
        comment_id=comment_id,
    )
    warned.is_valid()
    warned.personal_data_warning = True
    return warned


@require_POST
def comment_create(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _page(request, page_id)
    form = CommentForm(request.POST, page=page)
    if form.is_valid():
        if warned := _personal_data_warning(request, page, form):
            return _section_response(request, page, form=warned)
        try:
            services.comment_create(
                page=page,
                author=request.user,
                body=form.cleaned_data["body"],
                section_anchor=form.cleaned_data["section_anchor"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _section_response(request, page, comment_saved=True)
    return _section_response(request, page, form=form)


def _edit_closed(request: HttpRequest, page: Page, comment: Comment) -> HttpResponse:
    """The edit window has run out, perhaps while the author typed: say so in the
    form and keep what they wrote, so that they can copy it."""
    typed = request.POST if request.method == "POST" else None
    form = CommentForm(
        typed or {"body": comment.body, "section_anchor": comment.section_anchor},
        page=page,
        comment_id=comment.pk,
    )
    form.is_valid()
    form.add_error(None, str(services.EDIT_CLOSED))
    if typed:
        form.add_error(
            None, _("Det du skrev finns kvar nedan, så att du kan kopiera det.")
        )
    return _section_response(request, page, edit_form=(comment.pk, form))


def comment_edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=comment_id)
    page = _page(request, comment.page_id)
    if not permissions.is_own_visible_comment(request.user, comment):
        raise PermissionDenied
    if not permissions.can_change_own_comment(
        request.user, comment, now=timezone.now()
    ):
        return _edit_closed(request, page, comment)
    if request.method == "POST":
        form = CommentForm(request.POST, page=page, comment_id=comment.pk)
        if form.is_valid():
            if warned := _personal_data_warning(request, page, form, comment.pk):
                return _section_response(request, page, edit_form=(comment.pk, warned))
            try:
                services.comment_update(
                    comment=comment,
                    user=request.user,
                    body=form.cleaned_data["body"],
                    section_anchor=form.cleaned_data["section_anchor"],
                )
            except PermissionDenied:  # the window closed a moment ago
                return _edit_closed(request, page, comment)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return _section_response(request, page)
    else:
        form = CommentForm(
            initial={"body": comment.body, "section_anchor": comment.section_anchor},
            page=page,
            comment_id=comment.pk,
        )
    return _section_response(request, page, edit_form=(comment.pk, form))


@require_POST
def comment_withdraw(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=comment_id)
    page = _page(request, comment.page_id)
    if not permissions.is_own_visible_comment(request.user, comment):
        raise PermissionDenied
    try:
        services.comment_withdraw(comment=comment, user=request.user)
    except PermissionDenied as error:  # the 15 minutes have run out
        return _section_response(request, page, comment_error=(comment.pk, str(error)))
    return _section_response(request, page)


@require_POST
def comment_reply(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=comment_id)
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    page = _page(request, comment.page_id)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.comment_reply(
                comment=comment, user=request.user, body=form.cleaned_data["reply"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _section_response(request, page)
    return _section_response(request, page, reply_errors={comment.pk: form})


@require_POST
def vote(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _page(request, page_id)
    form = VoteForm(request.POST)
    if not form.is_valid():
        # Only a crafted post lacks Ja/Nej: say so, keep the text, save nothing.
        return _vote_response(
            request,
            page,
            choice_error=" ".join(form.errors.get("helpful", [])),
            missing=form.data.get("missing") or None,
        )
    try:
        services.vote_cast(
            page=page,
            user=request.user,
            helpful=form.cleaned_data["helpful"] == "ja",
            missing=form.cleaned_data["missing"],
        )
    except ValidationError as error:
        return _vote_response(
            request,
            page,
            error=" ".join(error.messages),
            missing=form.cleaned_data["missing"],
        )
    return _vote_response(request, page)


def _vote_response(
    request: HttpRequest,
    page: Page,
    *,
    error: str = "",
    choice_error: str = "",
    missing: str | None = None,
) -> HttpResponse:
    """Only the vote box is swapped, so a half-written comment is never lost.

    ``error`` is about the text of what was missing, ``choice_error`` about the
    Ja/Nej answer itself.
    """
    saved = not (error or choice_error)
    if not request.htmx:
        return _section_response(
            request,
            page,
            vote_error=error,
            vote_choice_error=choice_error,
            vote_missing=missing,
            vote_saved=saved,
        )
    return render(
        request,
        "feedback/vote.html",
        {
            "page": page,
            "vote": selectors.user_vote(page=page, user=request.user),
            "vote_saved": saved,
            "vote_error": error,
            "vote_choice_error": choice_error,
            "vote_missing": missing,
        },
    )


@require_POST
def page_mode(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _page(request, page_id)
    if not permissions.can_set_page_mode(request.user):
        raise PermissionDenied
    form = ModeForm(request.POST)
    if form.is_valid():
        target = page if form.cleaned_data["target"] == "page" else page.get_parent()
        services.comment_setting_set(
            page=target, user=request.user, mode=form.cleaned_data["mode"]
        )
    return _section_response(request, page)


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """ "Mina synpunkter": status of everything the user has written, and notices.

    A comment on a page the author may no longer view (restricted since) keeps the
    author's own text, but not the page's title, section or link.
    """
    notifications = list(
        selectors.user_notifications(user=request.user, session=request.session)
    )
    unread = {n.pk for n in notifications if n.read_at is None}
    notifications_mark_read(user=request.user)
    comments = list(selectors.user_comments(user=request.user))
    readable = {
        p.pk
        for p in viewable([c.page for c in comments], request.user, request.session)
    }
    for comment in comments:
        comment.page_readable = comment.page_id in readable
    return render(
        request,
        "feedback/mine.html",
        {
            "comments": comments,
            "notifications": notifications,
            "unread": unread,
        },
    )
