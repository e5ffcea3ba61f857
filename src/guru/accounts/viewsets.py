"""Wagtail admin views for users and the organisation."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from guru.forms import with_empty_labels

from .forms import GuruUserCreationForm, GuruUserEditForm
from .models import Department, Unit


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update: bool = False) -> type:
        return GuruUserEditForm if for_update else GuruUserCreationForm


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    list_display = ["name", "code", "head", "is_active"]
    search_fields = ["name", "code"]

    def get_form_class(self, for_update: bool = False) -> type:
        return with_empty_labels(
            super().get_form_class(for_update), head=_("Ingen avdelningschef")
        )


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "group"
    list_display = ["name", "code", "department", "is_active"]
    list_filter = ["department", "is_active"]
    search_fields = ["name", "code"]


class OrganisationViewSetGroup(SnippetViewSetGroup):
    items = (DepartmentViewSet, UnitViewSet)
    menu_icon = "group"
    menu_label = "Organisation"
    menu_name = "organisation"
    menu_order = 700
