"""Markdown of news articles to sanitised HTML (headings, quotes, lists, links)."""

import nh3
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False})

ALLOWED_TAGS = {
    "h2",
    "h3",
    "p",
    "blockquote",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "br",
}


def render_news(text: str) -> str:
    """HTML for a news body; raw HTML in the text is shown as text, never run."""
    html = _markdown.render(text or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer",
    )
