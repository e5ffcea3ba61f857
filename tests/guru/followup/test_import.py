"""Importing values: every bad row is named, nothing is stored, undo restores."""

import io
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from guru.followup.forms import AmbiguousNumber, parse_decimal
from guru.followup.imports import (
    COLUMNS,
    values_import_commit,
    values_import_preview,
    values_import_undo,
)
from guru.followup.models import (
    FollowUp,
    FollowUpStatus,
    ImportBatch,
    ImportStatus,
    Perspective,
    Value,
    ValueChange,
)
from guru.followup.services import value_set
from tests.guru.followup import builders

pytestmark = pytest.mark.django_db

HEADER = ";".join(COLUMNS)


@pytest.fixture
def setup(db):
    builders.organisation({"A": (10, 10), "B": (12, 9)})
    user = builders.controller()
    builders.key_figure(
        code="V1",
        name="Besvarade remisser",
        perspective=Perspective.objects.get(key="verksamhet"),
        aggregation="sum",
        scale=Decimal(1),
        individual_based=False,
        privacy_class="open",
        min_value=Decimal(0),
        max_value=Decimal(500),
    )
    builders.key_figure(code="V3", individual_based=False, privacy_class="open")
    return user


def _csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


GOOD = _csv(
    "V1;2026 T2;A-1;T;12;;;preliminär;Ärendesystemet;",
    "V1;2026 T2;B-1;T;7;;;definitiv;;",
    "V3;2026-T2;A-1;T;;45;50;;;",
    "V3;2026 T2;B-1;T;..;;;;;",
)

BAD_CORPUS = [
    ("X9;2026 T2;A-1;T;12;;;;;", "Okänt nyckeltal"),
    ("V1;2026 T2;Z-9;T;12;;;;;", "Okänd enhet eller avdelning"),
    ("V1;2026 T4;A-1;T;12;;;;;", "Fel tertial"),
    ("V1;hösten;A-1;T;12;;;;;", "Fel tertial"),
    ("V1;2026 T2;A-1;T;tolv;;;;;", "inte ett tal"),
    ("V1;2026 T2;A-1;T;1.200;;;;;", 'Värdet "1.200": Skriv 1200 eller 1,2 –'),
    ("V3;2026 T2;A-1;T;;1,200.5;2000;;;", "Skriv talet med decimalkomma"),
    ("V1;2026 T2;A-1;T;501;;;;;", "högre än det tillåtna"),
    ("V1;2026 T2;A-1;T;-3;;;;;", "lägre än det tillåtna"),
    ("V3;2026 T2;A-1;T;;4;0;;;", "Nämnaren är noll"),
    ("V3;2026 T2;B-1;T;80;;;;;", "ange täljare och nämnare"),
    ("V1;2026 T2;B-1;K;3;;;;;", "redovisas inte per kön"),
    ("V1;2026 T2;A;T;3;;;;;", "rapporteras per enhet"),
    ("V1;2026 T2;B-1;T;3;;;kanske;;", "preliminär eller definitiv"),
    ("V1;2026 T2;B-1;X;3;;;;;", "T, K eller M"),
    ("V1;2026 T2;B-1;T;;;;;;", "Värde saknas"),
    (
        "V3;2026 T2;B-1;T;;123456789012345678901;1;;;",
        "Täljaren har för många siffror före decimaltecknet (högst 14).",
    ),
    ("V1;2026 T2;B-1;T;99999999999999,99995;;;;;", "Värdet har för många siffror"),
    ("V3;2026 T2;B-1;T;;99999999999999;0,0001;;;", "Kvoten blir för stor"),
]


def test_a_clean_file_is_previewed_then_committed_with_an_audit_trail(setup):
    user = setup
    # when a clean file is checked
    preview = values_import_preview(filename="t2.csv", content=GOOD, user=user)
    # then nothing is stored yet, but the preview says what will happen
    assert preview.errors == []
    assert (preview.created, preview.changed) == (4, 0)
    assert Value.objects.count() == 0
    # when it is committed
    values_import_commit(batch=preview.batch, user=user)
    # then every value is stored, the ratio computed, each with an audit row
    assert Value.objects.count() == 4
    ratio = Value.objects.get(key_figure__code="V3", unit__code="A-1")
    assert ratio.value == Decimal("90.0000")
    assert Value.objects.get(key_figure__code="V3", unit__code="B-1").missing == ".."
    assert ValueChange.objects.filter(import_batch=preview.batch).count() == 4


