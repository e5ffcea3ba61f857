"""Checks on rendered HTML shared by the view tests."""

import re
from html.parser import HTMLParser

from bs4 import BeautifulSoup

REFERRING = ("aria-describedby", "aria-labelledby", "aria-controls")


def dangling_references(html: str) -> list[str]:
    """``attribute=id`` for each ARIA reference or label ``for`` naming no element.

    Django renders ``aria-describedby="id_x_error"`` (and ``_helptext``) on a
    field with errors; a template that prints the errors itself must give them
    that id, or a screen reader reads the field without its message.
    """
    soup = BeautifulSoup(html, "lxml")
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    missing = []
    for attribute in REFERRING:
        for tag in soup.find_all(attrs={attribute: True}):
            missing += [
                f"{attribute}={ref}" for ref in tag[attribute].split() if ref not in ids
            ]
    for label in soup.find_all("label", attrs={"for": True}):
        if label["for"] not in ids:
            missing.append(f"for={label['for']}")
    return missing


def unnamed_landmarks(html: str, role: str = "search") -> list[str]:
    """Landmarks of ``role`` without a name, or with a name another one has.

    A page with two search forms must tell them apart, or a screen reader's
    list of landmarks reads "search" twice.
    """
    soup = BeautifulSoup(html, "lxml")
    names = []
    for tag in soup.find_all(attrs={"role": role}):
        name = tag.get("aria-label", "")
        for ref in tag.get("aria-labelledby", "").split():
            labelled = soup.find(id=ref)
            name += labelled.get_text(" ", strip=True) if labelled else ""
        names.append(name.strip())
    return [n or "(no name)" for n in names if not n or names.count(n) > 1]


def buttons_shadowing_fields(html: str) -> list[str]:
    """Names of submit buttons that a field of the same form also has.

    A browser sends the clicked button's name and value after the fields, and
    Django reads the last value of a name: the button's, usually empty, wins.
    """
    soup = BeautifulSoup(html, "lxml")
    shadowing = []
    for form in soup.find_all("form"):
        fields = {
            tag["name"]
            for tag in form.find_all(
                ["input", "textarea", "select"], attrs={"name": True}
            )
            if tag.get("type") not in {"submit", "button", "image"}
        }
        shadowing += [
            button["name"]
            for button in form.find_all(["button", "input"], attrs={"name": True})
            if (button.name == "button" or button.get("type") in {"submit", "image"})
            and button["name"] in fields
        ]
    return shadowing


# Input types in which Enter submits the form (HTML's "implicit submission").
_NOT_ONE_LINE = frozenset(
    ["hidden", "checkbox", "radio", "submit", "button", "image", "reset", "file"]
)


def enter_picks_an_answer(html: str) -> list[str]:
    """``name=value`` of the answer Enter in a one-line field would send.

    Enter in a text input clicks the form's first submit button. When the
    buttons are answers (one name, different values: Ja/Nej), the first one's
    is sent as if the user had chosen it.
    """
    picked = []
    for buttons in _buttons_enter_can_click(html):
        answers = {button.get("value") for button in buttons if button.get("name")}
        if buttons[0].get("name") and len(answers) > 1:
            picked.append(f"{buttons[0]['name']}={buttons[0].get('value', '')}")
    return picked


def enter_runs_a_secondary_action(html: str) -> list[str]:
    """Text of a secondary button that Enter in a one-line field would click.

    When the first submit button is styled as the secondary action
    ("Förhandsgranska") and the main one ("Spara") follows, a user who presses
    Enter in a field does not get what they meant.
    """
    picked = []
    for buttons in _buttons_enter_can_click(html):
        secondary = [
            any("secondary" in name for name in button.get("class", []))
            for button in buttons
        ]
        if secondary[0] and not all(secondary):
            picked.append(buttons[0].get_text(strip=True))
    return picked


def _buttons_enter_can_click(html: str):
    """The submit buttons of each form with a one-line field, in order.

    Enter in such a field clicks the form's first submit button (HTML's
    "implicit submission").
    """
    for form in BeautifulSoup(html, "lxml").find_all("form"):
        one_line = any(
            tag.get("type", "text").lower() not in _NOT_ONE_LINE
            for tag in form.find_all("input")
        )
        buttons = [
            tag
            for tag in form.find_all(["button", "input"])
            if (tag.name == "button" and tag.get("type", "submit") == "submit")
            or tag.get("type") in {"submit", "image"}
        ]
        if one_line and buttons:
            yield buttons


def empty_column_headers(html: str) -> list[str]:
    """Column headers (``th``) with no text, not even for screen readers."""
    soup = BeautifulSoup(html, "lxml")
    return [str(th)[:80] for th in soup.find_all("th") if not th.get_text(strip=True)]


# Tags that end an open ``<p>`` (HTML's "close a p element" rule): a browser closes
# the paragraph before them, so what the template put inside it ends up after it.
_CLOSES_P = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "dialog",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
    ]
)


class _ParagraphNesting(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open_p = 0
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _CLOSES_P and self.open_p:
            self.found.append(f"<{tag}> inside <p> at line {self.getpos()[0]}")
            self.open_p = 0
        if tag == "p":
            self.open_p += 1

    def handle_endtag(self, tag):
        if tag == "p" and self.open_p:
            self.open_p -= 1


def blocks_inside_paragraphs(html: str) -> list[str]:
    """Block elements written inside a ``<p>``, which browsers move out of it."""
    checker = _ParagraphNesting()
    checker.feed(html)
    return checker.found


# HTML's machine-readable dates: a date, or a local date and time with at most
# three digits of a second's fraction and an optional offset ("Z", "+0100", "+01:00").
_MACHINE_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}"
    r"([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?"
)


def invalid_machine_dates(html: str) -> list[str]:
    """``<time datetime>`` values that are not valid HTML dates or date-times."""
    soup = BeautifulSoup(html, "lxml")
    return [
        tag["datetime"]
        for tag in soup.find_all("time", attrs={"datetime": True})
        if not _MACHINE_DATE.fullmatch(tag["datetime"])
    ]


def duplicate_ids(html: str) -> list[str]:
    """Ids used more than once: a label ``for`` one of them names the first."""
    soup = BeautifulSoup(html, "lxml")
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    return sorted({i for i in ids if ids.count(i) > 1})


def _accessible_name(tag) -> str:
    return (tag.get("aria-label") or tag.get_text(" ", strip=True)).strip()


def _target(tag) -> str:
    """Where a link leads, or what a button posts: its form's action and value."""
    if tag.name == "a":
        return tag.get("href", "")
    form = tag.find_parent("form")
    action = form.get("action", "") if form else ""
    return f"{action} {tag.get('name', '')}={tag.get('value', '')}"


def action_names(html: str) -> list[str]:
    """The accessible names of the page's links and buttons, in order."""
    soup = BeautifulSoup(html, "lxml")
    return [_accessible_name(tag) for tag in soup.find_all(["a", "button"])]


def actions_named_alike(html: str) -> list[str]:
    """Names shared by links or buttons that act on different things.

    A screen reader's list of links and buttons reads each by its name alone: a
    "Ta bort" on every row must say which row it removes.
    """
    soup = BeautifulSoup(html, "lxml")
    targets: dict[str, set[str]] = {}
    for tag in soup.find_all(["a", "button"]):
        targets.setdefault(_accessible_name(tag), set()).add(_target(tag))
    return sorted(name for name, found in targets.items() if len(found) > 1)
