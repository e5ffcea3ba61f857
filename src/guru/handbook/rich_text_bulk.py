"""Several rich-text values expanded at once, for a page that shows many.

A guidance page has an intro and a rich-text body per section. Wagtail expands
each value on its own, so each asks every link handler for its links: one look-up
per linked model per value. ``expand_db_html_many`` asks each handler once for the
links of all the values (its bulk ``expand_db_attributes_many``), so a page costs
one look-up per linked model however many sections link. The HTML is the same as
``expand_db_html``'s for each value.

Imported by the models, so it does not import the link handlers' modules (they
load the page model).
"""

from collections import defaultdict

from django.template.loader import render_to_string
from wagtail.rich_text import RichText, get_rewriter
from wagtail.rich_text.rewriters import TagMatch, TagRewriter


def expand_db_html_many(sources: list[str]) -> list[str]:
    """``expand_db_html`` of each of ``sources``, with each link and embed type's
    handler called once for the tags of all of them."""
    htmls = list(sources)
    for rewriter in get_rewriter().rewriters:  # links, then embeds, as Wagtail does
        htmls = _rewrite_many(rewriter, htmls)
    return htmls


def _rewrite_many(rewriter: TagRewriter, htmls: list[str]) -> list[str]:
    """``rewriter(html)`` for each of ``htmls``, the replacements asked for in bulk."""
    matches_per_html = [rewriter.extract_tags(html) for html in htmls]
    by_type: dict[str, list[TagMatch]] = defaultdict(list)
    for matches_by_type in matches_per_html:
        for tag_type, matches in matches_by_type.items():
            by_type[tag_type].extend(matches)
    for tag_type, matches in by_type.items():
        replacements = rewriter.get_tag_replacements(
            tag_type, [match.attrs for match in matches]
        )
        # none for tags left as they are (<a href="https://…">, <a name="…">)
        for match, replacement in zip(matches, replacements or [], strict=False):
            match.replacement = replacement
    return [
        _replace(html, matches_by_type)
        for html, matches_by_type in zip(htmls, matches_per_html, strict=True)
    ]


def _replace(html: str, matches_by_type: dict[str, list[TagMatch]]) -> str:
    """The tags of ``html`` replaced, as ``TagRewriter.__call__`` replaces them."""
    matches = sorted(
        (
            match
            for matches in matches_by_type.values()
            for match in matches
            if match.replacement is not None
        ),
        key=lambda match: match.start,
    )
    parts, position = [], 0
    for match in matches:
        parts += [html[position : match.start], match.replacement]
        position = match.end
    parts.append(html[position:])
    return "".join(parts)


class ExpandedRichText(RichText):
    """A rich-text value whose front-end HTML was expanded beforehand; renders as
    Wagtail's ``RichText`` does, and keeps its source for everything else (saving,
    comparing, the search index, Doris)."""

    def __init__(self, source: str, html: str) -> None:
        super().__init__(source)
        self.html = html

    def __html__(self) -> str:
        return render_to_string("wagtailcore/shared/richtext.html", {"html": self.html})


def expand_all(values: list) -> list[ExpandedRichText]:
    """``values`` (rich-text sources or ``RichText`` values) expanded together."""
    sources = [getattr(value, "source", value) or "" for value in values]
    return [
        ExpandedRichText(source, html)
        for source, html in zip(sources, expand_db_html_many(sources), strict=True)
    ]
