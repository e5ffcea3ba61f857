"""The "Fråga Doris" panel that base.html puts on every page."""

from django import template
from django.conf import settings

from ..selectors import unseen_reply_count

register = template.Library()


@register.inclusion_tag("assistant/panel.html", takes_context=True)
def doris_panel(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "unseen": unseen_reply_count(user=user),
        "csrf_token": context.get("csrf_token"),
        "as_of": _as_of(request),
        "as_of_page": getattr(
            getattr(request, "resolver_match", None), "kwargs", {}
        ).get("page_key"),
    }


def _as_of(request):
    """On the page as of a date, Doris answers from that date's versions."""
    from ..as_of import date_from_parameter

    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name != "changes:page_as_of":
        return None
    return date_from_parameter(request.GET.get("datum"))


@register.simple_tag
def doris_log_days():
    """How many days questions to Doris are kept (``purge_doris_log``)."""
    return settings.GURU_DORIS_LOG_DAYS
