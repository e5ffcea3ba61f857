"""News: compose from locked minutes, edit with preview, publish, archive, feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from guru.forms import errors_to_form, form_status

from .. import exports, permissions, selectors, services
from ..forms import NewsForm
from ..models import Meeting, NewsArticle
from ..rendering import render_news
from .common import require


@require_POST
def news_compose(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.active(), pk=pk)
    require(permissions.can_compose_news(request.user, meeting))
    written = meeting.news.filter(deleted_at__isnull=True).exists()
    try:
        article = services.news_compose(meeting=meeting, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(meeting)
    if written:
        messages.info(request, _("Det finns redan en nyhet från mötet."))
    else:
        messages.success(
            request, _("Ett utkast är skrivet. Redigera och förhandsgranska.")
        )
    if not permissions.can_edit_news(request.user, article):
        return redirect(article)
    return redirect("meetings:news_edit", pk=article.pk)


def news_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit; "Förhandsgranska" shows the article as staff will see it, unsaved."""
    article = get_object_or_404(
        NewsArticle.objects.filter(deleted_at__isnull=True).select_related("meeting"),
        pk=pk,
    )
    require(permissions.can_edit_news(request.user, article))
    form = NewsForm(request.POST or None, instance=article)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = form.cleaned_data
        else:
            try:
                services.news_update(
                    article=article,
                    **{
                        k: form.cleaned_data[k]
                        for k in ("title", "lead", "body", "pen")
                    },
                )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("Nyheten är sparad."))
                return redirect(article)
    return render(
        request,
        "meetings/news_form.html",
        {
            "form": form,
            "article": article,
            "preview": preview,
            "preview_html": render_news(preview["body"]) if preview else "",
            "can_publish": permissions.can_publish_news(request.user, article),
        },
        status=form_status(form),
    )


@require_POST
def news_publish(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(
        NewsArticle.objects.filter(deleted_at__isnull=True), pk=pk
    )
    require(permissions.can_publish_news(request.user, article))
    try:
        services.news_publish(article=article, user=request.user)
    except ValidationError as error:
        # Masked again when published: a text filled to its column elsewhere
        # (the admin) can no longer fit. It is shortened on the edit page.
        for problem in error.messages:
            messages.error(request, problem)
        return redirect("meetings:news_edit", pk=article.pk)
    messages.success(request, _("Nyheten är publicerad på startsidan."))
    return redirect(article)


def news_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(NewsArticle.objects.select_related("meeting"), pk=pk)
    if not permissions.can_view_news(request.user, article):
        raise Http404
    return render(
        request,
        "meetings/news_detail.html",
        {
            "article": article,
            "can_edit": permissions.can_edit_news(request.user, article),
            "can_publish": permissions.can_publish_news(request.user, article),
        },
    )


def news_archive(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "meetings/news_archive.html",
        {"articles": selectors.news_published()},
    )


class NewsFeed(Feed):
    """Atom feed of published news (for logged-in readers, like all of Guru)."""

    feed_type = Atom1Feed
    title = gettext_lazy("Nyheter från ledningsgruppen")
    subtitle = gettext_lazy("Sammanfattningar av ledningsgruppens möten i Guru.")

    def link(self) -> str:
        return reverse("meetings:news_archive")

    def items(self):
        return selectors.news_published(limit=20)

    def item_title(self, item: NewsArticle) -> str:
        return item.title

    def item_description(self, item: NewsArticle) -> str:
        return item.lead

    def item_pubdate(self, item: NewsArticle):
        return item.published_at

    def item_updateddate(self, item: NewsArticle):
        return item.updated_at


@login_not_required
def news_feed_by_token(request: HttpRequest, token: str) -> HttpResponse:
    """The Atom feed for feed readers, which cannot log in: the personal address."""
    if exports.calendar_user(token) is None:
        raise Http404
    return NewsFeed()(request)