@pytest.mark.parametrize(("row", "message"), BAD_CORPUS)
def test_each_bad_row_is_rejected_with_a_swedish_message_and_nothing_stored(
    setup, row, message
):
    user = setup
    content = _csv("V1;2026 T2;A-1;T;12;;;;;", row)
    preview = values_import_preview(filename="fel.csv", content=content, user=user)
    assert preview.batch is None
    assert [e.line for e in preview.errors] == [3]
    assert message in " ".join(preview.errors[0].messages)
    assert Value.objects.count() == 0
    assert ImportBatch.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12,5", Decimal("12.5")),
        ("1 200", Decimal(1200)),
        ("1\u00a0200,5", Decimal("1200.5")),
        ("1.200,5", Decimal("1200.5")),  # dots that group thousands before a comma
        ("12.5", Decimal("12.5")),  # an English decimal point that cannot group
        ("0.125", Decimal("0.125")),
        ("1234.567", Decimal("1234.567")),
        ("\u22123", Decimal(-3)),
    ],
)
def test_numbers_are_read_the_swedish_way_and_unambiguous_english_too(text, number):
    assert parse_decimal(text) == number


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.200", "Skriv 1200 eller 1,2 – med punkt går det inte att se"),
        ("-12.345", "Skriv -12345 eller -12,345 –"),
        ("100.000", "Skriv 100000 eller 100 –"),
        ("1.234.567", "Skriv 1234567 – punkt används inte mellan tusental här."),
        ("1,200.5", "Skriv talet med decimalkomma och utan punkt, t.ex. 1200,5."),
    ],
)
def test_a_dot_that_may_group_thousands_is_refused_not_guessed(text, message):
    # a dot before three digits is 1200 to some and 1,2 to others: never guess
    with pytest.raises(AmbiguousNumber) as refused:
        parse_decimal(text)
    assert refused.value.message.startswith(message)


def test_numbers_are_rounded_half_up_to_the_four_decimals_kept(setup):
    user = setup
    content = _csv("V1;2026 T2;A-1;T;12,34565;;;;;", "V3;2026 T2;A-1;T;;1;3;;;")
    preview = values_import_preview(filename="t2.csv", content=content, user=user)
    values_import_commit(batch=preview.batch, user=user)
    assert Value.objects.get(key_figure__code="V1").value == Decimal("12.3457")
    assert Value.objects.get(key_figure__code="V3").value == Decimal("33.3333")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1200", "Värdet 1\u00a0200 är högre än det tillåtna (500)."),
        ("-5", "Värdet \u22125 är lägre än det tillåtna (0)."),
        ("500,5", "Värdet 500,5 är högre än det tillåtna (500)."),
    ],
)
def test_a_value_out_of_range_is_written_the_swedish_way(setup, value, message):
    content = _csv(f"V1;2026 T2;A-1;T;{value};;;;;")
    preview = values_import_preview(filename="fel.csv", content=content, user=setup)
    assert preview.errors[0].messages == [message]


def test_the_preview_writes_numbers_the_swedish_way(setup, client):
    client.force_login(setup)
    upload = io.BytesIO(_csv("V3;2026 T2;A-1;T;;12345;10;;;"))
    upload.name = "t2.csv"
    response = client.post(reverse("followup:import"), {"file": upload}, follow=True)
    assert '<td class="num">123\u00a0450</td>' in response.content.decode()


def test_the_whole_bad_corpus_at_once_names_every_row(setup):
    user = setup
    content = _csv(*(row for row, _m in BAD_CORPUS), "V1;2026 T2;A-1;T;5;;;;;")
    preview = values_import_preview(filename="fel.csv", content=content, user=user)
    assert [e.line for e in preview.errors] == list(range(2, 2 + len(BAD_CORPUS)))
    assert Value.objects.count() == 0


def test_duplicate_rows_name_the_first_row(setup):
    user = setup
    content = _csv("V1;2026 T2;A-1;T;12;;;;;", "V1;2026-T2;a-1;T;13;;;;;")
    preview = values_import_preview(filename="dubbel.csv", content=content, user=user)
    assert preview.errors[0].line == 3
    assert "rad 2" in preview.errors[0].messages[0]


