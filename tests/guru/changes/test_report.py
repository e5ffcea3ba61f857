"""The editors' record of changes in a period, on screen, in XLSX and in PDF."""

import datetime
import io

import openpyxl
import pypdf
import pytest

from tests.guru.changes.conftest import backdate, publish_change

REPORT = "/admin/andringar/"


@pytest.fixture
def changes(komplettering, editor):
    """One substantive change in March and one editorial change in May."""
    march = publish_change(komplettering, user=editor)
    backdate(march, datetime.date(2026, 3, 12))
    may = publish_change(
        komplettering,
        kind="redaktionell",
        note="Språket i exemplet är förenklat.",
        user=editor,
    )
    backdate(may, datetime.date(2026, 5, 4))
    return march, may


def _period(start: str, end: str, **extra) -> dict:
    return {"published_at_from": start, "published_at_to": end, **extra}


def test_the_report_lists_the_changes_of_the_period(client, editor, changes):
    client.force_login(editor)
    response = client.get(REPORT, _period("2026-03-01", "2026-03-31"))
    assert response.status_code == 200
    assert "Ny tidsfrist för komplettering" in response.text
    assert "Språket i exemplet är förenklat." not in response.text


def test_xlsx_export_holds_the_filtered_rows(client, editor, changes):
    client.force_login(editor)
    response = client.get(REPORT, _period("2026-05-01", "2026-05-31", export="xlsx"))
    sheet = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content))
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Publicerad"
    assert len(rows) == 2
    assert "Språket i exemplet är förenklat." in rows[1]


def test_pdf_export_is_a_pdf_with_the_period_and_its_changes(client, editor, changes):
    client.force_login(editor)
    response = client.get(
        REPORT, _period("2026-03-01", "2026-03-31", kind="saklig", export="pdf")
    )
    assert response["Content-Type"] == "application/pdf"
    assert "andringar-handlaggarstod" in response["Content-Disposition"]
    text = " ".join(
        page.extract_text()
        for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )
    assert "2026-03-01 – 2026-03-31" in text
    assert "Ny tidsfrist för komplettering" in text
    assert "Språket i exemplet" not in text
    assert "1 ändring." in text


def test_caseworkers_cannot_read_the_report(client, caseworker, changes):
    client.force_login(caseworker)
    response = client.get(REPORT, {"export": "pdf"})
    assert response.status_code in (302, 403)
    assert response.get("Content-Type") != "application/pdf"


def test_the_menu_offers_the_report_only_to_those_it_lets_in(client, editor, units):
    from guru.accounts.roles import Role
    from tests.factories import UserFactory

    # a controller reaches the admin (for the key figures) but edits no pages
    controller = UserFactory(
        username="controller", unit=units["RÄTT-HS"], roles=[Role.CONTROLLER]
    )
    client.force_login(controller)
    assert client.get(REPORT).status_code in (302, 403)
    assert REPORT not in client.get("/admin/").text

    client.force_login(editor)
    assert client.get(REPORT).status_code == 200
    assert REPORT in client.get("/admin/").text
