from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from .services import MAX_QUESTION_CHARS, question_clean


class AskForm(forms.Form):
    """The question to Doris; bad input gets a Swedish message, the text is kept."""

    fraga = forms.CharField(
        label=_("Din fråga"),
        max_length=MAX_QUESTION_CHARS,
        strip=False,
        error_messages={
            "required": _("Skriv en fråga till Doris."),
            "max_length": _("Frågan får vara högst %(limit_value)d tecken."),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # NUL characters get question_clean's Swedish message, not Django's.
        field = self.fields["fraga"]
        field.validators = [
            v
            for v in field.validators
            if not isinstance(v, ProhibitNullCharactersValidator)
        ]

    def clean_fraga(self) -> str:
        return question_clean(self.cleaned_data["fraga"])


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        choices=[("ja", _("Ja")), ("nej", _("Nej"))],
        coerce=lambda value: value == "ja",
        error_messages={"required": _("Svara ja eller nej.")},
    )
    kommentar = forms.CharField(
        label=_("Vad saknades? (valfritt)"), required=False, max_length=1000
    )


class SectionChoiceMixin(forms.Form):
    section = forms.ChoiceField(label=_("Avsnitt"))

    def __init__(self, *args, sections: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("Välj avsnitt")), *sections]
        self.fields["section"].error_messages["required"] = _("Välj ett avsnitt.")
        self.fields["section"].error_messages["invalid_choice"] = _(
            "Välj ett av avsnitten i listan."
        )

    def section_parts(self) -> tuple[int, str]:
        page_id, _sep, anchor = self.cleaned_data["section"].partition("#")
        try:
            return int(page_id), anchor
        except ValueError as error:
            raise ValidationError(_("Välj ett av avsnitten i listan.")) from error


class VariantForm(SectionChoiceMixin):
    text = forms.CharField(label=_("Formulering"), max_length=500)


class CuratedAnswerForm(SectionChoiceMixin):
    question_text = forms.CharField(label=_("Fråga"), max_length=500)
    text = forms.CharField(
        label=_("Svar"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4})
    )
