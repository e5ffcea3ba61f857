"""How a key figure's values add up from units to departments to the agency.

Pure Python, no Django: plain data in, plain data out, so that the rules can be
tested with hypothesis against a recomputation from the raw values.

Rules:
- ``sum``: the sum of the parts.
- ``ratio``: sum of numerators divided by sum of denominators (times the scale) –
  never an average of the parts' ratios.
- ``weighted_average``: sum of value × weight divided by sum of weights; the weight
  is the part's denominator (e.g. the number of cases a median time is based on).
- ``none``: not aggregable; the aggregate is "." (not applicable).

Any part that is missing makes the aggregate missing ("–"): a total of only the
units that happened to report would look complete and mislead. A part withheld
for privacy ("..") is still a number underneath and is aggregated as such.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

MISSING = "–"
NOT_APPLICABLE = "."
WITHHELD = ".."


@dataclass(slots=True)
class Part:
    """One raw value: a number, or a numerator and denominator, or a missing code."""

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    missing: str = ""


@dataclass(slots=True)
class Aggregate:
    """The result: a value (with its numerator/denominator for ratios) or a code."""

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    missing: str = ""

    @property
    def is_number(self) -> bool:
        return self.value is not None and not self.missing


def part_value(part: Part, *, method: str, scale: Decimal = Decimal(1)) -> Aggregate:
    """A single raw value as an aggregate (a ratio computed from its parts)."""
    return aggregate([part], method=method, scale=scale, single=True)


def aggregate(
    parts: Iterable[Part],
    *,
    method: str,
    scale: Decimal = Decimal(1),
    single: bool = False,
) -> Aggregate:
    """Combine raw parts by the key figure's rule; see the module docstring."""
    parts = list(parts)
    if not parts:
        return Aggregate(missing=MISSING)
    if method == "none" and not single:
        return Aggregate(missing=NOT_APPLICABLE)
    if any(p.missing == MISSING for p in parts):
        return Aggregate(missing=MISSING)
    # "." means the figure does not apply to that part: it contributes nothing.
    parts = [p for p in parts if p.missing != NOT_APPLICABLE]
    if not parts:
        return Aggregate(missing=NOT_APPLICABLE)
    if method == "ratio":
        return _fraction([(p.numerator, p.denominator) for p in parts], scale=scale)
    if method == "weighted_average":
        if any(p.value is None or p.denominator is None for p in parts):
            return Aggregate(missing=MISSING)
        return _fraction(
            [(p.value * p.denominator, p.denominator) for p in parts],
            scale=Decimal(1),
        )
    if any(p.value is None for p in parts):
        return Aggregate(missing=MISSING)
    return Aggregate(value=sum((p.value for p in parts), Decimal(0)))


def _fraction(
    pairs: list[tuple[Decimal | None, Decimal | None]], *, scale: Decimal
) -> Aggregate:
    if any(n is None or d is None for n, d in pairs):
        return Aggregate(missing=MISSING)
    numerator = sum((n for n, _d in pairs), Decimal(0))
    denominator = sum((d for _n, d in pairs), Decimal(0))
    if denominator == 0:
        return Aggregate(missing=NOT_APPLICABLE)
    return Aggregate(
        value=numerator / denominator * scale,
        numerator=numerator,
        denominator=denominator,
    )


def combine(
    aggregates: Iterable[Aggregate], *, method: str, scale: Decimal
) -> Aggregate:
    """Aggregate already-aggregated groups (departments into the agency).

    Each aggregate keeps its summed numerator and denominator (for weighted
    averages: the sum of value × weight and the sum of weights), so combining two
    levels gives exactly the same result as aggregating all raw parts at once.
    """
    aggregates = list(aggregates)
    if not aggregates:
        return Aggregate(missing=MISSING)
    if method == "none":
        return Aggregate(missing=NOT_APPLICABLE)
    if any(a.missing == MISSING for a in aggregates):
        return Aggregate(missing=MISSING)
    aggregates = [a for a in aggregates if a.missing != NOT_APPLICABLE]
    if not aggregates:
        return Aggregate(missing=NOT_APPLICABLE)
    if method == "sum":
        return Aggregate(value=sum((a.value for a in aggregates), Decimal(0)))
    return _fraction(
        [(a.numerator, a.denominator) for a in aggregates],
        scale=scale if method == "ratio" else Decimal(1),
    )
