"""The unit Doris indexes and cites: one section of a page."""

from __future__ import annotations

from dataclasses import dataclass, field

FIELDS = ("title", "heading", "body", "questions")


def lead_text(summary: str, intro: str) -> str:
    """What Doris indexes for a page's lead (the text before its first heading).

    A page's summary is a digest of the sections below it. Indexed with the
    lead, it made the lead compete with the section that states each rule in
    full (and win, since the lead also carries every word of the digest), so
    it stands in only for a page that has no introduction.
    """
    return intro.strip() or summary.strip()


@dataclass(frozen=True)
class Section:
    """One answerable unit: a section of a page, with its citation data.

    ``page`` identifies the page (e.g. its URL or id), ``anchor`` the section
    inside it. ``questions`` are editor-curated question variants.
    """

    id: str
    title: str = ""
    heading: str = ""
    body: str = ""
    questions: tuple[str, ...] = ()
    page: str = ""
    anchor: str = ""
    meta: dict = field(default_factory=dict)

    def field_text(self, name: str) -> str:
        if name == "questions":
            return "\n".join(self.questions)
        return getattr(self, name)
