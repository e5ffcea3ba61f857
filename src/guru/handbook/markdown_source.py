"""Reading the handbook's Markdown format (docs/handbook-format.md) into plain data.

No database here: this module reads and checks a folder and reports every problem
with file and line. ``services.handbook_import`` resolves owners and links and writes
the pages.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

import yaml
from django.utils.text import slugify
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt
from markdown_it.token import Token

AREA_FILE = "_area.md"
PAGE_KEYS = {
    "title",
    "summary",
    "owner_unit",
    "owner",
    "last_reviewed",
    "review_due",
    "related",
    "attachments",
}
PAGE_REQUIRED_KEYS = ["title", "owner_unit", "owner", "last_reviewed", "review_due"]
AREA_KEYS = {"title", "order"}
SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
EXPLICIT_ANCHOR = re.compile(r"^(?P<heading>.*?)\s*\{#(?P<anchor>[^}\s]*)\}\s*$")
SUMMARY_MAX_LENGTH = 400


@dataclass(frozen=True, order=True)
class SourceProblem:
    """Something wrong in a source file, with the line where it is (1-based)."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path}, rad {self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class HandbookSourceError(Exception):
    """The folder cannot be imported; ``problems`` lists every reason found."""

    def __init__(self, problems: list[SourceProblem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class LinkTarget:
    """Where a link in the Markdown points, after classification."""

    kind: str  # "page", "attachment", "anchor" or "external"
    value: str  # "area/slug", a file name, an anchor or a URL
    anchor: str = ""
    line: int = 0


@dataclass
class SectionSource:
    heading: str
    anchor: str
    line: int
    tokens: list[Token]


@dataclass
class PageSource:
    """A guidance page as read from its file."""

    path: str
    area: str
    slug: str
    title: str
    summary: str
    owner_unit: str
    owner: str
    last_reviewed: datetime.date
    review_due: datetime.date
    related: list[tuple[str, int]]
    attachments: list[tuple[str, int]]
    intro_tokens: list[Token]
    sections: list[SectionSource]
    key_lines: dict[str, int]
    links: list[LinkTarget] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.area}/{self.slug}"


@dataclass
class AreaSource:
    path: str
    slug: str
    title: str
    order: int
    intro_tokens: list[Token]


@dataclass
class HandbookSource:
    root: Path
    areas: list[AreaSource]
    pages: list[PageSource]


def markdown_parser() -> MarkdownIt:
    """CommonMark without raw HTML (it is shown as text), with tables recognised."""
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def read_handbook(root: Path) -> HandbookSource:
    """Read and check a handbook folder; raise HandbookSourceError listing all problems."""
    root = Path(root)
    if not root.is_dir():
        raise HandbookSourceError(
            [SourceProblem(str(root), 0, _("Mappen finns inte."))]
        )
    reader = _Reader(root)
    source = reader.read()
    reader.check_references(source)
    if reader.problems:
        raise HandbookSourceError(reader.problems)
    return source


def classify_href(href: str, page_key: str) -> LinkTarget:
    """Tell what a Markdown link points at, relative to the page ``area/slug``."""
    if re.match(r"^(https?:|mailto:)", href, re.IGNORECASE):
        return LinkTarget("external", href)
    if href.startswith("#"):
        return LinkTarget("anchor", href[1:])
    target, _sep, anchor = unquote(href).partition("#")
    resolved = PurePosixPath(page_key).parent / target
    parts: list[str] = []
    for part in resolved.parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    if target.endswith(".md"):
        return LinkTarget("page", "/".join(parts)[: -len(".md")], anchor)
    if len(parts) == 2 and parts[0] == PurePosixPath(page_key).parts[0]:
        return LinkTarget("attachment", parts[1])
    return LinkTarget("unknown", href)


def render_html(
    tokens: list[Token], link_attrs: Callable[[LinkTarget], dict[str, str]]
) -> str:
    """Render tokens to Wagtail's rich-text HTML; ``link_attrs`` maps links to attributes."""
    md = markdown_parser()
    md.add_render_rule("strong_open", lambda *args: "<b>")
    md.add_render_rule("strong_close", lambda *args: "</b>")
    md.add_render_rule("em_open", lambda *args: "<i>")
    md.add_render_rule("em_close", lambda *args: "</i>")
    for token in _walk(tokens):
        if token.type == "link_open":
            target = token.meta["target"]
            token.attrs = link_attrs(target)
    return md.renderer.render(tokens, md.options, {}).strip()


def _walk(tokens: list[Token]):
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


class _Reader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[SourceProblem] = []
        self.md = markdown_parser()

    def problem(self, path: Path | str, line: int, message: str) -> None:
        name = str(path.relative_to(self.root)) if isinstance(path, Path) else path
        self.problems.append(SourceProblem(name, line, message))

    def read(self) -> HandbookSource:
        areas: list[AreaSource] = []
        pages: list[PageSource] = []
        for stray in sorted(self.root.glob("*.md")):
            self.problem(
                stray,
                0,
                _("Filen ligger direkt i mappen; lägg den i ett processområde."),
            )
        for folder in sorted(p for p in self.root.iterdir() if p.is_dir()):
            if folder.name.startswith("."):
                continue
            if not SLUG_PATTERN.match(folder.name):
                self.problem(
                    folder, 0, _("Mappnamnet får bara innehålla a–z, 0–9 och -.")
                )
                continue
            area_file = folder / AREA_FILE
            if not area_file.is_file():
                self.problem(folder, 0, _("Processområdet saknar filen _area.md."))
            else:
                area = self.read_area(area_file)
                if area:
                    areas.append(area)
            for file in sorted(folder.glob("*.md")):
                if file.name != AREA_FILE:
                    page = self.read_page(file)
                    if page:
                        pages.append(page)
        if not areas and not self.problems:
            self.problem(self.root, 0, _("Mappen innehåller inga processområden."))
        return HandbookSource(self.root, areas, pages)

    def split(
        self, file: Path
    ) -> tuple[dict[str, Any], dict[str, int], str, int] | None:
        """Front matter (values and key lines) and body (with its first line)."""
        try:
            text = file.read_bytes().decode("utf-8")
        except UnicodeDecodeError as error:
            line = file.read_bytes()[: error.start].count(b"\n") + 1
            self.problem(file, line, _("Filen är inte sparad som UTF-8."))
            return None
        lines = text.splitlines()
        if not lines or lines[0].strip() != "---":
            self.problem(
                file, 1, _("Filen måste börja med framsidesdata mellan två rader ---.")
            )
            return None
        try:
            end = next(
                i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"
            )
        except StopIteration:
            self.problem(file, 1, _("Framsidesdatan avslutas inte med en rad ---."))
            return None
        front = "\n".join(lines[1:end])
        try:
            node = yaml.compose(front, Loader=yaml.SafeLoader)
            values = yaml.safe_load(front) or {}
        except yaml.YAMLError as error:
            # context_mark is where the broken construct began (e.g. an unclosed
            # bracket); problem_mark is where the parser gave up.
            mark = getattr(error, "context_mark", None) or getattr(
                error, "problem_mark", None
            )
            line = mark.line + 2 if mark else 1
            reason = getattr(error, "problem", None) or str(error)
            self.problem(
                file, line, _("Framsidesdatan är inte giltig YAML (%s).") % reason
            )
            return None
        if not isinstance(values, dict) or not isinstance(node, yaml.MappingNode):
            self.problem(
                file, 2, _("Framsidesdatan måste bestå av rader nyckel: värde.")
            )
            return None
        key_lines = {key.value: key.start_mark.line + 2 for key, _value in node.value}
        # List items get their own line, e.g. "attachments.1" for the second item.
        for key, value in node.value:
            if isinstance(value, yaml.SequenceNode):
                for number, item in enumerate(value.value):
                    key_lines[f"{key.value}.{number}"] = item.start_mark.line + 2
        return values, key_lines, "\n".join(lines[end + 1 :]), end + 2

    def check_keys(
        self, file: Path, values: dict, key_lines: dict, allowed: set[str]
    ) -> None:
        for key in values:
            if key not in allowed:
                self.problem(
                    file,
                    key_lines.get(key, 1),
                    _("Okänt fält %(key)s. Tillåtna fält: %(allowed)s.")
                    % {"key": key, "allowed": ", ".join(sorted(allowed))},
                )

    def text(
        self, file: Path, values: dict, key_lines: dict, key: str, limit: int
    ) -> str:
        value = values.get(key)
        if value is None:
            return ""
        if not isinstance(value, str | int | float):
            self.problem(file, key_lines[key], _("%s måste vara en text.") % key)
            return ""
        value = str(value).strip()
        if len(value) > limit:
            self.problem(
                file,
                key_lines[key],
                _("%(key)s får vara högst %(limit)d tecken (nu %(length)d).")
                % {"key": key, "limit": limit, "length": len(value)},
            )
        return value

    def date(
        self, file: Path, values: dict, key_lines: dict, key: str
    ) -> datetime.date | None:
        value = values.get(key)
        if isinstance(value, datetime.date) and not isinstance(
            value, datetime.datetime
        ):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            self.problem(
                file,
                key_lines.get(key, 1),
                _("%(key)s måste vara ett datum som ÅÅÅÅ-MM-DD, inte %(value)r.")
                % {"key": key, "value": value},
            )
            return None

    def list_of_text(
        self, file: Path, values: dict, key_lines: dict, key: str
    ) -> list[tuple[str, int]]:
        value = values.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(
                file, key_lines[key], _("%s måste vara en lista med texter.") % key
            )
            return []
        return [
            (item.strip(), key_lines.get(f"{key}.{number}", key_lines[key]))
            for number, item in enumerate(value)
        ]

    def read_area(self, file: Path) -> AreaSource | None:
        parts = self.split(file)
        if parts is None:
            return None
        values, key_lines, body, body_line = parts
        self.check_keys(file, values, key_lines, AREA_KEYS)
        title = self.text(file, values, key_lines, "title", 255)
        if not title:
            self.problem(file, 0, _("Obligatoriskt fält saknas: title."))
        order = values.get("order", 100)
        if not isinstance(order, int) or order < 0:
            self.problem(
                file, key_lines.get("order", 1), _("order måste vara ett heltal.")
            )
            order = 100
        tokens = self.parse_body(file, body, body_line, page_key=None)
        return AreaSource(
            str(file.relative_to(self.root)), file.parent.name, title, order, tokens
        )

    def read_page(self, file: Path) -> PageSource | None:
        slug = file.stem
        if not SLUG_PATTERN.match(slug):
            self.problem(file, 0, _("Filnamnet får bara innehålla a–z, 0–9 och -."))
            return None
        parts = self.split(file)
        if parts is None:
            return None
        values, key_lines, body, body_line = parts
        self.check_keys(file, values, key_lines, PAGE_KEYS)
        missing = [key for key in PAGE_REQUIRED_KEYS if values.get(key) in (None, "")]
        for key in missing:
            self.problem(file, 0, _("Obligatoriskt fält saknas: %s.") % key)
        if missing:
            return None
        last_reviewed = self.date(file, values, key_lines, "last_reviewed")
        review_due = self.date(file, values, key_lines, "review_due")
        if last_reviewed and review_due and review_due <= last_reviewed:
            self.problem(
                file,
                key_lines["review_due"],
                _("review_due måste vara senare än last_reviewed."),
            )
        page_key = f"{file.parent.name}/{slug}"
        links: list[LinkTarget] = []
        tokens = self.parse_body(file, body, body_line, page_key=page_key, links=links)
        intro, sections = self.split_sections(file, tokens, body_line)
        page = PageSource(
            path=str(file.relative_to(self.root)),
            area=file.parent.name,
            slug=slug,
            title=self.text(file, values, key_lines, "title", 255),
            summary=self.text(file, values, key_lines, "summary", SUMMARY_MAX_LENGTH),
            owner_unit=self.text(file, values, key_lines, "owner_unit", 20),
            owner=self.text(file, values, key_lines, "owner", 150),
            last_reviewed=last_reviewed or datetime.date.min,
            review_due=review_due or datetime.date.min,
            related=self.list_of_text(file, values, key_lines, "related"),
            attachments=self.list_of_text(file, values, key_lines, "attachments"),
            intro_tokens=intro,
            sections=sections,
            key_lines=key_lines,
            links=links,
        )
        return page

    def parse_body(
        self,
        file: Path,
        body: str,
        body_line: int,
        *,
        page_key: str | None,
        links: list[LinkTarget] | None = None,
    ) -> list[Token]:
        tokens = self.md.parse(body)
        block_line = body_line
        for token in _walk(tokens):
            if token.map:
                block_line = body_line + token.map[0]
            unsupported = {
                "table_open": _("Tabeller stöds inte; skriv om som lista."),
                "fence": _("Kodblock stöds inte."),
                "code_block": _("Indragen text tolkas som kodblock, som inte stöds."),
                "image": _("Bilder stöds inte; lägg filen som bilaga."),
            }
            if token.type in unsupported:
                self.problem(file, block_line, unsupported[token.type])
            elif token.type == "heading_open" and token.tag in {"h1", "h5", "h6"}:
                self.problem(
                    file,
                    block_line,
                    _(
                        "Rubriknivån %s stöds inte; använd ## för avsnitt och ### för underrubriker."
                    )
                    % ("#" * int(token.tag[1])),
                )
            elif token.type == "link_open":
                href = token.attrGet("href") or ""
                target = (
                    classify_href(href, page_key)
                    if page_key
                    else LinkTarget(
                        "external" if href.startswith("http") else "unknown", href
                    )
                )
                target = LinkTarget(
                    target.kind, target.value, target.anchor, block_line
                )
                token.meta["target"] = target
                if target.kind == "unknown":
                    self.problem(
                        file, block_line, _("Länken %s går inte att tolka.") % href
                    )
                elif links is not None:
                    links.append(target)
        return tokens

    def split_sections(
        self, file: Path, tokens: list[Token], body_line: int
    ) -> tuple[list[Token], list[SectionSource]]:
        intro: list[Token] = []
        sections: list[SectionSource] = []
        anchors: dict[str, int] = {}
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.type == "heading_open" and token.tag == "h2":
                line = body_line + (token.map[0] if token.map else 0)
                heading_text = tokens[index + 1].content.strip()
                match = EXPLICIT_ANCHOR.match(heading_text)
                if match:
                    heading, anchor = match["heading"].strip(), match["anchor"]
                    if not SLUG_PATTERN.match(anchor):
                        self.problem(
                            file,
                            line,
                            _("Ankaret %s får bara innehålla a–z, 0–9 och -.") % anchor,
                        )
                else:
                    heading, anchor = heading_text, slugify(heading_text)[:70]
                if anchor in anchors:
                    self.problem(
                        file,
                        line,
                        _(
                            "Ankaret %(anchor)s används redan av avsnittet på rad %(line)d."
                        )
                        % {"anchor": anchor, "line": anchors[anchor]},
                    )
                anchors[anchor] = line
                sections.append(SectionSource(heading, anchor, line, []))
                index += 3  # heading_open, inline, heading_close
                continue
            (sections[-1].tokens if sections else intro).append(token)
            index += 1
        for section in sections:
            if not section.tokens:
                self.problem(
                    file, section.line, _("Avsnittet %s saknar text.") % section.heading
                )
        return intro, sections

    def check_references(self, source: HandbookSource) -> None:
        """Check links, related pages and attachments that point inside the folder."""
        anchors = {page.key: {s.anchor for s in page.sections} for page in source.pages}
        for page in source.pages:
            for key, line in page.related:
                if key not in anchors:
                    self.problem(
                        page.path,
                        line,
                        _("Relaterad sida %s finns inte i mappen.") % key,
                    )
            folder = self.root / page.area
            for name, line in page.attachments:
                if not (folder / name).is_file():
                    self.problem(
                        page.path,
                        line,
                        _("Bilagan %s finns inte bredvid filen.") % name,
                    )
            attachment_names = {name for name, _line in page.attachments}
            for link in page.links:
                if link.kind == "page" and link.value not in anchors:
                    self.problem(
                        page.path,
                        link.line,
                        _("Länken pekar på %s.md som inte finns.") % link.value,
                    )
                elif (
                    link.kind == "page"
                    and link.anchor
                    and link.anchor not in anchors[link.value]
                ):
                    self.problem(
                        page.path,
                        link.line,
                        _(
                            "Länken pekar på avsnittet #%(anchor)s som inte finns på %(page)s."
                        )
                        % {"anchor": link.anchor, "page": link.value},
                    )
                elif link.kind == "anchor" and link.value not in anchors[page.key]:
                    self.problem(
                        page.path,
                        link.line,
                        _("Avsnittet #%s finns inte på sidan.") % link.value,
                    )
                elif link.kind == "attachment" and link.value not in attachment_names:
                    self.problem(
                        page.path,
                        link.line,
                        _("Länken pekar på %s, som inte står under attachments.")
                        % link.value,
                    )
