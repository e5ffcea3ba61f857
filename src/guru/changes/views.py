"""Readers' views: versions, what applied on a date, differences, following."""

import datetime

from django import forms
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.models import Page

from guru.forms import DateField
from guru.handbook.models import ProcessAreaPage
from guru.handbook.permissions import can_view_page, viewable_pages
from guru.redirects import posted_next

from . import selectors, services
from .diff import sections_diff, text_diff
from .models import ChangeNotification, Delivery, PageVersion
from .permissions import (
    can_view_version,
    readable_notifications,
    viewable_versions,
)


class DateForm(forms.Form):
    datum = DateField(
        label=gettext_lazy("Visa som den såg ut den"),
        error_messages={"required": gettext_lazy("Välj ett datum.")},
    )

    def clean_datum(self) -> datetime.date:
        day = self.cleaned_data["datum"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Datumet får inte ligga i framtiden."))
        return day


def _readable_history(request: HttpRequest, page_key: int) -> list[PageVersion]:
    """A page's versions, newest first; 404 if none or the reader may not see it."""
    history = list(selectors.page_history(page_key=page_key))
    if not history or not can_view_version(request.user, history[0], request.session):
        raise Http404
    return history


def _render_version(request, version: PageVersion, *, as_of=None, status=200):
    current = selectors.version_is_current(version)
    live_page = (
        version.page.specific
        if version.page_id and version.page and version.page.live
        else None
    )
    replaced_by = version.replaced_by
    if replaced_by and not can_view_page(request.user, replaced_by, request.session):
        replaced_by = None
    return render(
        request,
        "changes/version_detail.html",
        {
            "version": version,
            "is_current": current and as_of is None,
            "applied_until": selectors.next_version(version),
            "live_page": live_page,
            "replaced_by": replaced_by,
            "as_of": as_of,
            "date_form": DateForm(initial={"datum": as_of}),
        },
        status=status,
    )


def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A stable, citable link to one published version."""
    version = get_object_or_404(PageVersion, pk=pk)
    if not can_view_version(request.user, version, request.session):
        raise Http404
    return _render_version(request, version)


def page_as_of(request: HttpRequest, page_key: int) -> HttpResponse:
    """The version of a page that applied on the chosen date.

    Without a date (the address alone) the latest version is shown.
    """
    history = _readable_history(request, page_key)
    if "datum" not in request.GET:
        return _render_version(request, history[0])
    form = DateForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            "changes/not_in_force.html",
            {"form": form, "page_key": page_key},
            status=400,
        )
    day = form.cleaned_data["datum"]
    version = selectors.version_at(page_key=page_key, day=day)
    if version is None:
        return render(
            request,
            "changes/not_in_force.html",
            {"form": form, "page_key": page_key, "day": day},
            status=404,
        )
    return _render_version(request, version, as_of=day)


def handbook_as_of(request: HttpRequest) -> HttpResponse:
    """The whole handbook as it stood at the end of a date."""
    form = DateForm(request.GET or None)
    day = form.cleaned_data["datum"] if form.is_valid() else None
    areas = None
    if day:
        areas = {}
        for area, versions in selectors.handbook_at(day=day).items():
            if readable := viewable_versions(versions, request.user, request.session):
                areas[area] = readable
    return render(
        request,
        "changes/handbook_as_of.html",
        {
            "form": form,
            "day": day,
            "areas": areas,
        },
    )


def version_diff(request: HttpRequest, page_key: int) -> HttpResponse:
    """Differences between two published versions of a page (default: the last two)."""
    history = _readable_history(request, page_key)
    by_number = {version.number: version for version in history}

    def pick(name: str, default: PageVersion) -> PageVersion:
        try:
            return by_number[int(request.GET.get(name, default.number))]
        except (KeyError, ValueError):
            return default

    newer = pick("till", history[0])
    older_default = by_number.get(newer.number - 1, newer)
    older = pick("fran", older_default)
    if older.number > newer.number:
        older, newer = newer, older
    return render(
        request,
        "changes/version_diff.html",
        {
            "older": older,
            "newer": newer,
            "history": history,
            "head": {
                "title": text_diff("sidans-rubrik", older.title, newer.title),
                "summary": text_diff(
                    "sidans-sammanfattning", older.summary, newer.summary
                ),
                "intro": text_diff(
                    "sidans-ingress",
                    older.content.get("intro", ""),
                    newer.content.get("intro", ""),
                ),
            },
            "diffs": sections_diff(older.sections, newer.sections),
        },
    )


class FollowForm(forms.Form):
    include_editorial = forms.BooleanField(
        label=gettext_lazy("Även redaktionella ändringar"), required=False
    )
    delivery = forms.ChoiceField(
        label=gettext_lazy("E-post"),
        choices=Delivery.choices,
        initial=Delivery.IMMEDIATE,
    )


@require_POST
def follow_toggle(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(Page, pk=page_id, live=True)
    if not (
        page.specific_class
        and page.specific_class.__name__
        in {"GuidancePage", "ProcessAreaPage", "StartPage"}
    ):
        raise Http404
    # Not even "unfollow": the answer would tell that the page exists.
    if not can_view_page(request.user, page, request.session):
        raise Http404
    if request.POST.get("action") == "unfollow":
        services.unfollow(user=request.user, page=page)
    else:
        form = FollowForm(request.POST)
        options = form.cleaned_data if form.is_valid() else {}
        services.follow(
            user=request.user,
            page=page,
            include_editorial=options.get("include_editorial", False),
            delivery=options.get("delivery", Delivery.IMMEDIATE),
        )
    if request.htmx:
        return render(
            request,
            "changes/follow_button.html",
            {
                "follow_page": page,
                "following": selectors.followed_via(user=request.user, page=page),
            },
        )
    return redirect(posted_next(request) or page.url or reverse("changes:following"))


def following(request: HttpRequest) -> HttpResponse:
    """The user's followed pages and their change notifications."""
    if request.method == "POST":
        services.notifications_mark_read(user=request.user)
        return redirect("changes:following")
    subscriptions = [
        s
        for s in selectors.user_subscriptions(user=request.user)
        if can_view_page(request.user, s.page, request.session)
    ]
    for s in subscriptions:
        # What to be told of, and how: changed with "Spara" through follow_toggle.
        s.options_form = FollowForm(
            initial={"include_editorial": s.include_editorial, "delivery": s.delivery},
            auto_id=f"follow-{s.pk}-%s",
        )
    return render(
        request,
        "changes/following.html",
        {
            "subscriptions": subscriptions,
            "notifications": readable_notifications(
                selectors.user_notifications(user=request.user),
                request.user,
                request.session,
            ),
        },
    )


def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a notification read and go to the difference (or withdrawal) it is about."""
    notification = get_object_or_404(ChangeNotification, pk=pk, user=request.user)
    services.notifications_mark_read(user=request.user, ids=[notification.pk])
    version = notification.version
    if notification.is_withdrawal:
        # The page is gone from the handbook; its last version says so.
        return redirect("changes:version", pk=version.pk)
    return redirect(
        f"{reverse('changes:diff', args=[version.page_key])}?till={version.number}"
    )


class AreaChangesFeed(Feed):
    """Atom feed of saklig changes in one process area."""

    feed_type = Atom1Feed

    def get_object(self, request, area_id: int):
        areas = viewable_pages(
            ProcessAreaPage.objects.all(), request.user, request.session
        )
        area = get_object_or_404(areas, pk=area_id)
        # items() gets no request: the reader's versions are chosen here
        area.readable_versions = viewable_versions(
            selectors.area_feed_versions(area_key=area.pk),
            request.user,
            request.session,
        )
        return area

    def title(self, area):
        return _("Sakliga ändringar i %(area)s") % {"area": area.title}

    def link(self, area):
        return area.url or "/"

    def subtitle(self, area):
        return _("Ändringar som påverkar hur ärenden handläggs.")

    def items(self, area):
        return area.readable_versions

    def item_title(self, version):
        return version.title

    def item_description(self, version):
        return version.note

    def item_link(self, version):
        return (
            f"{reverse('changes:diff', args=[version.page_key])}?till={version.number}"
        )

    def item_pubdate(self, version):
        return version.published_at
