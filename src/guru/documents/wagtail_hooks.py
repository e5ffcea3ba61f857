"""Administrators keep the folder tree and each folder's group permissions here."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Folder


class FolderViewSet(SnippetViewSet):
    model = Folder
    icon = "folder-open-inverse"
    menu_label = _("Dokumentrum")
    menu_name = "dokumentrum"
    menu_order = 710
    add_to_admin_menu = True
    list_display = ["name", "parent", "everyone", "inherit_access"]
    list_filter = ["parent"]
    search_fields = ["name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("parent"),
        FieldPanel("description"),
        FieldPanel("everyone"),
        FieldPanel("inherit_access"),
        InlinePanel("access", label=_("Behörigheter per roll")),
    ]


register_snippet(FolderViewSet)
