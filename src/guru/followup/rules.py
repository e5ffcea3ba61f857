"""Small pure rules of the report: traffic lights and Swedish number formatting."""

from decimal import ROUND_HALF_UP, Decimal

GREEN = "gron"
YELLOW = "gul"
RED = "rod"


def traffic_light(
    value: Decimal | None,
    *,
    target: Decimal | None,
    direction: str,
    tolerance_percent: Decimal,
    band_high: Decimal | None = None,
    decimals: int,
) -> str | None:
    """Green when the target is met, yellow within the tolerance, otherwise red.

    The tolerance is a percentage of the target (of the band's edges for a band).
    No value or no target gives no light.

    The light judges the value and the target as the report shows them, rounded
    to the key figure's ``decimals`` as ``format_number`` rounds them: a reader
    who sees "3,5" beside the target 3,5 must see it met, not yellow because the
    unrounded value was 3,544 (or the target 3,45).
    """
    if value is None or target is None:
        return None
    value, target = (round_half_up(v, decimals=decimals) for v in (value, target))
    if band_high is not None:
        band_high = round_half_up(band_high, decimals=decimals)
    margin = abs(target) * tolerance_percent / 100
    if direction == "higher":
        distance = target - value
    elif direction == "lower":
        distance = value - target
    else:
        high = band_high if band_high is not None else target
        if value < target:
            distance = target - value
        elif value > high:
            margin = abs(high) * tolerance_percent / 100
            distance = value - high
        else:
            distance = Decimal(0)
    if distance <= 0:
        return GREEN
    if distance <= margin:
        return YELLOW
    return RED


def round_half_up(value: Decimal, *, decimals: int) -> Decimal:
    """The report's rounding, half away from zero on the Decimal; the XLSX uses
    it too, so that both show the same figure (Python's round() on a float
    rounds half to even, and 2.25 is 2.2 there)."""
    return Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_number(value: Decimal | None, *, decimals: int, signed: bool = False) -> str:
    """Swedish style: space between thousands, decimal comma, minus sign."""
    if value is None:
        return ""
    rounded = round_half_up(value, decimals=decimals)
    if rounded == 0:
        rounded = abs(rounded)
    text = f"{abs(rounded):,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")
    if rounded < 0:
        return "\u2212" + text
    if signed and rounded > 0:
        return "+" + text
    return text


def format_plain(value: Decimal) -> str:
    """A number in Swedish style with the decimals it has, none added: 1 200,
    −5, 12,5 (for messages and the import preview, which have no key figure's
    decimals to round to)."""
    exponent = Decimal(value).normalize().as_tuple().exponent
    return format_number(value, decimals=max(0, -int(exponent)))
