"""Rich-text page links that can point at a section: <a linktype="page" id="7" anchor="x">."""

from django.utils.html import escape
from wagtail.rich_text.pages import PageLinkHandler

from .blocks import anchor_validator


class SectionPageLinkHandler(PageLinkHandler):
    """Wagtail's page link, plus an optional section anchor that survives page moves."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        tags = []
        for attrs, page in zip(attrs_list, cls.get_many(attrs_list), strict=True):
            if page is None:
                tags.append("<a>")
                continue
            url = page.localized.url
            anchor = attrs.get("anchor", "")
            try:
                anchor_validator(anchor)
            except Exception:
                anchor = ""
            tags.append(f'<a href="{escape(url)}{"#" + anchor if anchor else ""}">')
        return tags
