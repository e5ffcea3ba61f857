"""CSV and XLSX exports of comments and votes, with the inbox's filters applied."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from guru.feedback import services


@pytest.fixture
def data(handbook, open_period, caseworker, editor):
    page, other = handbook["komplettering"], handbook["beslutsmotivering"]
    services.comment_create(page=page, author=caseworker, body="Om komplettering")
    services.comment_create(page=other, author=caseworker, body='=HYPERLINK("x")')
    services.vote_cast(page=page, user=caseworker, helpful=False, missing="Exempel")
    services.vote_cast(page=other, user=editor, helpful=True)
    return page, other


def _csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_csv_export_of_comments_applies_the_area_filter(client, editor, data):
    page, _other = data
    client.force_login(editor)

    response = client.get(
        reverse("feedback_export"),
        {"format": "csv", "kind": "comments", "area": page.get_parent().pk},
    )

    rows = _csv(response)
    assert response["Content-Disposition"].startswith("attachment;")
    assert rows[0][:3] == ["Id", "Sida", "Avsnitt"]
    assert [row[8] for row in rows[1:]] == ["Om komplettering"]


def test_csv_export_of_votes(client, editor, data):
    client.force_login(editor)
    rows = _csv(
        client.get(reverse("feedback_export"), {"format": "csv", "kind": "votes"})
    )
    assert sorted((row[0], row[3], row[4]) for row in rows[1:]) == [
        ("Beslutsmotivering", "Ja", ""),
        ("Komplettering av ansökan", "Nej", "Exempel"),
    ]


def test_formulas_typed_by_staff_are_exported_as_text(client, editor, data):
    client.force_login(editor)
    rows = _csv(client.get(reverse("feedback_export"), {"format": "csv"}))
    bodies = [row[8] for row in rows[1:]]
    assert '\'=HYPERLINK("x")' in bodies


def test_xlsx_export_has_a_sheet_for_comments_and_one_for_votes(client, editor, data):
    client.force_login(editor)

    response = client.get(
        reverse("feedback_export"), {"format": "xlsx", "status": "new"}
    )

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Synpunkter", "Röster"]
    comments = list(workbook["Synpunkter"].iter_rows(values_only=True))
    assert comments[0][8] == "Synpunkt"
    assert {row[8] for row in comments[1:]} == {
        "Om komplettering",
        '\'=HYPERLINK("x")',
    }
    assert len(list(workbook["Röster"].iter_rows(values_only=True))) == 3


def test_caseworker_cannot_export(client, caseworker, data):
    client.force_login(caseworker)
    response = client.get(reverse("feedback_export"), {"format": "csv"})
    assert response.status_code in {302, 403}
    assert "Om komplettering" not in response.content.decode(errors="ignore")
