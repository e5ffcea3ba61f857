"""Masking of personal data in free text: personnummer and e-mail addresses.

Guru stores what staff write and ask. Comments, Doris's question log and the
application log must not keep identity numbers that someone pasted in by mistake.
"""

import datetime
import logging
import re

from personnummer import personnummer

PERSONNUMMER_MASK = "[personnummer]"
EMAIL_MASK = "[e-postadress]"

# Word processors and phones turn "-" into one of these: hyphen, non-breaking hyphen,
# figure dash, en dash, em dash, minus sign.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"
# 6 or 8 digits of date, an optional separator (a dash, + or space), 4 digits; not
# part of a longer number. Whether it really is an identity number is checked below.
_CANDIDATE = re.compile(
    rf"(?<![\d\-{_DASHES}])(\d{{6}}|\d{{8}})([\-+ {_DASHES}]?)(\d{{4}})(?![\d])"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _plausible_date(digits: str) -> bool:
    """True if the date part is a real date (samordningsnummer add 60 to the day)."""
    year = int(digits[:-4]) if len(digits) == 8 else 2000 + int(digits[:2])
    month, day = int(digits[-4:-2]), int(digits[-2:])
    if day > 60:
        day -= 60
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _is_personnummer(match: re.Match[str]) -> bool:
    date_part, separator, serial = match.groups()
    if separator and separator in _DASHES:
        separator = "-"
    if personnummer.valid(f"{date_part}{separator.strip()}{serial}"):
        return True
    # With a separator the pattern is unmistakable; a wrong check digit is a typo,
    # and a mistyped identity number is still personal data.
    return separator in {"-", "+"} and _plausible_date(date_part)


def mask_personnummer(text: str) -> str:
    """Replace every Swedish personnummer or samordningsnummer in the text."""
    return _CANDIDATE.sub(
        lambda m: PERSONNUMMER_MASK if _is_personnummer(m) else m.group(0), text
    )


def mask_personnummer_to_length(text: str, max_length: int | None) -> str:
    """The text with every personnummer masked, cut to a column's ``max_length``.

    Masked before it is cut, so a cut cannot leave part of a number unmasked;
    cut after, because the mask can be longer than the number it replaces.
    ``max_length`` None keeps the whole text (a TextField).
    """
    return mask_personnummer(text)[:max_length]


def mask_fields(instance, *names: str) -> None:
    """Mask every personnummer in the named text fields of a model instance, in
    place: trimmed, masked, then cut to each column's ``max_length``."""
    for name in names:
        max_length = instance._meta.get_field(name).max_length
        text = (getattr(instance, name) or "").strip()
        setattr(instance, name, mask_personnummer_to_length(text, max_length))


def contains_personnummer(text: str) -> bool:
    """Whether the text holds something that would be masked as a personnummer."""
    return any(_is_personnummer(m) for m in _CANDIDATE.finditer(text))


def mask_personal_data(text: str, *, emails: bool = True) -> str:
    """Mask personnummer and, unless told otherwise, e-mail addresses."""
    text = mask_personnummer(text)
    return _EMAIL.sub(EMAIL_MASK, text) if emails else text


class PersonalDataMaskingFilter(logging.Filter):
    """Logging filter that masks personal data in every record's final message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_personal_data(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
