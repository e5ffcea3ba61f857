"""Masking of personal data in free text: personnummer and e-mail addresses.

Guru stores what staff write and ask. Comments, Doris's question log and the
application log must not keep identity numbers that someone pasted in by mistake.
"""

import datetime
import logging
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from personnummer import personnummer

PERSONNUMMER_MASK = "[personnummer]"
EMAIL_MASK = "[e-postadress]"

# The placeholders are those of Django's max_length message: the forms use it too.
TOO_LONG = gettext_lazy("Skriv högst %(limit_value)d tecken (nu %(show_value)d).")
TOO_LONG_MASKED = gettext_lazy(
    "Skriv högst %(limit_value)d tecken (nu %(show_value)d när personnummer är "
    "maskerade)."
)
TOO_LONG_MASKED_WITH_EMAILS = gettext_lazy(
    "Skriv högst %(limit_value)d tecken (nu %(show_value)d när personnummer och "
    "e-postadresser är maskerade)."
)

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
    """A derived copy (not what someone typed) masked, then cut to ``max_length``.

    For text Guru puts together or copies into a shorter column, where nobody is
    there to shorten it. What a user types goes through ``masked_to_fit``, which
    refuses instead. Masked before it is cut, so a cut cannot leave part of a
    number unmasked; ``max_length`` None keeps the whole text (a TextField).
    """
    return mask_personnummer(text)[:max_length]


def masked_to_fit(
    text: str, *, field: str, max_length: int | None = None, emails: bool = False
) -> str:
    """``text`` as stored: trimmed, personnummer (and, with ``emails``, e-mail
    addresses) masked; refused with a ValidationError on ``field`` when longer
    than ``max_length``.

    Checked after the masks, which can be longer than what they replace, so a
    text that fitted as typed can be refused: it is never cut, which would drop
    the end of what someone wrote without telling them. The message says the
    masks are the reason when they are.
    """
    typed = text.strip()
    masked = mask_personal_data(typed, emails=emails)
    if max_length is None or len(masked) <= max_length:
        return masked
    if masked == typed:
        message = TOO_LONG
    else:
        message = TOO_LONG_MASKED_WITH_EMAILS if emails else TOO_LONG_MASKED
    problem = ValidationError(
        message,
        code="max_length",
        params={"limit_value": max_length, "show_value": len(masked)},
    )
    raise ValidationError({field: problem})


def mask_fields(instance, *names: str) -> None:
    """Mask every personnummer in the named text fields of a model instance, in
    place, as ``masked_to_fit`` does for each column's ``max_length``; one
    ValidationError names every field that no longer fits."""
    errors: dict[str, list[ValidationError]] = {}
    for name in names:
        max_length = instance._meta.get_field(name).max_length
        text = getattr(instance, name) or ""
        try:
            setattr(
                instance,
                name,
                masked_to_fit(text, field=name, max_length=max_length),
            )
        except ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)


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
