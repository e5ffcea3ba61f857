"""Non-text contrast (WCAG 2.1 1.4.11): the graphics needed to read a chart or a
report and the boundaries and focus rings needed to use a control stand out
3:1 from the colour next to them.

axe checks the contrast of text only. These tests read the colours from the
stylesheets themselves (and the line charts' palette), with WCAG's relative
luminance formula, so a later change of colour cannot quietly fall below 3:1.
Light grid lines, card and table borders are left out: they only decorate, and
every value they would help to read is written out beside them.
"""

import re
from pathlib import Path

import pytest

from guru.followup.charts import PALETTE

SRC = Path(__file__).resolve().parents[2] / "src" / "guru"
STYLESHEETS = {
    "guru": SRC / "static" / "guru" / "guru.css",
    "followup": SRC / "followup" / "static" / "followup" / "followup.css",
    "feedback": SRC / "feedback" / "static" / "feedback" / "feedback.css",
    "assistant": SRC / "assistant" / "static" / "assistant" / "assistant.css",
}
MINIMUM = 3.0
WHITE = "#ffffff"


def contrast(first: str, second: str) -> float:
    """WCAG 2.1's contrast ratio of two #rrggbb colours, 1 to 21."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [
            c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
            for c in channels
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _declarations(path: Path) -> dict[str, dict[str, str]]:
    """Each selector's declarations, later rules over earlier ones; the rules
    inside @media blocks count too (no selector below is in one)."""
    css = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    rules: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = {
            name.strip(): value.strip()
            for name, _, value in (
                part.partition(":") for part in body.split(";") if ":" in part
            )
        }
        for selector in selectors.split(","):
            rules.setdefault(" ".join(selector.split()), {}).update(declarations)
    return rules


RULES = {name: _declarations(path) for name, path in STYLESHEETS.items()}
VARIABLES = RULES["guru"][":root"]


def colour(sheet: str, selector: str, prop: str) -> str:
    """The colour in ``selector``'s ``prop`` (a shorthand such as outline or
    box-shadow too), with var(--…) resolved and #rgb written out."""
    value = RULES[sheet][selector][prop]
    value = re.sub(r"var\((--[\w-]+)\)", lambda m: VARIABLES[m.group(1)], value)
    found = re.search(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b", value)
    assert found, f"no #hex colour in {sheet}.css {selector} {{ {prop}: {value} }}"
    digits = found.group(1).lower()
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return "#" + digits


OWN_CELL = colour("followup", ".report-table .own", "background")
BRAND = colour("guru", ".site-header", "background")

PRESSED = '.feedback button[aria-pressed="true"]'

# (stylesheet, selector, property, what it marks, the colours it is drawn on)
GRAPHICS = [
    ("followup", ".chart__bar", "fill", "a bar in the bar chart", [WHITE]),
    ("followup", ".chart__bar--own", "fill", "the reader's own bar", [WHITE]),
    ("followup", ".chart__dot", "fill", "a department in the funnel plot", [WHITE]),
    ("followup", ".chart__target", "stroke", "the target line", [WHITE]),
    ("followup", ".chart__centre", "stroke", "the funnel's centre line", [WHITE]),
    ("followup", ".chart__limit95", "stroke", "the 95 % limit", [WHITE]),
    ("followup", ".chart__limit998", "stroke", "the 99.8 % limit", [WHITE]),
    ("followup", ".chart__note line", "stroke", "a note on the time axis", [WHITE]),
    ("followup", ".sparkline", "color", "a trend line", [WHITE]),
    ("followup", ".cell--gron", "box-shadow", "a green cell", [WHITE, OWN_CELL]),
    ("followup", ".cell--gul", "box-shadow", "a yellow cell", [WHITE, OWN_CELL]),
    ("followup", ".cell--rod", "box-shadow", "a red cell", [WHITE, OWN_CELL]),
    ("followup", ".report-table .own", "outline", "the own department", [WHITE]),
    ("guru", "textarea", "border", "a text field's edge", [WHITE]),
    ("guru", "select", "border", "a drop-down's edge", [WHITE]),
    ("guru", ".field--error input", "border-color", "a field in error", [WHITE]),
    ("guru", "button", "border", "a button's edge", [WHITE]),
    ("guru", ".button--secondary", "border", "a secondary button's edge", [WHITE]),
    ("guru", ".site-search input", "border", "the search field", [BRAND]),
    ("guru", ".site-nav a:hover", "border-bottom-color", "current menu item", [BRAND]),
    ("feedback", PRESSED, "outline", "a pressed vote", [WHITE]),
    ("assistant", ".doris-panel", "border", "the Doris panel's edge", [WHITE]),
]


@pytest.mark.parametrize(
    ("sheet", "selector", "prop", "backgrounds"),
    [(sheet, sel, prop, bgs) for sheet, sel, prop, _what, bgs in GRAPHICS],
    ids=[what for *_rest, what, _bgs in GRAPHICS],
)
def test_graphics_and_control_edges_stand_out_3_to_1(
    sheet, selector, prop, backgrounds
):
    drawn = colour(sheet, selector, prop)
    for background in backgrounds:
        ratio = contrast(drawn, background)
        assert ratio >= MINIMUM, (
            f"{sheet}.css {selector} {prop} {drawn} on {background}: {ratio:.2f}:1"
        )


@pytest.mark.parametrize("series", PALETTE)
def test_line_chart_series_stand_out_3_to_1(series):
    assert contrast(series, WHITE) >= MINIMUM, series


@pytest.mark.parametrize(
    ("sheet", "selector"),
    [
        ("guru", ":focus-visible"),
        ("guru", 'input[type="date"]:focus-within'),
        ("assistant", ".doris-panel__toggle:focus-visible"),
    ],
)
@pytest.mark.parametrize(
    "background",
    [WHITE, colour("guru", ":root", "--surface"), BRAND, OWN_CELL],
    ids=["page", "surface", "header", "own-cell"],
)
def test_the_focus_ring_stands_out_3_to_1_wherever_it_is_drawn(
    sheet, selector, background
):
    """The ring is two colours, light outline and dark shadow: on any of Guru's
    backgrounds one of them stands out."""
    rule = RULES[sheet][selector]
    outline = colour(sheet, selector, "outline")
    shadow = (
        colour(sheet, selector, "box-shadow")
        if "box-shadow" in rule
        else colour("guru", ":focus-visible", "box-shadow")
    )
    best = max(contrast(outline, background), contrast(shadow, background))
    assert best >= MINIMUM, (sheet, selector, background, best)


def test_contrast_formula():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
