"""What the apps' forms share."""

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
    """``REFUSED`` when any of the page's forms (or formsets) holds an error, else
    200; unbound forms and None have none."""
    for form in forms:
        if form is None:
            continue
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
