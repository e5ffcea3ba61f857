"""The editors' inbox filter form, turned into ``FeedbackFilters``."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from guru.accounts.models import Unit
from guru.forms import DateField
from guru.handbook.permissions import viewable_pages

from .models import CommentStatus, Visibility
from .selectors import INBOX_SORTS, FeedbackFilters


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Alla statusar")), *CommentStatus.choices],
        required=False,
    )
    visibility = forms.ChoiceField(
        label=_("Synlighet"),
        choices=[("", _("Alla")), *Visibility.choices],
        required=False,
    )
    area = forms.ModelChoiceField(
        label=_("Processområde"),
        queryset=None,
        required=False,
        empty_label=_("Alla processområden"),
    )
    owner_unit = forms.ModelChoiceField(
        label=_("Ägande enhet"),
        queryset=Unit.objects.filter(guidance_pages__isnull=False).distinct(),
        required=False,
        empty_label=_("Alla enheter"),
    )
    owner_person = forms.ModelChoiceField(
        label=_("Sidansvarig"),
        queryset=None,
        required=False,
        empty_label=_("Alla sidansvariga"),
    )
    mine = forms.BooleanField(
        label=_("Bara sidor där jag är sidansvarig"), required=False
    )
    date_from = DateField(label=_("Från"), required=False)
    date_to = DateField(label=_("Till"), required=False)
    section = forms.CharField(
        label=_("Avsnitt innehåller"),
        required=False,
        help_text=_("Skriv - för synpunkter på hela sidan."),
    )
    handled = forms.ChoiceField(
        label=_("Hanterade"),
        choices=[("", _("Alla")), ("no", _("Ohanterade")), ("yes", _("Hanterade"))],
        required=False,
    )
    page = forms.IntegerField(required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(
        label=_("Sortering"),
        choices=[
            ("nyast", _("Nyast först")),
            ("aldst", _("Äldst först")),
            ("sida", _("Sida")),
            ("status", _("Status")),
        ],
        required=False,
    )

    def __init__(self, *args, user, session=None, **kwargs) -> None:
        from guru.handbook.models import ProcessAreaPage

        super().__init__(*args, **kwargs)
        # Only areas the editor may view: a restricted area's name is not offered.
        self.fields["area"].queryset = viewable_pages(
            ProcessAreaPage.objects.order_by("sort_order", "title"), user, session
        )
        self.fields["owner_person"].queryset = (
            get_user_model()
            .objects.filter(owned_guidance_pages__isnull=False)
            .distinct()
            .order_by("first_name", "last_name")
        )

    def _valid_data(self) -> dict:
        """The filters chosen, less any refused one (its error shows on the form):
        one stale value in a bookmarked address must not drop all the others."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data

    def to_filters(self, *, user) -> FeedbackFilters:
        data = self._valid_data()
        return FeedbackFilters(
            status=data.get("status") or "",
            visibility=data.get("visibility") or "",
            area=data.get("area"),
            page_id=data.get("page"),
            owner_unit_id=data["owner_unit"].pk if data.get("owner_unit") else None,
            owner_person_id=(
                user.pk
                if data.get("mine")
                else (data["owner_person"].pk if data.get("owner_person") else None)
            ),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            section=data.get("section") or "",
            handled=data.get("handled") or "",
        )

    def ordering(self) -> tuple[str, ...]:
        sort = self._valid_data().get("sort") or "nyast"
        return INBOX_SORTS[sort]
