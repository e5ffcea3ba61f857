"""What the apps' forms share."""

from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, Form

REFUSED = 422
"""The status of a page that shows a refused form again with what was typed
(Unprocessable Content), so that a refusal never reads as a success."""


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
