"""Readable differences between two versions of a page, section by section.

Pure functions over the snapshot format of ``PageVersion.content``: the text of
each section is compared word by word, so readers see added and removed words, not
HTML.
"""

import difflib
import html
import re
from dataclasses import dataclass, field

from django.utils.html import strip_tags

_BLOCK_END = re.compile(r"</(p|li|h[1-6]|tr)>|<br\s*/?>", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def plain_text(markup: str) -> str:
    """The visible text of an HTML fragment, block ends as spaces."""
    text = strip_tags(_BLOCK_END.sub(" ", markup or ""))
    return _SPACE.sub(" ", html.unescape(text)).strip()


@dataclass(frozen=True)
class Part:
    op: str  # "equal", "insert" or "delete"
    text: str


@dataclass
class SectionDiff:
    anchor: str
    heading: str
    status: str  # "added", "removed", "changed" or "unchanged"
    parts: list[Part] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.status != "unchanged"


def word_diff(old: str, new: str) -> list[Part]:
    """Words of ``old`` and ``new`` as equal, deleted and inserted runs."""
    old_words, new_words = old.split(), new.split()
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    parts: list[Part] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(Part("equal", " ".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            parts.append(Part("delete", " ".join(old_words[a1:a2])))
        if b2 > b1:
            parts.append(Part("insert", " ".join(new_words[b1:b2])))
    return parts


def _section_text(section: dict) -> str:
    return plain_text(section.get("html", ""))


def text_diff(anchor: str, old: str, new: str) -> SectionDiff:
    """One piece of the page's head (title, summary, ingress) compared like a
    section; the reader's label for it is the template's."""
    before, after = plain_text(old), plain_text(new)
    if before == after:
        return SectionDiff(anchor, "", "unchanged", [Part("equal", after)])
    return SectionDiff(anchor, "", "changed", word_diff(before, after))


def sections_diff(old: list[dict], new: list[dict]) -> list[SectionDiff]:
    """Compare sections by anchor, in the new version's order, removed ones last."""
    old_by_anchor = {section["anchor"]: section for section in old}
    new_anchors = {section["anchor"] for section in new}
    result = []
    for section in new:
        before = old_by_anchor.get(section["anchor"])
        after_text = f"{section['heading']} {_section_text(section)}"
        if before is None:
            result.append(
                SectionDiff(
                    section["anchor"],
                    section["heading"],
                    "added",
                    [Part("insert", _section_text(section))],
                )
            )
            continue
        before_text = f"{before['heading']} {_section_text(before)}"
        if before_text == after_text:
            result.append(
                SectionDiff(
                    section["anchor"],
                    section["heading"],
                    "unchanged",
                    [Part("equal", _section_text(section))],
                )
            )
        else:
            result.append(
                SectionDiff(
                    section["anchor"],
                    section["heading"],
                    "changed",
                    word_diff(_section_text(before), _section_text(section)),
                )
            )
    for section in old:
        if section["anchor"] not in new_anchors:
            result.append(
                SectionDiff(
                    section["anchor"],
                    section["heading"],
                    "removed",
                    [Part("delete", _section_text(section))],
                )
            )
    return result


def changed_anchors(old: list[dict], new: list[dict]) -> list[str]:
    """Anchors of the sections that were added or changed (not removed ones)."""
    return [
        diff.anchor
        for diff in sections_diff(old, new)
        if diff.status in {"added", "changed"}
    ]
