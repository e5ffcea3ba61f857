"""Which cells of a protected key figure are withheld ("..") for privacy.

Pure Python. A cell is a (row, column) pair, e.g. ("K", "FÖR") for the women of a
department or ("T", AGENCY) for the agency total. Primary suppression hides every
group of ten or fewer employees. Complementary suppression then makes sure no
hidden cell can be worked out by subtraction: in every additive line (the parts
and their total, e.g. women + men = total, or departments = agency) either no
cell is hidden or at least two are. Groups with nobody in them are known to be
empty, so they cannot hide anything and do not count.

Changes between periods are only shown when both ends are shown (see
``safe_difference``), so a difference cannot reveal a hidden cell either.
"""

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

THRESHOLD = 10
AGENCY = "__agency__"
GENDER_PARTS = ("K", "M")
TOTAL = "T"

Cell = tuple[Hashable, Hashable]


@dataclass(frozen=True)
class Line:
    """Parts that add up to a total (both as cells)."""

    parts: tuple[Cell, ...]
    total: Cell


def grid_lines(*, columns: Sequence[Hashable], by_gender: bool) -> list[Line]:
    """The additive lines of a report grid: columns add up to the agency; with a
    gender split, women and men also add up to the total in every column."""
    rows = (*GENDER_PARTS, TOTAL) if by_gender else (TOTAL,)
    lines = [
        Line(parts=tuple((row, column) for column in columns), total=(row, AGENCY))
        for row in rows
    ]
    if by_gender:
        for column in (*columns, AGENCY):
            lines.append(
                Line(
                    parts=tuple((row, column) for row in GENDER_PARTS),
                    total=(TOTAL, column),
                )
            )
    return lines


def suppressed_cells(
    *,
    headcounts: dict[Cell, int],
    lines: Iterable[Line],
    threshold: int = THRESHOLD,
) -> set[Cell]:
    """Every cell to withhold: primary (1..threshold people), then complementary."""
    lines = list(lines)
    hidden = {cell for cell, n in headcounts.items() if 0 < n <= threshold}
    changed = True
    while changed:
        changed = False
        for line in lines:
            cells = [c for c in (*line.parts, line.total) if headcounts.get(c, 0) > 0]
            hidden_here = [c for c in cells if c in hidden]
            if len(hidden_here) != 1:
                continue
            candidates = [c for c in cells if c not in hidden]
            if not candidates:
                continue
            # Hide the smallest other part; the total only when nothing else is left.
            candidates.sort(
                key=lambda c: (c == line.total, headcounts[c], str(c[1]), str(c[0]))
            )
            hidden.add(candidates[0])
            changed = True
    return hidden


def safe_difference(
    current: Decimal | None, previous: Decimal | None
) -> Decimal | None:
    """A change between periods, or None when either end is withheld or missing."""
    if current is None or previous is None:
        return None
    return current - previous
