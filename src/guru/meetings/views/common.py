"""Small helpers shared by the views."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form


def require(allowed: bool) -> None:
    """403 unless ``allowed``; the rule itself lives in ``permissions``."""
    if not allowed:
        raise PermissionDenied


def errors_to_form(form: Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, keeping what was typed."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
