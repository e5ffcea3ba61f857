"""From Guru's published guidance pages to Doris's sections (plain data).

A section's id is ``<page id>#<anchor>``; a curated answer is its own section
``<page id>#<anchor>~<answer id>`` that cites the same anchor, so Doris answers
with the editor's text and still links to the section it rests on.
"""

import html
import re
from itertools import pairwise

from django.utils.html import strip_tags

from doris import Section
from doris.section import lead_text
from guru.handbook.models import GuidancePage

from .models import CuratedAnswer, Variant

_BLOCK_END = re.compile(r"</(p|li|h\d|blockquote|tr)>", re.IGNORECASE)
INTRO_ANCHOR = ""
_SENTENCE_END = ".!?:;…,–-"
_HEADING_END = "\x00"


def rich_text_plain(source: str) -> str:
    """Rich text (HTML) as plain text: one sentence break per block."""
    # Line breaks inside the HTML are not breaks in the text; block ends are.
    # A heading's end is marked, to tell it from a paragraph once tags are gone.
    text = _BLOCK_END.sub(
        lambda m: m.group(0) + (_HEADING_END if m.group(1)[0] in "hH" else "") + "\n",
        " ".join((source or "").split()),
    )
    text = html.unescape(strip_tags(text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line.strip(_HEADING_END)]
    # A block without closing punctuation (a heading, a list item) is still a
    # sentence of its own for Doris's short answers, unless the writer let it
    # run on: a comma or dash at its end, or a next block that starts in lower
    # case ("… bland annat om" followed by "- stödet har lämnats …"). A heading
    # inside a section leads into the text under it ("Förlängd frist: Handläggaren
    # får …"), so that an answer never ends with it as a sentence of its own.
    out = []
    for line, following in pairwise([*lines, ""]):
        heading = line.endswith(_HEADING_END)
        line = line.removesuffix(_HEADING_END).rstrip()
        if line[-1] in _SENTENCE_END or following[:1].islower():
            out.append(line)
        else:
            out.append(f"{line}:" if heading and following else f"{line}.")
    return "\n".join(out)


def page_id_of(section_id: str) -> int:
    return int(section_id.split("#", 1)[0])


def sections_for_page(page: GuidancePage) -> list[Section]:
    """The sections Doris indexes for one live guidance page (none if not live)."""
    if not page.live:
        return []
    variants: dict[str, list[str]] = {}
    for variant in Variant.objects.active().filter(page_id=page.pk):
        variants.setdefault(variant.anchor, []).append(variant.text)
    title = page.title
    out = []
    intro = rich_text_plain(str(getattr(page.intro, "source", page.intro) or ""))
    lead = lead_text(page.summary or "", intro)
    if lead:
        out.append(
            Section(
                f"{page.pk}#{INTRO_ANCHOR}",
                title=title,
                body=lead,
                questions=tuple(variants.get(INTRO_ANCHOR, ())),
                page=str(page.pk),
                anchor=INTRO_ANCHOR,
            )
        )
    headings = {INTRO_ANCHOR: ""}
    for section in page.sections:
        anchor = section["anchor"]
        headings[anchor] = section["heading"]
        out.append(
            Section(
                f"{page.pk}#{anchor}",
                title=title,
                heading=section["heading"],
                body=rich_text_plain(section["body"].source),
                questions=tuple(variants.get(anchor, ())),
                page=str(page.pk),
                anchor=anchor,
            )
        )
    for curated in CuratedAnswer.objects.active().filter(page_id=page.pk):
        if curated.anchor not in headings:
            continue  # the section is gone; the answer must not cite it
        out.append(
            Section(
                f"{page.pk}#{curated.anchor}~{curated.pk}",
                title=title,
                heading=headings[curated.anchor],
                body=curated.text,
                questions=(curated.question_text,),
                page=str(page.pk),
                anchor=curated.anchor,
                meta={"curated": curated.pk},
            )
        )
    return out


def all_sections() -> list[Section]:
    """Every section of every live guidance page."""
    out: list[Section] = []
    for page in GuidancePage.objects.live().order_by("path"):
        out.extend(sections_for_page(page))
    return out
