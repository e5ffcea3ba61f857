"""What the apps' forms share."""

from django.core.exceptions import ValidationError
from django.forms import Form


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
