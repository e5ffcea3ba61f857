"""The "Fråga Doris" panel that base.html puts on every page."""

from django import template

from ..selectors import unseen_reply_count

register = template.Library()


@register.inclusion_tag("assistant/panel.html", takes_context=True)
def doris_panel(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "unseen": unseen_reply_count(user=user),
        "csrf_token": context.get("csrf_token"),
    }
