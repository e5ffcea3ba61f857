from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Page, PageViewRestriction

from .admin_views import ReviewReportView
from .models import GuidancePage
from .permissions import (
    PageReportMenuItem,
    may_open_page_reports,
    restriction_accepts,
    viewable_pages,
)
from .rich_text import SectionPageLinkHandler
from .selectors import pages_for_review, review_counts


@hooks.register("before_serve_page")
def refuse_logged_in_readers_outside_the_pages_groups(page, request, *args) -> None:
    """Guru's "Du saknar behörighet" for a logged-in reader whom a group restriction
    keeps out, instead of Wagtail's bare log-in page (logging in again would not
    help). Anonymous visitors go to Guru's log-in page (WAGTAIL_FRONTEND_LOGIN_URL),
    and a password restriction still asks for its password."""
    if not request.user.is_authenticated:
        return
    for restriction in page.get_view_restrictions():
        if restriction.restriction_type == PageViewRestriction.PASSWORD:
            continue
        if not restriction_accepts(restriction, request.user, request.session):
            raise PermissionDenied


# order=100: run after Wagtail's own hook, which registers the plain page link.
@hooks.register("register_rich_text_features", order=100)
def register_section_page_links(features) -> None:
    features.register_link_type(SectionPageLinkHandler)


@hooks.register("register_admin_urls")
def register_review_report_urls():
    return [
        path("granskning/", ReviewReportView.as_view(), name="handbook_review_report"),
        path(
            "granskning/resultat/",
            ReviewReportView.as_view(results_only=True),
            name="handbook_review_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return PageReportMenuItem(
        _("Sidor att granska"),
        reverse("handbook_review_report"),
        icon_name="date",
        order=100,
    )


class ReviewPanel(Component):
    name = "guru_review"
    order = 50
    template_name = "handbook/admin/review_panel.html"

    def __init__(self, request, *, may_open_report: bool) -> None:
        self.user = request.user
        self.session = request.session
        self.may_open_report = may_open_report

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        # Only pages the user may read, in the list and in the handbook's count,
        # as in the report the count goes with.
        readable = viewable_pages(GuidancePage.objects.all(), self.user, self.session)
        own = pages_for_review(today=today, owner=self.user)
        pages = list(own.filter(pk__in=readable.values("pk"))[:10])
        for page in pages:
            # a page owner who is no editor reads the page instead of a 403
            page.review_link = (
                reverse("wagtailadmin_pages:edit", args=[page.pk])
                if page.permissions_for_user(self.user).can_edit()
                else page.url
            )
        return {
            "pages": pages,
            # the handbook's count goes with the report link, to those it lets in
            "counts": (
                review_counts(today=today, pages=readable)
                if self.may_open_report
                else None
            ),
            "today": today,
            "may_open_report": self.may_open_report,
        }


@hooks.register("construct_homepage_panels")
def add_review_panel(request, panels) -> None:
    user = request.user
    may_open_report = may_open_page_reports(user)
    if may_open_report or GuidancePage.objects.filter(owner_person=user).exists():
        panels.append(ReviewPanel(request, may_open_report=may_open_report))


def _holds_kept_records(page: Page) -> bool:
    """Whether deleting the page and those below it would destroy what Guru keeps
    (readers' comments and votes, Doris's taught answers): such a delete fails."""
    collector = Collector(using=router.db_for_write(Page))
    try:
        collector.collect(Page.objects.descendant_of(page, inclusive=True))
    except (ProtectedError, RestrictedError):
        return True
    return False


def _refuse_delete(request, page: Page) -> None:
    messages.error(
        request,
        gettext(
            "”%(title)s” kan inte raderas: synpunkter, röster eller annat som "
            "Guru sparar hör till sidan eller till sidor under den. Avpublicera "
            "sidan i stället – då syns den inte för läsarna, men allt finns kvar "
            "och den kan publiceras igen."
        )
        % {"title": page.get_admin_display_title()},
    )


@hooks.register("before_delete_page")
def refuse_deleting_a_page_with_kept_records(request, page):
    """Guru's Swedish explanation and the way out (unpublish), instead of a 500."""
    if not _holds_kept_records(page):
        return None
    _refuse_delete(request, page)
    if page.live and page.permissions_for_user(request.user).can_unpublish():
        return redirect("wagtailadmin_pages:unpublish", page.pk)
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_pages_with_kept_records(request, action_type, objects, view):
    if action_type != "delete":
        return None
    refused = [o for o in objects if isinstance(o, Page) and _holds_kept_records(o)]
    if not refused:
        return None
    for page in refused:
        _refuse_delete(request, page)
    return redirect(view.next_url)
