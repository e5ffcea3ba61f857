"""The unit Doris indexes and cites: one section of a page."""

from __future__ import annotations

from dataclasses import dataclass, field

FIELDS = ("title", "heading", "body", "questions")


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
