from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from guru.forms import with_empty_labels
from guru.handbook.models import GuidancePage
from guru.handbook.permissions import PageReportMenuItem

from . import services
from .admin_views import ChangeReportView
from .models import DefaultFollow


@hooks.register("before_serve_page")
def remember_visit(page, request, serve_args, serve_kwargs):
    """Note when a user reads a guidance page, to mark what is new next time."""
    if isinstance(page, GuidancePage) and request.user.is_authenticated:
        request.guru_previous_visit = services.visit_record(
            user=request.user, page=page
        )


@hooks.register("register_admin_urls")
def register_change_report_urls():
    return [
        path("andringar/", ChangeReportView.as_view(), name="changes_report"),
        path(
            "andringar/resultat/",
            ChangeReportView.as_view(results_only=True),
            name="changes_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_change_report_menu_item():
    return PageReportMenuItem(
        _("Ändringar i handläggarstödet"),
        reverse("changes_report"),
        icon_name="history",
        order=110,
    )


class DefaultFollowViewSet(SnippetViewSet):
    model = DefaultFollow
    icon = "group"
    menu_label = _("Förvalda bevakningar")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["area", "group", "department"]

    def get_form_class(self, for_update: bool = False) -> type:
        return with_empty_labels(
            super().get_form_class(for_update), group=_("Välj roll")
        )


register_snippet(DefaultFollowViewSet)
