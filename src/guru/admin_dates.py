"""Wagtail's admin date pickers, but text that is no date is left for the form
to refuse ("Fyll i ett giltigt datum.") instead of being replaced by today's date
when the field loses focus, the picker's default (``validateOnBlur``)."""

from django.db import models
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

KEEP_WHAT_WAS_TYPED = {"validateOnBlur": False}


class KeptDateInput(AdminDateInput):
    def get_config(self):
        return {**super().get_config(), **KEEP_WHAT_WAS_TYPED}


class KeptDateTimeInput(AdminDateTimeInput):
    def get_config(self):
        return {**super().get_config(), **KEEP_WHAT_WAS_TYPED}


def register() -> None:
    """Every date and date-time field of Wagtail's admin forms uses these."""
    register_form_field_override(models.DateField, override={"widget": KeptDateInput})
    register_form_field_override(
        models.DateTimeField, override={"widget": KeptDateTimeInput}
    )
