"""Forms of the follow-up; they parse input, the services decide."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from guru.accounts.models import Department, Unit
from guru.forms import (
    DateField,
    SavedMeanwhileForm,
    TypedTextField,
    typed_text_formfield,
)

from .consultation import CLOSES_ON_PAST, MIN_WORDS, closes_on_passed
from .models import (
    ActionStatus,
    Gender,
    KeyFigure,
    KeyFigureStatus,
    Missing,
    Perspective,
    Proposal,
    ProposalKind,
    ProposalStatus,
    ValueStatus,
)
from .rules import format_plain

PERIOD_RE = re.compile(r"^\s*(\d{4})\s*[- ]?\s*T?\s*([123])\s*$", re.IGNORECASE)


def parse_period(text: str) -> tuple[int, int] | None:
    """'2026 T2', '2026-T2', '2026-2' → (2026, 2); anything else → None."""
    match = PERIOD_RE.match(str(text or ""))
    return (int(match.group(1)), int(match.group(2))) if match else None


# Thousands grouped with dots ("1.200", "12.345.678"), optionally with decimals
# after a comma ("1.200,5"). Without a comma a dot before exactly three digits
# may group thousands (1200) or be an English decimal point (1,2).
_DOT_GROUPED = re.compile(r"^[+-]?[1-9]\d{0,2}(?:\.\d{3})+(,\d+)?$")
# Spaces that group thousands: space, no-break space, thin and narrow no-break.
_GROUPING_SPACES = str.maketrans("", "", " \u00a0\u2009\u202f")


class AmbiguousNumber(ValueError):
    """A number that could be read in two ways; ``message`` says how to write it."""

    def __init__(self, message: str, text):
        super().__init__(message, text)
        self.message = str(message)


def _ambiguous(text: str, cleaned: str) -> AmbiguousNumber:
    whole = cleaned.replace(".", "")
    if cleaned.count(".") == 1:
        decimal = cleaned.rstrip("0").rstrip(".").replace(".", ",")
        message = _(
            "Skriv %(whole)s eller %(decimal)s – med punkt går det inte att se "
            "vilket du menar."
        ) % {"whole": whole, "decimal": decimal}
    else:
        message = _("Skriv %(whole)s – punkt används inte mellan tusental här.") % {
            "whole": whole
        }
    return AmbiguousNumber(message, text)


def parse_decimal(text) -> Decimal | None:
    """A number written the Swedish way; None when empty.

    Decimals follow a comma, thousands may be grouped with spaces ("1 200,5"),
    or with dots when a comma follows ("1.200,5"). An unambiguous English
    decimal point is read too ("12.5", "0.125"), since files from other
    systems use it. A dot before exactly three digits and nothing else
    ("1.200") could be either, and a government report must not guess:
    AmbiguousNumber says how to write it. So does a dot after a comma
    ("1,200.5", English thousands).

    Raises ValueError (AmbiguousNumber for those) when the text is not a number.
    """
    if text is None:
        return None
    if isinstance(text, bool):  # an XLSX cell SANT or FALSKT; a bool is an int
        raise ValueError(text)
    if isinstance(text, int | float | Decimal):
        cleaned = str(text)
    else:
        cleaned = str(text).strip().translate(_GROUPING_SPACES)
        cleaned = cleaned.replace("\u2212", "-")
        if not cleaned:
            return None
        grouped = _DOT_GROUPED.match(cleaned)
        if grouped and not grouped.group(1):
            raise _ambiguous(text, cleaned)
        if "," in cleaned and "." in cleaned and not grouped:
            raise AmbiguousNumber(
                _("Skriv talet med decimalkomma och utan punkt, t.ex. 1200,5."),
                text,
            )
        if "," in cleaned:
            cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not number.is_finite():
        raise ValueError(text)
    return number


def decimal_cleaned(value) -> Decimal | None:
    """``parse_decimal`` for a form: what is wrong as a ValidationError in Swedish."""
    try:
        return parse_decimal(value)
    except AmbiguousNumber as error:
        raise forms.ValidationError(error.message) from None
    except ValueError:
        raise forms.ValidationError(_("Skriv ett tal, t.ex. 12,5.")) from None


class SwedishDecimalField(forms.CharField):
    def to_python(self, value):
        return decimal_cleaned(super().to_python(value))


class AdminDecimalField(forms.DecimalField):
    """A model's decimal in Wagtail's admin (targets, a key figure's limits),
    typed the Swedish way: "3,5", "1 200,5".

    A text box, not the number input Django gives a DecimalField: Chromium's
    number input drops a decimal comma as it is typed, so a target typed as
    "3,5" was saved as 35. The value is shown the Swedish way too.
    """

    def __init__(self, **kwargs):
        kwargs["widget"] = forms.TextInput(attrs={"inputmode": "decimal"})
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return decimal_cleaned(value)

    def prepare_value(self, value):
        return format_plain(value) if isinstance(value, Decimal) else value


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    tertial = forms.TypedChoiceField(
        label=_("Tertial"),
        coerce=int,
        choices=[
            (1, "T1 (januari–april)"),
            (2, "T2 (maj–augusti)"),
            (3, "T3 (september–december)"),
        ],
    )


class ValueForm(forms.Form):
    """Manual entry of one figure that no system delivers."""

    key_figure = forms.ModelChoiceField(
        label=_("Nyckeltal"),
        queryset=KeyFigure.objects.exclude(status=KeyFigureStatus.RETIRED),
        empty_label=_("Välj nyckeltal"),
    )
    period = forms.CharField(
        label=_("Tertial"), help_text=_("Till exempel 2026 T2."), max_length=10
    )
    department = forms.ModelChoiceField(
        label=_("Avdelning"),
        queryset=Department.objects.filter(is_active=True),
        required=False,
        empty_label=_("Ingen avdelning"),
        help_text=_("För nyckeltal som rapporteras per avdelning."),
    )
    unit = forms.ModelChoiceField(
        label=_("Enhet"),
        queryset=Unit.objects.filter(is_active=True).select_related("department"),
        required=False,
        empty_label=_("Ingen enhet"),
        help_text=_("För nyckeltal som rapporteras per enhet."),
    )
    gender = forms.ChoiceField(label=_("Kön"), choices=Gender.choices, initial="T")
    value = SwedishDecimalField(label=_("Värde"), required=False)
    numerator = SwedishDecimalField(label=_("Täljare"), required=False)
    denominator = SwedishDecimalField(label=_("Nämnare (eller vikt)"), required=False)
    missing = forms.ChoiceField(
        label=_("Saknas värdet?"),
        choices=[("", _("Nej, värde finns")), *list(Missing.choices)[1:]],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ValueStatus.choices, initial=ValueStatus.PRELIMINARY
    )
    source = forms.CharField(label=_("Källa"), max_length=200, required=False)
    note = forms.CharField(label=_("Kommentar"), max_length=500, required=False)

    def clean_period(self):
        parsed = parse_period(self.cleaned_data["period"])
        if parsed is None:
            raise forms.ValidationError(_("Skriv tertialet som 2026 T2."))
        return parsed


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil (CSV eller XLSX)"),
        help_text=_("Använd mallen. Högst 20 000 rader."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Filen måste vara en CSV- eller XLSX-fil."))
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("Filen är större än 10 MB."))
        return upload


class AnalysisForm(SavedMeanwhileForm):
    text = TypedTextField(
        label=_("Analys"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    done = forms.BooleanField(label=_("Klar"), required=False)
    # Klar as loaded: a head who only marked it klar in another tab is not undone.
    loaded_done = forms.BooleanField(widget=forms.HiddenInput, required=False)
    loaded_fields = {"text": "loaded", "done": "loaded_done"}
    saved_meanwhile_message = _(
        "Någon annan har sparat en ny analys medan du skrev: ”%(saved)s”%(done)s. "
        "Din text finns kvar här. Jämför och spara igen."
    )

    def told(self, saved: dict) -> dict:
        done = _(", markerad som klar") if saved["done"] else ""
        return {**super().told(saved), "done": done}


class ConclusionForm(SavedMeanwhileForm):
    text = TypedTextField(
        label=_("Gemensam slutsats"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    saved_meanwhile_message = _(
        "Någon annan har sparat en ny slutsats medan du skrev: ”%(saved)s”. "
        "Din text finns kvar här. Jämför och spara igen."
    )


class ActionForm(forms.Form):
    perspective = forms.ModelChoiceField(
        label=_("Perspektiv"),
        queryset=Perspective.objects.all(),
        empty_label=_("Välj perspektiv"),
    )
    title = forms.CharField(label=_("Åtgärd"), max_length=300)
    owner = forms.ModelChoiceField(
        label=_("Ansvarig"),
        queryset=get_user_model().objects.filter(is_active=True),
        empty_label=_("Välj ansvarig"),
    )
    due_on = DateField(label=_("Klart senast"))


class PublishForm(forms.Form):
    """Publishing; the box is asked for only when something is missing."""

    confirm_incomplete = forms.BooleanField(
        label=_("Jag vet att uppgifter saknas och vill publicera ändå"),
        required=False,
    )


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Läge"),
        choices=ActionStatus.choices,
        error_messages={
            "required": _("Välj ett läge i listan."),
            "invalid_choice": _("Välj ett läge i listan."),
        },
    )
    note = forms.CharField(
        label=_("Kommentar om läget"),
        max_length=300,
        required=False,
        error_messages={"max_length": _("Skriv högst %(limit_value)d tecken.")},
    )


class AnnotationForm(forms.Form):
    """A note on a value, for one of the departments the user may annotate.

    ``departments`` are those (from ``permissions``); ``agency`` whether the
    user may also annotate the agency's value ("Hela myndigheten").
    """

    REFUSED = _("Du kan bara anteckna värden för avdelningar som du leder.")

    period = forms.CharField(label=_("Tertial"), max_length=10)
    department = forms.ModelChoiceField(
        label=_("Avdelning"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("Hela myndigheten"),
        error_messages={
            "required": _("Välj vilken avdelning anteckningen gäller."),
            "invalid_choice": REFUSED,
        },
    )
    text = forms.CharField(
        label=_("Anteckning"),
        max_length=200,
        help_text=_("T.ex. omorganisation 1 maj."),
    )

    def __init__(self, *args, departments: list[Department], agency: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.can_annotate = agency or bool(departments)
        field = self.fields["department"]
        field.queryset = Department.objects.filter(
            pk__in=[d.pk for d in departments]
        ).order_by("name")
        if not agency:
            field.required = True
            if len(departments) == 1:
                field.empty_label = None
                field.initial = departments[0].pk
            else:
                field.empty_label = _("Välj avdelning")

    def clean_period(self):
        parsed = parse_period(self.cleaned_data["period"])
        if parsed is None:
            raise forms.ValidationError(_("Skriv tertialet som 2026 T2."))
        return parsed


class ClosesOnForm(forms.Form):
    """A remissrunda's last day: today or later. Alone, it moves an open round's
    last day or reopens a closed round."""

    closes_on = DateField(label=_("Sista dag för förslag"))

    def clean_closes_on(self):
        closes_on = self.cleaned_data["closes_on"]
        if closes_on_passed(closes_on):
            raise forms.ValidationError(CLOSES_ON_PAST)
        return closes_on

    def fields_shown(self) -> list:
        return list(self)


class ClosesOnMoveForm(ClosesOnForm):
    """An open round's new last day; an earlier one than now takes the box ticked,
    which the page shows once the service has asked for it."""

    confirm_earlier = forms.BooleanField(
        label=_("Ja, flytta sista dagen till en tidigare dag"), required=False
    )

    def fields_shown(self) -> list:
        """The box only once it was asked for (its error) or is ticked."""
        box = self["confirm_earlier"]
        return [
            field
            for field in self
            if field.name != box.name or box.errors or box.value()
        ]


class RoundForm(ClosesOnForm):
    field_order = ["title", "description", "closes_on"]

    title = forms.CharField(label=_("Rubrik"), max_length=200)
    description = TypedTextField(
        label=_("Beskrivning"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Proposal
        formfield_callback = typed_text_formfield
        fields = [
            "kind",
            "key_figure",
            "name",
            "perspective",
            "definition",
            "calculation",
            "data_source",
            "frequency",
            "motivation",
        ]
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "calculation": forms.Textarea(attrs={"rows": 3}),
            "motivation": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "definition": _("Vad exakt räknas? Vilka ärenden, personer eller kronor?"),
            "calculation": _("Täljare och nämnare om det är en kvot, annars formeln."),
            "data_source": _("Vilket system eller register uppgiften kommer från."),
            "frequency": _("T.ex. varje månad, varje tertial, en gång om året."),
            "motivation": _(
                "Vilken fråga eller vilket beslut ska nyckeltalet stödja, och varför "
                "räcker inte dagens nyckeltal?"
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ProposalKind.choices
        # A change concerns a key figure in use; an edited proposal keeps its own
        # even if that figure has been retired since.
        named = Q(pk=self.initial.get("key_figure") or None)
        key_figure = self.fields["key_figure"]
        key_figure.queryset = key_figure.queryset.filter(
            Q(status=KeyFigureStatus.ACTIVE) | named
        )
        key_figure.required = False
        key_figure.empty_label = _("Välj nyckeltal")
        self.fields["perspective"].empty_label = _("Välj perspektiv")
        # Said before sending, as the refusal (``proposal_problems``) says it after.
        for name, least in MIN_WORDS.items():
            field = self.fields[name]
            field.help_text = format_lazy(
                "{} {}", field.help_text, _("Minst %(n)s ord.") % {"n": least}
            )


class CommentForm(forms.Form):
    text = TypedTextField(
        label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class DecisionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        # withdrawing is the proposer's, not a decision
        choices=[c for c in ProposalStatus.choices if c[0] != ProposalStatus.WITHDRAWN],
    )
    motivation = TypedTextField(
        label=_("Motivering"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
