"""Doris in Wagtail's admin: synonyms as snippets and a link to the dashboard."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import permissions
from .models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "list-ul"
    menu_label = _("Doris synonymer")
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["expressions", "created_at"]
    search_fields = ["expressions"]


register_snippet(SynonymViewSet)


class DorisMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return permissions.can_manage(request.user)


@hooks.register("register_admin_menu_item")
def register_doris_menu():
    return DorisMenuItem(
        _("Doris frågelogg"),
        reverse("assistant:dashboard"),
        icon_name="help",
        order=305,
    )
