"""Masking of personnummer and e-mail addresses in free text and in logs."""

import datetime
import io
import logging

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from guru.privacy import (
    PERSONNUMMER_MASK,
    PersonalDataMaskingFilter,
    contains_personnummer,
    mask_personal_data,
    mask_personnummer_to_length,
    masked_to_fit,
)


@pytest.mark.parametrize(
    "text",
    [
        "Sökanden har personnummer 19900101-0017.",
        "pnr 900101-0017 i ärendet",
        "9001010017",
        "199001010017",
        "hundraåring 191201011234 med plus: 121201+1239",
        "samordningsnummer 900161-0016",
    ],
)
def test_personnummer_in_common_forms_are_masked(text):
    masked = mask_personal_data(text)
    assert PERSONNUMMER_MASK in masked
    assert not any(ch.isdigit() for ch in masked.split(PERSONNUMMER_MASK)[0][-4:])


@pytest.mark.parametrize(
    "text",
    [
        "900101-0018",
        "000229-1234",  # a leap day: six digits mean 2000, not year 0
        "19900101-0018",
        "900161-0018",  # samordningsnummer: the day plus 60
    ],
)
def test_mistyped_personnummer_with_dash_is_still_masked(text):
    # the check digit is wrong, but the pattern is unmistakable
    assert mask_personal_data(text) == PERSONNUMMER_MASK


@pytest.mark.parametrize(
    "dash",
    [
        "\u2013",  # en dash, what word processors make of "-"
        "\u2014",  # em dash
        "\u2212",  # minus sign
        "\u2011",  # non-breaking hyphen
        "\u2010",  # hyphen
    ],
)
@pytest.mark.parametrize("number", ["850101{}2382", "19850101{}2382", "900101{}0018"])
def test_personnummer_written_with_a_typographic_dash_is_masked(dash, number):
    text = f"Sökande {number.format(dash)} ringde."
    assert contains_personnummer(text)
    assert mask_personal_data(text) == f"Sökande {PERSONNUMMER_MASK} ringde."


@pytest.mark.parametrize(
    "text", ["Sidorna 12–19", "Diarienummer 2026–001234", "Ring 08–123 456 78"]
)
def test_other_numbers_with_a_typographic_dash_are_left_alone(text):
    assert mask_personal_data(text) == text


@pytest.mark.parametrize("text", ["901301-0018", "900132-0018", "19900230-0018"])
def test_a_dashed_number_that_is_no_date_is_left_alone(text):
    assert mask_personal_data(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "Diarienummer 2026-001234",
        "Beloppet är 1200000 kronor",
        "Ring 08-123 456 78",
        "Ärendet 20261123",
        "Telefon 0701234566",  # ten digits, but not a valid date-and-check-digit
    ],
)
def test_other_numbers_are_left_alone(text):
    assert mask_personal_data(text) == text


def test_email_addresses_are_masked_unless_asked_not_to():
    text = "Skriv till anna.svensson@foretaget.se"
    assert mask_personal_data(text) == "Skriv till [e-postadress]"
    assert mask_personal_data(text, emails=False) == text


def test_a_text_is_masked_before_it_is_cut_to_its_column():
    # given a number that ends past the column's length, and a mask longer
    # than the number it replaces
    text = "x" * 5 + " 900101-0017"
    # when it is masked to a column of 12 characters
    masked = mask_personnummer_to_length(text, 12)
    # then no digit of it is left, and it fits
    assert masked == "xxxxx [perso"
    assert mask_personnummer_to_length("ordet 9001010017", None) == (
        "ordet [personnummer]"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Om 900101-0017",
            "Skriv högst 14 tecken (nu 17 när personnummer är maskerade).",
        ),
        ("x" * 15, "Skriv högst 14 tecken (nu 15)."),
    ],
)
def test_a_text_too_long_for_its_column_is_refused_saying_why(text, message):
    # when a text is masked for a column of 14 characters
    with pytest.raises(ValidationError) as refused:
        masked_to_fit(text, field="note", max_length=14)
    # then it is refused on the field, naming the masks only when they are the cause
    assert refused.value.message_dict == {"note": [message]}


def test_contains_personnummer_detects_before_posting():
    assert contains_personnummer("mitt nr 19900101-0017")
    assert not contains_personnummer("inga nummer här")


def test_log_records_are_masked():
    record = logging.LogRecord(
        "guru",
        logging.INFO,
        __file__,
        1,
        "fråga från %s om %s",
        ("a@b.se", "900101-0017"),
        None,
    )
    PersonalDataMaskingFilter().filter(record)
    assert record.getMessage() == "fråga från [e-postadress] om [personnummer]"


def test_the_development_servers_request_lines_are_masked():
    logger = logging.getLogger("django.server")
    # the handler that writes the server's lines (pytest adds its own beside it)
    handler = next(h for h in logger.handlers if type(h) is logging.StreamHandler)
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    try:
        # what runserver logs for a search for a personnummer
        logger.info(
            '"%s" %s %s',
            "GET /sok/?q=19900101-0017 HTTP/1.1",
            "200",
            "5120",
            extra={"status_code": 200, "server_time": "06/Dec/2026 14:03:32"},
        )
    finally:
        handler.setStream(previous)

    written = buffer.getvalue()
    assert '[06/Dec/2026 14:03:32] "GET /sok/?q=[personnummer] HTTP/1.1" 200' in written
    assert "19900101" not in written


@pytest.mark.parametrize("name", ["django.request", "django.security.csrf", "guru"])
def test_every_handler_a_log_record_reaches_masks_it(name):
    """Django's own "django" handlers (a console copy when DEBUG, mail to ADMINS)
    would write a request warning, with its path and query, unmasked."""
    reached = []
    logger = logging.getLogger(name)
    while logger is not None:
        reached += [h for h in logger.handlers if not _pytest_handler(h)]
        logger = logger.parent if logger.propagate else None
    assert reached
    unmasked = [
        h
        for h in reached
        if not any(isinstance(f, PersonalDataMaskingFilter) for f in h.filters)
    ]
    assert unmasked == []


def _pytest_handler(handler: logging.Handler) -> bool:
    return type(handler).__module__.startswith("_pytest")


@given(st.text())
def test_masking_never_raises_and_is_idempotent(text):
    once = mask_personal_data(text)
    assert mask_personal_data(once) == once


@given(
    st.dates(
        min_value=datetime.date(1930, 1, 1), max_value=datetime.date(2025, 12, 31)
    ),
    st.integers(min_value=1, max_value=999),  # serial 000 is never issued
)
def test_every_valid_personnummer_is_masked(birth_date, serial):
    from personnummer import personnummer

    digits = f"{birth_date:%y%m%d}{serial:03d}"
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    number = f"{birth_date:%y%m%d}-{serial:03d}{(10 - total % 10) % 10}"
    assert personnummer.valid(number)
    assert (
        mask_personal_data(f"ärende om {number} idag")
        == f"ärende om {PERSONNUMMER_MASK} idag"
    )
