"""The editors' views in Wagtail's admin: inbox, one comment, votes, pages, export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Revision

from guru.forms import REFUSED

from . import exports, permissions, selectors, services
from .admin_forms import InboxFilterForm
from .forms import BulkStatusForm, HideForm, ReplyForm, StatusForm
from .models import Comment, CommentStatus, HelpfulVote

PER_PAGE = 50


class EditorView(WagtailAdminTemplateMixin, TemplateView):
    """Base: only editors (the ``moderate_comment`` permission) come in."""

    header_icon = "comment"

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_moderate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("feedback_inbox"), "label": _("Synpunkter")},
            {"url": "", "label": self.get_page_title()},
        ]

    def filter_form(self) -> InboxFilterForm:
        return InboxFilterForm(
            self.request.GET or None,
            user=self.request.user,
            session=self.request.session,
        )

    def readable(self) -> dict:
        """The user and session that decide which pages' feedback is listed."""
        return {"user": self.request.user, "session": self.request.session}

    def querystring(self, **changes) -> str:
        query = self.request.GET.copy()
        query.pop("p", None)
        for key, value in changes.items():
            query[key] = value
        return query.urlencode()


class InboxView(EditorView):
    page_title = gettext_lazy("Synpunkter – inkorg")
    template_name = "feedback/admin/inbox.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filter_form()
        comments = selectors.feedback_filter(
            selectors.inbox_comments(**self.readable()),
            filters=form.to_filters(user=self.request.user),
        ).order_by(*form.ordering())
        paginator = Paginator(comments, PER_PAGE)
        context.update(
            filter_form=form,
            page_obj=paginator.get_page(self.request.GET.get("p")),
            total=paginator.count,
            bulk_form=kwargs.get("bulk_form") or BulkStatusForm(),
            ticked=kwargs.get("ticked", []),
            statuses=CommentStatus,
            query=self.querystring(),
        )
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        """Bulk status change of the ticked comments."""
        form = BulkStatusForm(request.POST)
        ids = [int(i) for i in request.POST.getlist("comment") if i.isdigit()]
        back = reverse("feedback_inbox") + "?" + request.POST.get("query", "")
        if not ids:
            return self._refused(form, ids, _("Markera minst en synpunkt."))
        if not form.is_valid():
            return self._refused(
                form, ids, _("Välj vilken status de markerade ska få.")
            )
        try:
            count = services.comments_bulk_set_status(
                comments=selectors.on_readable_pages(
                    Comment.objects.filter(pk__in=ids), **self.readable()
                ),
                user=request.user,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            return self._refused(form, ids, " ".join(error.messages))
        messages.success(
            request,
            ngettext(
                "%(count)d synpunkt fick status %(status)s.",
                "%(count)d synpunkter fick status %(status)s.",
                count,
            )
            % {
                "count": count,
                "status": CommentStatus(form.cleaned_data["status"]).label,
            },
        )
        return redirect(back)

    def _refused(self, form, ids: list[int], message: str) -> HttpResponse:
        """The inbox again, with the ticked comments, status and motivation kept."""
        messages.error(self.request, message)
        context = self.get_context_data(bulk_form=form, ticked=ids)
        return self.render_to_response(context, status=REFUSED)


class CommentDetailView(EditorView):
    template_name = "feedback/admin/comment.html"

    def get_page_title(self):
        return _("Synpunkt på %(page)s") % {"page": self.comment.page.title}

    def dispatch(self, request, *args, **kwargs):
        self.comment = get_object_or_404(
            selectors.inbox_comments(user=request.user, session=request.session),
            pk=kwargs["comment_id"],
        )
        return super().dispatch(request, *args, **kwargs)

    def revisions(self):
        """The page's 30 latest revisions (a queryset, not a slice, for the form)."""
        revisions = Revision.page_revisions.filter(object_id=str(self.comment.page_id))
        latest = list(
            revisions.order_by("-created_at").values_list("pk", flat=True)[:30]
        )
        return (
            revisions.filter(pk__in=latest)
            .select_related("user")
            .order_by("-created_at")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        comment = self.comment
        context.update(
            comment=comment,
            events=comment.events.select_related("actor"),
            replies=comment.replies.select_related("author"),
            reply_form=kwargs.get("reply_form") or ReplyForm(),
            status_form=kwargs.get("status_form")
            or StatusForm(
                initial={
                    "status": comment.status,
                    "revision": comment.resolved_revision_id,
                    "reason": comment.rejection_reason,
                },
                revisions=self.revisions(),
                live_revision_id=comment.page.live_revision_id,
            ),
            hide_form=kwargs.get("hide_form") or HideForm(),
            live_revision_id=comment.page.live_revision_id,
        )
        return context

    def post(self, request: HttpRequest, comment_id: int) -> HttpResponse:
        action = request.POST.get("action")
        handlers = {
            "reply": self._reply,
            "status": self._status,
            "hide": self._hide,
            "restore": self._restore,
        }
        if action not in handlers:
            return redirect("feedback_comment", comment_id=comment_id)
        return handlers[action](request)

    def _done(self, message: str) -> HttpResponse:
        messages.success(self.request, message)
        return redirect("feedback_comment", comment_id=self.comment.pk)

    def _reply(self, request):
        form = ReplyForm(request.POST)
        if form.is_valid():
            try:
                services.comment_reply(
                    comment=self.comment,
                    user=request.user,
                    body=form.cleaned_data["reply"],
                )
                return self._done(_("Svaret är skickat till skribenten."))
            except ValidationError as error:
                form.add_error(None, error)
        return self.render_to_response(
            self.get_context_data(reply_form=form), status=REFUSED
        )

    def _status(self, request):
        form = StatusForm(
            request.POST,
            revisions=self.revisions(),
            live_revision_id=self.comment.page.live_revision_id,
        )
        if form.is_valid():
            try:
                services.comment_set_status(
                    comment=self.comment,
                    user=request.user,
                    status=form.cleaned_data["status"],
                    revision=form.cleaned_data["revision"],
                    reason=form.cleaned_data["reason"],
                )
                return self._done(_("Statusen är ändrad."))
            except ValidationError as error:
                form.add_error(None, error)
        return self.render_to_response(
            self.get_context_data(status_form=form), status=REFUSED
        )

    def _hide(self, request):
        form = HideForm(request.POST)
        if form.is_valid():
            services.comment_hide(
                comment=self.comment,
                user=request.user,
                reason=form.cleaned_data["reason"],
            )
            return self._done(_("Synpunkten är dold för läsarna."))
        return self.render_to_response(
            self.get_context_data(hide_form=form), status=REFUSED
        )

    def _restore(self, request):
        services.comment_restore(comment=self.comment, user=request.user)
        return self._done(_("Synpunkten visas igen."))


class VoteListView(EditorView):
    page_title = gettext_lazy("Nej-röster – vad saknades?")
    template_name = "feedback/admin/votes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filter_form()
        votes = selectors.feedback_filter(
            selectors.inbox_no_votes(**self.readable()),
            filters=form.to_filters(user=self.request.user),
            date_field="updated_at",
        )
        context.update(
            filter_form=form,
            page_obj=Paginator(votes, PER_PAGE).get_page(self.request.GET.get("p")),
            query=self.querystring(),
        )
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        """Mark the ticked Nej-votes as handled."""
        ids = [int(i) for i in request.POST.getlist("vote") if i.isdigit()]
        if not ids:
            messages.error(request, _("Markera minst en nej-röst."))
            return self.render_to_response(self.get_context_data(), status=REFUSED)
        count = services.votes_mark_handled(
            votes=selectors.on_readable_pages(
                HelpfulVote.objects.filter(pk__in=ids), **self.readable()
            ),
            user=request.user,
        )
        messages.success(
            request,
            ngettext(
                "%(count)d nej-röst markerades som hanterad.",
                "%(count)d nej-röster markerades som hanterade.",
                count,
            )
            % {"count": count},
        )
        return redirect(reverse("feedback_votes") + "?" + request.POST.get("query", ""))


class PageStatsView(EditorView):
    page_title = gettext_lazy("Sidor som behöver ses över")
    template_name = "feedback/admin/pages.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pages = selectors.pages_with_feedback_stats(**self.readable()).order_by(
            "-attention", "-no_votes", "title"
        )
        context["pages"] = pages
        return context


def export(request: HttpRequest) -> HttpResponse:
    """Comments (or votes) as CSV or XLSX, with the inbox's filters applied."""
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    readable = {"user": request.user, "session": request.session}
    form = InboxFilterForm(request.GET or None, **readable)
    filters = form.to_filters(user=request.user)
    comments = selectors.feedback_filter(
        selectors.inbox_comments(**readable), filters=filters
    ).order_by(*form.ordering())
    votes = selectors.feedback_filter(
        selectors.inbox_votes(**readable).order_by("page__title", "-updated_at"),
        filters=filters,
        date_field="updated_at",
    )
    kind = request.GET.get("kind", "comments")
    stamp = timezone.localdate().isoformat()
    if request.GET.get("format") == "xlsx":
        content = exports.to_xlsx(
            [
                (
                    _("Synpunkter"),
                    exports.comment_headings(),
                    exports.comment_rows(comments),
                ),
                (_("Röster"), exports.vote_headings(), exports.vote_rows(votes)),
            ]
        )
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="synpunkter-{stamp}.xlsx"'
        )
        return response
    if kind == "votes":
        content = exports.to_csv(exports.vote_headings(), exports.vote_rows(votes))
        name = f"roster-{stamp}.csv"
    else:
        content = exports.to_csv(
            exports.comment_headings(), exports.comment_rows(comments)
        )
        name = f"synpunkter-{stamp}.csv"
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
