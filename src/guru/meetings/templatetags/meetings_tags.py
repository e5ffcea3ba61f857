"""Template tags: news HTML, the start page's news block and the header link."""

from django import template
from django.utils.safestring import mark_safe

from .. import permissions, selectors
from ..rendering import render_news

register = template.Library()


@register.filter
def news_html(text: str) -> str:
    return mark_safe(render_news(text))  # noqa: S308 - sanitised by nh3


@register.inclusion_tag("meetings/includes/start_news.html")
def meetings_start_news(limit: int = 3):
    """ "Nyheter från ledningsgruppen" on Guru's start page."""
    return {"articles": selectors.news_published(limit=limit)}


@register.inclusion_tag("meetings/includes/nav_item.html", takes_context=True)
def meetings_nav_item(context):
    request = context["request"]
    return {
        "is_group": permissions.can_view_meetings(request.user),
        "current": request.path.startswith("/ledning/"),
    }
