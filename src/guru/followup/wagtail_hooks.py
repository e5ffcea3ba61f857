"""Controllers keep key figures, targets, perspectives' labels and headcounts in
Wagtail's admin (snippets); the follow-up itself lives under /uppfoljning/."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.models import formfield_for_dbfield
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .forms import AdminDecimalField
from .models import TERTIALS, Headcount, KeyFigure, Perspective, Target


def _formfield(db_field, **kwargs):
    """Wagtail's form field, but decimals typed the Swedish way (AdminDecimalField)."""
    if isinstance(db_field, models.DecimalField):
        kwargs.setdefault("form_class", AdminDecimalField)
    return formfield_for_dbfield(db_field, **kwargs)


class FollowupAdminForm(WagtailAdminModelForm):
    class Meta:
        formfield_callback = _formfield


class TargetAdminForm(FollowupAdminForm):
    """A target's tertial is one of the three, or none for the whole year."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tertial"].choices = [("", _("Hela året")), *TERTIALS]


class PerspectiveViewSet(SnippetViewSet):
    """Only the label and the question are editable: the four are fixed."""

    model = Perspective
    icon = "table"
    list_display = ["label", "question", "order"]
    panels = [FieldPanel("label"), FieldPanel("question")]


class KeyFigureViewSet(SnippetViewSet):
    model = KeyFigure
    icon = "table"
    list_display = ["code", "name", "perspective", "status", "aggregation"]
    list_filter = ["perspective", "status", "privacy_class"]
    search_fields = ["code", "name"]
    edit_handler = ObjectList(
        [
            FieldRowPanel(
                [FieldPanel("code"), FieldPanel("name"), FieldPanel("status")]
            ),
            FieldPanel("perspective"),
            FieldPanel("definition"),
            FieldPanel("calculation"),
            FieldRowPanel(
                [FieldPanel("numerator_label"), FieldPanel("denominator_label")]
            ),
            FieldRowPanel(
                [
                    FieldPanel("measure_unit"),
                    FieldPanel("decimals"),
                    FieldPanel("scale"),
                ]
            ),
            FieldRowPanel([FieldPanel("direction"), FieldPanel("yellow_tolerance")]),
            FieldRowPanel([FieldPanel("min_value"), FieldPanel("max_value")]),
            FieldRowPanel([FieldPanel("reporting_level"), FieldPanel("aggregation")]),
            FieldRowPanel(
                [FieldPanel("individual_based"), FieldPanel("privacy_class")]
            ),
            FieldRowPanel([FieldPanel("data_source"), FieldPanel("owner")]),
            FieldRowPanel([FieldPanel("order"), FieldPanel("revision_of")]),
        ],
        base_form_class=FollowupAdminForm,
    )


class TargetViewSet(SnippetViewSet):
    """A target per year, or per tertial where it differs from the year's."""

    model = Target
    icon = "pick"
    list_display = ["key_figure", "year", "tertial", "value", "band_high"]
    list_filter = ["year", "key_figure"]
    edit_handler = ObjectList(
        [
            FieldPanel("key_figure"),
            FieldPanel("year"),
            FieldPanel("tertial"),
            FieldPanel("value"),
            FieldPanel("band_high"),
        ],
        base_form_class=TargetAdminForm,
    )


class HeadcountViewSet(SnippetViewSet):
    model = Headcount
    icon = "group"
    list_display = ["unit", "period", "women", "men"]
    list_filter = ["period"]


class FollowupViewSetGroup(SnippetViewSetGroup):
    items = (KeyFigureViewSet, TargetViewSet, PerspectiveViewSet, HeadcountViewSet)
    menu_icon = "table"
    menu_label = "Uppföljning"
    menu_name = "uppfoljning"
    menu_order = 650


register_snippet(FollowupViewSetGroup)
