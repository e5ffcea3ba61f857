"""What the apps' forms share, and the refusal their services raise when a text
was saved by someone else while the form was open (``SavedMeanwhile``)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import BaseFormSet, Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

REFUSED = 422
"""The status of a page that shows a refused form again with what was typed
(Unprocessable Content), so that a refusal never reads as a success."""

CONFLICT = 409
"""The status of a page refused because someone else saved meanwhile: what is
refused is what is already the case, not what was typed."""


class TypedTextField(forms.CharField):
    """Text as typed in a box: a line break is one character, as the browser's
    ``maxlength`` counts it. A form sends each line break as CR LF; here it becomes
    LF, so text typed up to the limit is not refused, and what is stored has one
    kind of line break. Every text box (Textarea) of Guru's forms uses this field;
    tests/guru/test_line_breaks.py checks that none is left out.
    """

    def to_python(self, value) -> str:
        text = super().to_python(value)
        if isinstance(text, str):
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        return text


class DateInput(forms.DateInput):
    """The browser's date picker, its value written ÅÅÅÅ-MM-DD as it expects."""

    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateField(forms.DateField):
    """A day in one of Guru's forms. Text that is no date is refused with how to
    write one, rather than Django's "Fyll i ett giltigt datum."; every date field
    of Guru's forms uses this (tests/guru/test_dates.py checks that none is left
    out)."""

    widget = DateInput
    default_error_messages = {"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")}


def typed_text_formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    """A ModelForm's ``Meta.formfield_callback``: the model's plain text fields
    (TextField, CharField) become ``TypedTextField`` with the widget they would
    have had, so a box in ``Meta.widgets`` counts line breaks as the browser does.
    """
    if type(db_field) in (models.TextField, models.CharField):
        kwargs.setdefault("form_class", TypedTextField)
    return db_field.formfield(**kwargs)


def errors_to_form(form: Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, keeping what was typed: by
    field where the form has that field, else above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def form_status(*forms: Form | BaseFormSet | None) -> int:
    """``CONFLICT`` when any of the page's forms was refused for what someone else
    saved meanwhile (``SavedMeanwhileForm``), else ``REFUSED`` when any (or a
    formset) holds an error, else 200; unbound forms and None have none."""
    forms = tuple(form for form in forms if form is not None)
    if any(getattr(form, "saved_meanwhile", False) for form in forms):
        return CONFLICT
    for form in forms:
        if isinstance(form, BaseFormSet):
            if form.total_error_count():
                return REFUSED
        elif form.errors:
            return REFUSED
    return 200


def confirmed(
    request: HttpRequest,
    *,
    act,
    done: str,
    back: str,
    template: str,
    context: dict,
    then: str | None = None,
) -> HttpResponse:
    """A confirmation page: GET asks, POST does ``act`` and goes ``then`` (by
    default ``back``, where "Avbryt" leads). GET changes nothing.

    A refusal (``ValidationError``) is shown on the page, with status 422.
    """
    error = ""
    if request.method == "POST":
        try:
            act()
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, done)
            return redirect(then or back)
    return render(
        request,
        template,
        {**context, "back": back, "error": error},
        status=REFUSED if error else 200,
    )


class EmptyLabels:
    """A form mixin: its selects name their empty choice in Swedish (``empty_labels
    = {"unit": "Ingen enhet"}``) instead of Django's "---------"."""

    empty_labels: dict[str, str] = {}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, label in self.empty_labels.items():
            if name in self.fields:
                self.fields[name].empty_label = label


def with_empty_labels(form_class: type[Form], **labels: str) -> type[Form]:
    """``form_class`` with ``EmptyLabels`` (``head="Ingen avdelningschef"``), for
    forms that Wagtail builds from a model."""
    return type(
        form_class.__name__,
        (EmptyLabels, form_class),
        {"empty_labels": labels, "__module__": form_class.__module__},
    )


class SavedMeanwhile(ValidationError):
    """Refused by a service: since the form was opened, someone else saved over
    what it loaded.

    ``saved``: by the key of each text refused (a follow-up's perspective, say),
    the values stored now by field, for its ``SavedMeanwhileForm`` to tell and to
    load anew.
    """

    def __init__(self, saved: dict[str, dict]):
        super().__init__(
            {key: _("Någon annan har sparat medan du skrev.") for key in saved},
            code="saved_meanwhile",
        )
        self.saved = saved


def saved_differs(stored: dict, loaded: dict) -> bool:
    """Whether ``stored`` differs from ``loaded`` in a field that ``loaded`` has.

    Texts are compared without the white space around them, which saving strips.
    """
    return any(
        _comparable(stored[name]) != _comparable(value)
        for name, value in loaded.items()
    )


def _comparable(value):
    return value.strip() if isinstance(value, str) else value


class SavedMeanwhileForm(forms.Form):
    """A form over a text that others may save while it is open (a second tab,
    another in the management group): what someone else saved in the meantime is
    neither overwritten nor, if left as loaded here, removed.

    Each hidden ``loaded*`` field carries a value as it was when the form was
    opened; ``loaded_fields`` maps the compared fields to them. ``told_field`` is
    the text the conflict is told on, in ``saved_meanwhile_message``.
    """

    # The text as loaded. A browser sends its line breaks as CR LF here too, so
    # it is compared as typed.
    loaded = TypedTextField(widget=forms.HiddenInput, required=False)
    loaded_fields = {"text": "loaded"}
    told_field = "text"
    saved_meanwhile_message = ""
    saved_meanwhile = False  # set when refused for what was saved meanwhile

    @classmethod
    def initial_from(cls, saved: dict) -> dict:
        """The form's initial values over ``saved``, hidden copies included."""
        copies = {hidden: saved[name] for name, hidden in cls.loaded_fields.items()}
        return {**saved, **copies}

    def loaded_values(self) -> dict:
        """The values as the form loaded them, by field: those whose hidden copy
        was posted (a post without the copies is not compared)."""
        return {
            name: self.cleaned_data[hidden]
            for name, hidden in self.loaded_fields.items()
            if self.add_prefix(hidden) in self.data
        }

    def changed_here(self, saved: dict) -> bool:
        """Whether this valid form changes what it loaded; ``saved`` (the values
        stored when the page was made, by field) stands in for a copy not
        posted. Whether someone else saved since is the service's to find
        (``SavedMeanwhile``), in the transaction that saves."""
        typed = {name: self.cleaned_data[name] for name in self.loaded_fields}
        return saved_differs(typed, {**saved, **self.loaded_values()})

    def tell_saved_meanwhile(self, saved: dict) -> None:
        """Refused for what someone else saved meanwhile (``saved``, the values
        stored now): the text carries an error saying what was saved, and the
        hidden copies take the saved values, so that the next save is
        deliberate. What was typed stays."""
        self.saved_meanwhile = True
        message = self.saved_meanwhile_message % self.told(saved)
        self.add_error(self.told_field, message)
        self.data = self.data.copy()
        for name, hidden in self.loaded_fields.items():
            self.data[self.add_prefix(hidden)] = saved[name]

    def told(self, saved: dict) -> dict:
        """The values the message tells of what was saved meanwhile."""
        return {"saved": saved[self.told_field] or _("(tom)")}