def test_a_file_without_the_template_header_is_rejected(setup):
    preview = values_import_preview(
        filename="x.csv", content=b"kod,varde\nV1,3\n", user=setup
    )
    assert "Rubrikraden saknar" in preview.errors[0].messages[0]


def test_a_locked_tertial_cannot_be_imported(setup):
    user = setup
    FollowUp.objects.create(
        period=builders.tertial(), opened_by=user, status=FollowUpStatus.PUBLISHED
    )
    preview = values_import_preview(filename="t2.csv", content=GOOD, user=user)
    assert all("låst" in " ".join(e.messages) for e in preview.errors)


def test_undo_puts_back_what_was_there_before_the_import(setup):
    user = setup
    # given an earlier value for A and an import that changes it and adds others
    earlier = value_set(
        key_figure=builders.KeyFigure.objects.get(code="V1"),
        period=builders.tertial(),
        unit=builders.Unit.objects.get(code="A-1"),
        value=Decimal(3),
        user=user,
    )
    preview = values_import_preview(filename="t2.csv", content=GOOD, user=user)
    assert (preview.created, preview.changed) == (3, 1)
    batch = values_import_commit(batch=preview.batch, user=user)
    earlier.refresh_from_db()
    assert earlier.value == 12
    # when the import is undone
    values_import_undo(batch=batch, user=user)
    # then the earlier value is back and the new ones are soft-deleted
    earlier.refresh_from_db()
    assert earlier.value == 3 and earlier.deleted_at is None
    assert Value.objects.filter(deleted_at__isnull=True).count() == 1
    assert ImportBatch.objects.get().status == ImportStatus.UNDONE
    assert ValueChange.objects.filter(action="undo").count() == 4


def test_undo_is_refused_when_a_value_was_changed_after_the_import(setup):
    user = setup
    preview = values_import_preview(filename="t2.csv", content=GOOD, user=user)
    batch = values_import_commit(batch=preview.batch, user=user)
    value = Value.objects.get(key_figure__code="V1", unit__code="A-1")
    value_set(
        key_figure=value.key_figure,
        period=value.period,
        unit=value.unit,
        value=Decimal(14),
        user=user,
    )
    with pytest.raises(builders.ValidationError):
        values_import_undo(batch=batch, user=user)
    assert Value.objects.get(pk=value.pk).value == 14


def test_an_import_can_be_undone_after_a_later_import_was_undone(setup):
    # given import A, then import B that changes one of A's values
    user = setup
    first = values_import_commit(
        batch=values_import_preview(filename="a.csv", content=GOOD, user=user).batch,
        user=user,
    )
    second = values_import_commit(
        batch=values_import_preview(
            filename="b.csv", content=_csv("V1;2026 T2;A-1;T;13;;;;;"), user=user
        ).batch,
        user=user,
    )
    assert Value.objects.get(key_figure__code="V1", unit__code="A-1").value == 13
    # when B is undone and then A
    values_import_undo(batch=second, user=user)
    values_import_undo(batch=first, user=user)
    # then both are undone and none of A's values is left
    assert ImportBatch.objects.get(pk=first.pk).status == ImportStatus.UNDONE
    assert not Value.objects.filter(deleted_at__isnull=True).exists()


def test_undo_is_still_refused_after_a_later_import_that_stands(setup):
    # given import A, then import B that changes one of A's values and is kept
    user = setup
    first = values_import_commit(
        batch=values_import_preview(filename="a.csv", content=GOOD, user=user).batch,
        user=user,
    )
    values_import_commit(
        batch=values_import_preview(
            filename="b.csv", content=_csv("V1;2026 T2;A-1;T;13;;;;;"), user=user
        ).batch,
        user=user,
    )
    # when A is undone, then it is refused and B's value stays
    with pytest.raises(builders.ValidationError):
        values_import_undo(batch=first, user=user)
    assert Value.objects.get(key_figure__code="V1", unit__code="A-1").value == 13


def _xlsx(*rows: list) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_file_is_read_like_a_csv(setup):
    user = setup
    content = _xlsx(
        ["V1", "2026 T2", "A-1", "T", 12, None, None, "preliminär", "", ""],
        ["V3", "2026 T2", "B-1", "T", None, 3, 4, "definitiv", "", ""],
    )
    preview = values_import_preview(filename="t2.xlsx", content=content, user=user)
    assert preview.errors == []
    values_import_commit(batch=preview.batch, user=user)
    assert Value.objects.get(key_figure__code="V3").value == Decimal("75.0000")


