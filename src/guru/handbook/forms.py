from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ProcessAreaPage


class HandbookSearchForm(forms.Form):
    """The search box: a query and optionally a process area to search within."""

    q = forms.CharField(
        label=_("Sök i handläggarstödet"),
        max_length=200,
        error_messages={
            "required": _("Skriv vad du söker efter."),
            "max_length": _("Sökfrågan får vara högst %(limit_value)d tecken."),
        },
    )
    omrade = forms.ModelChoiceField(
        label=_("Processområde"),
        queryset=ProcessAreaPage.objects.none(),
        required=False,
        empty_label=_("Alla processområden"),
        to_field_name="slug",
    )

    def __init__(self, *args, start_page=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if start_page is not None:
            self.fields["omrade"].queryset = (
                ProcessAreaPage.objects.child_of(start_page)
                .live()
                .order_by("sort_order", "title")
            )

    def clean_q(self) -> str:
        query = self.cleaned_data["q"].strip()
        if not query:
            raise forms.ValidationError(_("Skriv vad du söker efter."))
        return query
