"""Template helpers for the accounts pages."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def lockout_minutes() -> int:
    """How long a locked-out log-in waits (``AXES_COOLOFF_TIME``), in minutes."""
    return max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
