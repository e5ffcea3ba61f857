from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from guru.forms import TypedTextField
from guru.privacy import TOO_LONG

from .services import (
    MAX_ANSWER_CHARS,
    MAX_QUESTION_CHARS,
    MAX_WORDING_CHARS,
    question_clean,
)


class AskForm(forms.Form):
    """The question to Doris; bad input gets a Swedish message, the text is kept."""

    fraga = TypedTextField(
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
    kommentar = TypedTextField(
        label=_("Vad saknades? (valfritt)"),
        required=False,
        max_length=1000,
        error_messages={"max_length": TOO_LONG},
    )


class SectionChoiceMixin(forms.Form):
    section = forms.ChoiceField(label=_("Avsnitt"))

    def __init__(self, *args, sections: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Section first, before the fields of the form it is mixed into.
        self.order_fields(["section"])
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


def _text(label: str, limit: int, missing: str, **kwargs) -> forms.CharField:
    """A text field whose messages say what is missing or how much is too much."""
    return TypedTextField(
        label=label,
        max_length=limit,
        error_messages={
            "required": missing,
            "max_length": TOO_LONG,
        },
        **kwargs,
    )


class VariantTextForm(forms.Form):
    """A variant's wording: taught with a section, later corrected on its own."""

    text = _text(_("Formulering"), MAX_WORDING_CHARS, _("Skriv formuleringen."))


class VariantForm(SectionChoiceMixin, VariantTextForm):
    pass


class CuratedAnswerTextForm(forms.Form):
    """An editor's answer and its question, without the section it cites."""

    question_text = _text(
        _("Fråga"), MAX_WORDING_CHARS, _("Skriv frågan som svaret gäller.")
    )
    text = _text(
        _("Svar"),
        MAX_ANSWER_CHARS,
        _("Skriv svaret."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CuratedAnswerForm(SectionChoiceMixin, CuratedAnswerTextForm):
    pass


class WithdrawForm(forms.Form):
    """Why a variant or an answer is withdrawn: optional, kept with the row."""

    reason = _text(
        _("Varför tas det bort? (valfritt)"),
        500,
        "",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReplyForm(forms.Form):
    """A reply to the asker only, for a question the handbook does not answer."""

    text = _text(
        _("Svar till den som frågade"),
        MAX_ANSWER_CHARS,
        _("Skriv svaret."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
