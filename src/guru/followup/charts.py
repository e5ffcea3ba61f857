"""Server-rendered SVG charts: sparkline, line chart, bars and a funnel plot.

Plain strings, escaped, with a <title> for screen readers; every chart is shown
beside a data table on the page, which is the accessible version of the data.
"""

import math
from collections.abc import Sequence
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#1f5f8b", "#c0392b", "#2e8540", "#8e44ad", "#d35400", "#16a085"]


def _numbers(values: Sequence[Decimal | None]) -> list[float | None]:
    return [None if v is None else float(v) for v in values]


def _bounds(values: Sequence[float | None], extra: Sequence[float] = ()) -> tuple:
    present = [v for v in values if v is not None] + list(extra)
    if not present:
        return 0.0, 1.0
    low, high = min(present), max(present)
    if low == high:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.08
    return low - pad, high + pad


def _path(points: list[tuple[float, float] | None]) -> str:
    """An SVG path that breaks where a value is missing or withheld."""
    commands, pen_down = [], False
    for point in points:
        if point is None:
            pen_down = False
            continue
        commands.append(f"{'L' if pen_down else 'M'}{point[0]:.1f},{point[1]:.1f}")
        pen_down = True
    return " ".join(commands)


def sparkline(values: Sequence[Decimal | None], *, label: str) -> SafeString:
    """A small trend line over the tertials (gaps where values are not shown)."""
    numbers = _numbers(values)
    width, height = 90, 22
    low, high = _bounds(numbers)
    step = width / max(1, len(numbers) - 1)
    points = [
        None if v is None else (i * step, height - (v - low) / (high - low) * height)
        for i, v in enumerate(numbers)
    ]
    last = next((p for p in reversed(points) if p is not None), None)
    dot = f'<circle cx="{last[0]:.1f}" cy="{last[1]:.1f}" r="2"/>' if last else ""
    return mark_safe(  # noqa: S308 - built from numbers and escaped text only
        f'<svg class="sparkline" viewBox="-2 -2 {width + 4} {height + 4}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}">'
        f'<path d="{_path(points)}" fill="none" stroke="currentColor" '
        f'stroke-width="1.5"/>{dot}</svg>'
    )


