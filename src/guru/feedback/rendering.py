"""The small Markdown subset of comments, rendered to HTML that is safe to show.

markdown-it-py runs with raw HTML switched off and only paragraphs, lists, links,
emphasis and line breaks enabled; nh3 (ammonia) then keeps only those tags and
safe link schemes. Either step alone would stop the usual payloads; both together
mean that a mistake in one does not open a hole.
"""

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "ul", "ol", "li", "a", "strong", "em", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}

_markdown = MarkdownIt(
    "zero", {"html": False, "linkify": False, "breaks": True}
).enable(["list", "link", "emphasis", "newline", "autolink"])


def render_comment(text: str) -> str:
    """HTML for a comment written in the Markdown subset; always sanitised."""
    html = _markdown.render(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )
