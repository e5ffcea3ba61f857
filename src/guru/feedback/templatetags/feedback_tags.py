"""Template tags that put the comment section under guidance pages."""

from django import template
from django.utils.safestring import mark_safe

from ..models import CommentStatus
from ..rendering import render_comment
from ..selectors import unread_notification_count
from ..views import section_context

register = template.Library()


@register.inclusion_tag("feedback/section.html", takes_context=True)
def feedback_section(context, page):
    """The comment section and "Var sidan till hjälp?" for one page.

    Nothing for a page that is not saved yet (the preview of a new page).
    """
    if page.pk is None or "request" not in context:
        return {"page": page, "hidden": True}
    return section_context(context["request"], page)


@register.inclusion_tag("feedback/nav_item.html", takes_context=True)
def feedback_nav_item(context):
    """The "Mina synpunkter" link in the header, with the number of unread notices."""
    request = context["request"]
    return {
        "unread": unread_notification_count(user=request.user, session=request.session),
        "current": request.path.startswith("/synpunkter/mina/"),
    }


@register.filter
def comment_html(text: str) -> str:
    """Render the Markdown subset of a comment to sanitised HTML."""
    return mark_safe(render_comment(text))  # noqa: S308 - sanitised by nh3


@register.filter
def get_item(mapping: dict, key):
    """mapping[key] or None, for dicts keyed by comment id."""
    return mapping.get(key) if mapping else None


@register.filter
def status_label(code: str) -> str:
    """The Swedish name of a stored status code ("resolved" → "Åtgärdad")."""
    return CommentStatus(code).label if code in CommentStatus.values else code


@register.filter
def indent(text: str, prefix: str = "  ") -> str:
    """Every line of ``text`` begun with ``prefix``, for plain-text e-mails: a
    comment's own list lines must not look like the next item of the list."""
    return "\n".join(prefix + line if line else line for line in text.splitlines())
