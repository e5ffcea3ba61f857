"""Small pure rules of the report: traffic lights and Swedish number formatting."""

from decimal import ROUND_HALF_UP, Decimal

GREEN = "gron"
YELLOW = "gul"
RED = "rod"
LIGHT_LABELS = {
    GREEN: "Grönt: målet nås",
    YELLOW: "Gult: nära målet",
    RED: "Rött: långt från målet",
}


def traffic_light(
    value: Decimal | None,
    *,
    target: Decimal | None,
    direction: str,
    tolerance_percent: Decimal,
    band_high: Decimal | None = None,
) -> str | None:
    """Green when the target is met, yellow within the tolerance, otherwise red.

    The tolerance is a percentage of the target (of the band's edges for a band).
    No value or no target gives no light.
    """
    if value is None or target is None:
        return None
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


def format_number(value: Decimal | None, *, decimals: int, signed: bool = False) -> str:
    """Swedish style: space between thousands, decimal comma, minus sign."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    text = f"{abs(rounded):,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")
    if rounded < 0:
        return "\u2212" + text
    if signed and rounded > 0:
        return "+" + text
    return text
