from django import template

from guru.changes import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def page_changes(context, page) -> dict:
    """History, recent saklig marks, news since the last visit, and following."""
    request = context.get("request")
    user = getattr(request, "user", None)
    previous_visit = getattr(request, "guru_previous_visit", None)
    return {
        **selectors.page_changes(page_key=page.pk, previous_visit=previous_visit),
        "previous_visit": previous_visit,
        "following": (
            selectors.followed_via(user=user, page=page)
            if user and user.is_authenticated
            else None
        ),
    }


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
