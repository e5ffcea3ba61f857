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
ZERO = Decimal(0)
ONE = Decimal(1)


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


def part_value(part: Part, *, method: str, scale: Decimal = ONE) -> Aggregate:
    """A single raw value as an aggregate (a ratio computed from its parts)."""
    return aggregate([part], method=method, scale=scale, single=True)


def aggregate(
    parts: Iterable[Part],
    *,
    method: str,
    scale: Decimal = ONE,
    single: bool = False,
) -> Aggregate:
    """Combine raw parts by the key figure's rule; see the module docstring.

    One pass over the parts: the report calls this thousands of times, and the
    list copies, ``any()`` scans and generator sums of a plainer version were
    most of its cost. Every early return is "–", so stopping at the first
    missing part gives the same answer as checking them all first.
    """
    if not isinstance(parts, list | tuple):
        parts = list(parts)
    if not parts:
        return Aggregate(missing=MISSING)
    if method == "none" and not single:
        return Aggregate(missing=NOT_APPLICABLE)
    numerator = denominator = ZERO
    counted = False
    if method == "ratio" or method == "weighted_average":
        weighted = method == "weighted_average"
        for part in parts:
            code = part.missing
            if code == MISSING:
                return Aggregate(missing=MISSING)
            if code == NOT_APPLICABLE:
                # "." means the figure does not apply: the part contributes nothing.
                continue
            weight = part.denominator
            top = part.value if weighted else part.numerator
            if top is None or weight is None:
                return Aggregate(missing=MISSING)
            numerator += top * weight if weighted else top
            denominator += weight
            counted = True
        if not counted:
            return Aggregate(missing=NOT_APPLICABLE)
        return _quotient(numerator, denominator, scale=ONE if weighted else scale)
    for part in parts:
        code = part.missing
        if code == MISSING:
            return Aggregate(missing=MISSING)
        if code == NOT_APPLICABLE:
            continue
        if part.value is None:
            return Aggregate(missing=MISSING)
        numerator += part.value
        counted = True
    if not counted:
        return Aggregate(missing=NOT_APPLICABLE)
    return Aggregate(value=numerator)


def _quotient(numerator: Decimal, denominator: Decimal, *, scale: Decimal) -> Aggregate:
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
    if not isinstance(aggregates, list | tuple):
        aggregates = list(aggregates)
    if not aggregates:
        return Aggregate(missing=MISSING)
    if method == "none":
        return Aggregate(missing=NOT_APPLICABLE)
    numerator = denominator = ZERO
    counted = False
    for group in aggregates:
        code = group.missing
        if code == MISSING:
            return Aggregate(missing=MISSING)
        if code == NOT_APPLICABLE:
            continue
        if method == "sum":
            numerator += group.value
        else:
            if group.numerator is None or group.denominator is None:
                return Aggregate(missing=MISSING)
            numerator += group.numerator
            denominator += group.denominator
        counted = True
    if not counted:
        return Aggregate(missing=NOT_APPLICABLE)
    if method == "sum":
        return Aggregate(value=numerator)
    return _quotient(numerator, denominator, scale=scale if method == "ratio" else ONE)