def line_chart(
    *,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Decimal | None]]],
    title: str,
    target: Decimal | None = None,
    notes: Sequence[tuple[int, str]] = (),
) -> SafeString:
    """Values over time, one line per series, a dashed target and note markers."""
    width, height, left, bottom, top = 640, 260, 56, 36, 16
    right = 36  # room for the last tertial's label
    numbers = [(name, _numbers(values)) for name, values in series]
    extra = [float(target)] if target is not None else []
    low, high = _bounds([v for _n, vs in numbers for v in vs], extra)
    plot_w, plot_h = width - left - right, height - bottom - top
    step = plot_w / max(1, len(labels) - 1)

    def y(value: float) -> float:
        return top + plot_h - (value - low) / (high - low) * plot_h

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart-title"><title id="chart-title">{escape(title)}</title>'
    ]
    for tick in range(5):
        value = low + (high - low) * tick / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" '
            f'y2="{y(value):.1f}" class="chart__grid"/>'
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" '
            f'class="chart__tick">{_short(value)}</text>'
        )
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{left + i * step:.1f}" y="{height - 12}" text-anchor="middle" '
            f'class="chart__tick">{escape(label)}</text>'
        )
    if target is not None:
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(float(target)):.1f}" '
            f'y2="{y(float(target)):.1f}" class="chart__target"/>'
        )
    for index, (name, values) in enumerate(numbers):
        colour = PALETTE[index % len(PALETTE)]
        points = [
            None if v is None else (left + i * step, y(v)) for i, v in enumerate(values)
        ]
        parts.append(
            f'<path d="{_path(points)}" fill="none" stroke="{colour}" '
            f'stroke-width="2.5"><title>{escape(name)}</title></path>'
        )
        for point in points:
            if point:
                parts.append(
                    f'<circle cx="{point[0]:.1f}" cy="{point[1]:.1f}" r="3" '
                    f'fill="{colour}"/>'
                )
    for i, text in notes:
        x = left + i * step
        parts.append(
            f'<g class="chart__note"><line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" '
            f'y2="{top + plot_h}"/><text x="{x + 3:.1f}" y="{top + 10}">'
            f"{escape(text)}</text></g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped


def bar_chart(
    *,
    bars: Sequence[tuple[str, Decimal | None]],
    title: str,
    highlight: str | None = None,
    target: Decimal | None = None,
) -> SafeString:
    """Horizontal bars across departments; withheld or missing bars are left out."""
    row, left, width = 26, 250, 640
    height = row * len(bars) + 20
    numbers = [(label, None if v is None else float(v)) for label, v in bars]
    values = [v for _l, v in numbers if v is not None] + (
        [float(target)] if target is not None else []
    )
    high = max([0.0, *values]) or 1.0
    scale = (width - left - 60) / high
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="bars-title"><title id="bars-title">{escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(numbers):
        y = 10 + i * row
        own = label == highlight
        css = "chart__bar chart__bar--own" if own else "chart__bar"
        # the own department is told by its bold name too, not by colour alone
        tick = "chart__tick chart__tick--own" if own else "chart__tick"
        short = label if len(label) <= 36 else label[:35] + "…"
        parts.append(
            f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" '
            f'class="{tick}"><title>{escape(label)}</title>{escape(short)}</text>'
        )
        if value is not None:
            parts.append(
                f'<rect x="{left}" y="{y + 3}" width="{max(1.0, value * scale):.1f}" '
                f'height="{row - 8}" class="{css}"/>'
                f'<text x="{left + value * scale + 4:.1f}" y="{y + 15}" '
                f'class="chart__tick">{_short(value)}</text>'
            )
    if target is not None:
        x = left + float(target) * scale
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="4" y2="{height - 4}" '
            f'class="chart__target"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped


def funnel_limits(p: float, n: float, z: float) -> tuple[float, float]:
    """Spiegelhalter's control limits for a proportion ``p`` at sample size ``n``."""
    half = z * math.sqrt(p * (1 - p) / n)
    return max(0.0, p - half), min(1.0, p + half)


Z95, Z998 = 1.959964, 3.090232


def funnel_plot(
    *,
    points: Sequence[tuple[str, Decimal, Decimal]],
    title: str,
    scale: Decimal = Decimal(100),
) -> SafeString:
    """Funnel plot: proportion against denominator with 95 % and 99.8 % limits.

    ``points`` are (label, numerator, denominator). The centre line is the pooled
    proportion; a department outside the funnel differs by more than chance.
    """
    width, height, left, bottom, top = 640, 300, 56, 40, 16
    data = [(label, float(n), float(d)) for label, n, d in points if d and d > 0]
    if not data:
        return mark_safe("")
    total_n = sum(n for _l, n, _d in data)
    total_d = sum(d for _l, _n, d in data)
    centre = total_n / total_d
    max_d = max(d for _l, _n, d in data) * 1.1
    min_d = max(1.0, min(d for _l, _n, d in data) * 0.5)
    factor = float(scale)
    samples = [min_d + (max_d - min_d) * i / 60 for i in range(61)]
    limit_values = [
        limit
        for d in samples
        for z in (Z95, Z998)
        for limit in funnel_limits(centre, d, z)
    ]
    proportions = [n / d for _l, n, d in data]
    low, high = _bounds([v * factor for v in proportions + limit_values])
    plot_w, plot_h = width - left - 16, height - bottom - top

    def x(d: float) -> float:
        return left + (d - 0) / max_d * plot_w

    def y(value: float) -> float:
        return top + plot_h - (value * factor - low) / (high - low) * plot_h

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="funnel-title"><title id="funnel-title">{escape(title)}'
        "</title>"
    ]
    for tick in range(5):
        value = (low + (high - low) * tick / 4) / factor
        parts.append(
            f'<line x1="{left}" x2="{width - 16}" y1="{y(value):.1f}" '
            f'y2="{y(value):.1f}" class="chart__grid"/><text x="{left - 6}" '
            f'y="{y(value) + 4:.1f}" text-anchor="end" class="chart__tick">'
            f"{_short(value * factor)}</text>"
        )
    parts.append(
        f'<line x1="{left}" x2="{width - 16}" y1="{y(centre):.1f}" '
        f'y2="{y(centre):.1f}" class="chart__centre"/>'
    )
    for z, css in ((Z95, "chart__limit95"), (Z998, "chart__limit998")):
        for side in (0, 1):
            points_ = [(x(d), y(funnel_limits(centre, d, z)[side])) for d in samples]
            parts.append(f'<path d="{_path(points_)}" fill="none" class="{css}"/>')
    for label, n, d in data:
        parts.append(
            f'<circle cx="{x(d):.1f}" cy="{y(n / d):.1f}" r="5" class="chart__dot">'
            f"<title>{escape(label)}: {_short(n / d * factor)}</title></circle>"
            f'<text x="{x(d) + 7:.1f}" y="{y(n / d) + 4:.1f}" class="chart__tick">'
            f"{escape(label)}</text>"
        )
    parts.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 8}" text-anchor="middle" '
        'class="chart__tick">Nämnare (gruppens storlek)</text></svg>'
    )
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped


def funnel_position(numerator: Decimal, denominator: Decimal, centre: float) -> str:
    """Where a point lies: inside, outside 95 % or outside 99.8 % limits."""
    p, n = float(numerator) / float(denominator), float(denominator)
    low998, high998 = funnel_limits(centre, n, Z998)
    if not low998 <= p <= high998:
        return "utanför 99,8 %"
    low95, high95 = funnel_limits(centre, n, Z95)
    if not low95 <= p <= high95:
        return "utanför 95 %"
    return "inom gränserna"


def _short(value: float) -> str:
    text = f"{value:,.1f}" if abs(value) < 1000 else f"{value:,.0f}"
    return text.replace(",", " ").replace(".", ",")