def test_a_true_or_false_cell_in_an_xlsx_is_refused_with_its_row(setup):
    # given an XLSX whose täljare is a logical cell (SANT in Swedish Excel)
    user = setup
    content = _xlsx(
        ["V1", "2026 T2", "A-1", "T", 12, None, None, "preliminär", "", ""],
        ["V3", "2026 T2", "B-1", "T", None, True, 4, "definitiv", "", ""],
    )
    # when it is checked
    preview = values_import_preview(filename="t2.xlsx", content=content, user=user)
    # then row 3 is named with a Swedish message and nothing is stored
    assert preview.batch is None
    assert [(e.line, e.messages) for e in preview.errors] == [
        (3, ["Täljaren är ett logiskt värde (SANT eller FALSKT), inte ett tal."])
    ]
    assert Value.objects.count() == 0


def test_the_template_lists_every_figure_and_unit_for_the_tertial(setup, client):
    client.force_login(setup)
    response = client.get(reverse("followup:import_template", args=[2026, 2, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    assert {(r[0], r[2]) for r in rows[1:]} >= {("V1", "A-1"), ("V3", "B-1")}


def test_the_upload_page_shows_the_row_errors_and_keeps_nothing(setup, client):
    client.force_login(setup)
    upload = io.BytesIO(_csv("X9;2026 T2;A-1;T;12;;;;;"))
    upload.name = "fel.csv"
    response = client.post(reverse("followup:import"), {"file": upload})
    assert response.status_code == 422
    assert "Okänt nyckeltal" in response.content.decode()
    assert Value.objects.count() == 0


def test_an_upload_without_a_file_is_refused_on_the_page(setup, client):
    client.force_login(setup)

    response = client.post(reverse("followup:import"), {})

    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.content.decode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"kod,varde\nV1,3\n", "Rubrikraden saknar kolumnerna"),
        (_csv(), "Filen innehåller inga värden."),
    ],
    ids=["no template header", "no rows"],
)
def test_an_error_in_the_whole_file_is_said_of_the_file_not_a_row(
    setup, client, content, message
):
    client.force_login(setup)
    upload = io.BytesIO(content)
    upload.name = "fel.csv"
    response = client.post(reverse("followup:import"), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 422
    assert "Filen måste rättas – ingenting har sparats" in html
    assert message in html
    assert "rad måste rättas" not in html


def test_the_management_command_imports_all_or_nothing(setup, tmp_path):
    good = tmp_path / "t2.csv"
    good.write_bytes(GOOD)
    bad = tmp_path / "fel.csv"
    bad.write_bytes(_csv("V1;2026 T2;A-1;T;12;;;;;", BAD_CORPUS[0][0]))
    with pytest.raises(CommandError):
        call_command("import_values", str(bad), user="controller-test")
    assert Value.objects.count() == 0
    call_command("import_values", str(good), user="controller-test")
    assert Value.objects.count() == 4


def test_the_preview_page_shows_what_changes_before_anything_is_stored(setup, client):
    user = setup
    value_set(
        key_figure=builders.KeyFigure.objects.get(code="V1"),
        period=builders.tertial(),
        unit=builders.Unit.objects.get(code="A-1"),
        value=Decimal(3),
        user=user,
    )
    client.force_login(user)
    upload = io.BytesIO(GOOD)
    upload.name = "t2.csv"
    response = client.post(reverse("followup:import"), {"file": upload}, follow=True)
    html = response.content.decode()
    assert "Rader i filen: 4. Nya värden: 3, ändrade: 1, oförändrade: 0." in html
    assert re.search(
        r"ändras</td><td class=\"num\">3</td><td class=\"num\">12</td>", html
    )
    assert Value.objects.get(unit__code="A-1", key_figure__code="V1").value == 3


def test_a_one_row_import_reports_one_value_saved(setup, client):
    client.force_login(setup)
    upload = io.BytesIO(_csv("V1;2026 T2;A-1;T;12;;;;;"))
    upload.name = "en.csv"
    preview = client.post(reverse("followup:import"), {"file": upload})

    done = client.post(preview.url, follow=True)

    assert "Importen är genomförd: 1 värde sparat." in done.content.decode()
    assert Value.objects.count() == 1
