"""The editors' inbox in Wagtail's admin: menu, URLs and a dashboard panel."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import ListingButton

from . import admin_views, permissions
from .selectors import page_feedback_summary, pages_needing_review


@hooks.register("register_admin_urls")
def register_feedback_admin_urls():
    return [
        path("synpunkter/", admin_views.InboxView.as_view(), name="feedback_inbox"),
        path(
            "synpunkter/<int:comment_id>/",
            admin_views.CommentDetailView.as_view(),
            name="feedback_comment",
        ),
        path(
            "synpunkter/roster/",
            admin_views.VoteListView.as_view(),
            name="feedback_votes",
        ),
        path(
            "synpunkter/sidor/",
            admin_views.PageStatsView.as_view(),
            name="feedback_pages",
        ),
        path("synpunkter/export/", admin_views.export, name="feedback_export"),
    ]


class EditorMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return permissions.can_moderate(request.user)


class EditorSubmenuItem(SubmenuMenuItem):
    def is_shown(self, request) -> bool:
        return permissions.can_moderate(request.user)


@hooks.register("register_admin_menu_item")
def register_feedback_menu():
    submenu = Menu(
        items=[
            EditorMenuItem(
                _("Inkorg"), reverse("feedback_inbox"), icon_name="mail", order=10
            ),
            EditorMenuItem(
                _("Nej-röster"), reverse("feedback_votes"), icon_name="help", order=20
            ),
            EditorMenuItem(
                _("Behöver ses över"),
                reverse("feedback_pages"),
                icon_name="warning",
                order=30,
            ),
        ]
    )
    return EditorSubmenuItem(
        _("Synpunkter"), submenu, icon_name="comment", name="synpunkter", order=250
    )


class NeedsReviewPanel(Component):
    name = "guru_feedback"
    order = 60
    template_name = "feedback/admin/needs_review_panel.html"

    def __init__(self, request) -> None:
        self.request = request

    def get_context_data(self, parent_context=None):
        pages = pages_needing_review(
            user=self.request.user, session=self.request.session, limit=5
        )
        return {"pages": list(pages)}


@hooks.register("construct_homepage_panels")
def add_needs_review_panel(request, panels) -> None:
    if permissions.can_moderate(request.user):
        panels.append(NeedsReviewPanel(request))


@hooks.register("register_page_listing_buttons")
def page_listing_feedback_button(page, user, next_url=None):
    """Open comments and helpful-percentage on each guidance page in the explorer.

    Two small queries per listed page; the explorer shows one area at a time.
    """
    if page.specific_class.__name__ != "GuidancePage" or not permissions.can_moderate(
        user
    ):
        return []
    summary = page_feedback_summary(page=page)
    percent = summary["helpful_percent"]
    label = _("Öppna synpunkter: %(open)s · Till hjälp: %(helpful)s") % {
        "open": summary["open_comments"],
        "helpful": "–" if percent is None else f"{percent} %",
    }
    return [
        ListingButton(
            label,
            reverse("feedback_inbox") + f"?page={page.pk}",
            priority=60,
            icon_name="comment",
        )
    ]
