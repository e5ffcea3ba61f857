"""Template tags of the follow-up."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..rules import format_number, format_plain
from ..selectors import notifications_unread_count

register = template.Library()

# A department cell's light is told by a shape and (for screen readers) a word as
# well as by its colour, which not everyone can tell apart (WCAG 1.4.1).
LIGHT_MARKS = {"gron": "●", "gul": "▲", "rod": "■"}


def light_words() -> dict[str, str]:
    return {"gron": _("grönt"), "gul": _("gult"), "rod": _("rött")}


@register.simple_tag
def report_cells(row) -> str:
    """The department cells of one report row as HTML.

    Built here rather than in a template loop: 400 cells with their classes and
    notes through the template engine were about a fifth of the report's time.
    """
    html = []
    words = light_words()
    for cell in row.cells:
        classes = "num"
        if cell.light:
            classes += f" cell--{escape(cell.light)}"
        if cell.own:
            classes += " own"
        notes = "".join(
            f'<span class="annotation">{escape(note)}</span>'
            for note in cell.annotations
        )
        html.append(
            f'<td class="{classes}">{escape(cell.text)}'
            f"{_light_mark(cell.light, words)}{notes}</td>"
        )
    return mark_safe("".join(html))  # noqa: S308 - every value above is escaped


def _light_mark(light: str | None, words: dict[str, str]) -> str:
    """A light's shape, on a line of its own under the figure (the figures stay
    aligned and the columns as narrow as before: the tables must fit a
    1280-pixel screen), and its word for screen readers; "" without a light."""
    if light not in LIGHT_MARKS:
        return ""
    return (
        f'<span class="light-mark" aria-hidden="true">{LIGHT_MARKS[light]}</span>'
        f'<span class="visually-hidden"> ({escape(words[light])})</span>'
    )


@register.simple_tag
def light_mark(light: str | None) -> str:
    """A cell's light told by shape and word as well as colour (WCAG 1.4.1),
    for a cell outside the report's rows (the analysis form's figures)."""
    return mark_safe(_light_mark(light, light_words()))  # noqa: S308 - escaped


@register.simple_tag
def form_errors_listed(form=None, labelled_forms=()) -> list[tuple[str, str, str]]:
    """A page's errors for its summary as (label, anchor, message): those of
    ``form``, or of each (label, form) in ``labelled_forms``, a page of several
    forms (a perspective each), named by their label. ``anchor`` is the id of the
    field to go to, "" for an error of the whole form or of a field not shown."""
    listed = []
    for section, each in [(None, form)] if form else labelled_forms or ():
        if not each:
            continue
        listed += [(str(section or ""), "", error) for error in each.non_field_errors()]
        for field in each:
            anchor = "" if field.is_hidden else field.id_for_label
            listed += [(str(section or field.label), anchor, e) for e in field.errors]
    return listed


@register.simple_tag(takes_context=True)
def followup_unread(context) -> int:
    """Unread follow-up notices of the signed-in user, for the header's badge."""
    request = context.get("request")
    return notifications_unread_count(user=getattr(request, "user", None))


@register.filter
def figure_number(value, decimals) -> str:
    """A key figure's value as the report writes it ("4 089", "12,5", "−3")."""
    return "" if value is None else format_number(value, decimals=int(decimals))


@register.filter
def plain_number(value) -> str:
    """A stored numerator or denominator in Swedish style with the decimals it
    has, none added or rounded away ("1 568 747", "310,5")."""
    return "" if value is None else format_plain(value)
