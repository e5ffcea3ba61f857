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


# -- only what the user may read -------------------------------------------------
SECRET_NOTE = "Ledningsgruppens ändring som redaktören inte får läsa."


@pytest.fixture
def secret_change(handbook, restrict, editor):
    """A change to a page restricted to Ledningsgrupp, which the editor is not in
    (though Wagtail lets Redaktörer edit every guidance page)."""
    from guru.accounts.roles import Role

    page = handbook["komplettering"]
    version = publish_change(page, note=SECRET_NOTE, title="Ledningens sida")
    restrict(page, roles=(Role.LEDNINGSGRUPP,))
    return version


def _export_text(response) -> str:
    if response["Content-Type"] == "application/pdf":
        reader = pypdf.PdfReader(io.BytesIO(response.content))
        return " ".join(page.extract_text() for page in reader.pages)
    content = b"".join(response.streaming_content)
    if response["Content-Type"].startswith("text/csv"):
        return content.decode("utf-8")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row)


def test_the_report_leaves_out_a_page_restricted_to_groups_the_editor_is_not_in(
    client, editor, handbook, secret_change
):
    # given a change the editor may read and one to a page for Ledningsgrupp only
    publish_change(handbook["beslutsmotivering"], note="Öppen ändring.")

    # when the editor opens the report and each of its exports
    client.force_login(editor)
    response = client.get(REPORT)
    exports = {
        f: _export_text(client.get(REPORT, {"export": f}))
        for f in ("xlsx", "csv", "pdf")
    }

    # then the open change is listed and counted, the restricted one nowhere
    assert response.context["paginator"].count == 1
    for text in [response.text, *exports.values()]:
        assert "Öppen ändring." in text
        assert SECRET_NOTE not in text
        assert "Ledningens sida" not in text
    assert "1 ändring." in exports["pdf"]


def test_the_report_lists_a_restricted_page_for_those_its_restriction_lets_in(
    client, units, secret_change
):
    from guru.accounts.roles import Role
    from tests.factories import UserFactory

    editor_in_group = UserFactory(
        username="redaktor-lg",
        unit=units["RÄTT-HS"],
        roles=[Role.REDAKTOR, Role.LEDNINGSGRUPP],
    )
    superuser = UserFactory(username="superuser", is_superuser=True)
    for user in (editor_in_group, superuser):
        client.force_login(user)
        assert SECRET_NOTE in client.get(REPORT).text, user.username
        assert SECRET_NOTE in _export_text(client.get(REPORT, {"export": "csv"}))


def test_the_report_leaves_out_a_deleted_page_that_was_restricted(
    client, editor, secret_change
):
    # given the restricted page deleted, with its restriction kept on its versions
    from guru.handbook.models import GuidancePage

    GuidancePage.objects.get(pk=secret_change.page_key).delete()

    # then the editor outside its group still does not read its change
    client.force_login(editor)
    assert SECRET_NOTE not in client.get(REPORT).text
    assert SECRET_NOTE not in _export_text(client.get(REPORT, {"export": "xlsx"}))


def _add_versions(page, count: int) -> None:
    """``count`` more versions of ``page``, written directly (publishing is slow)."""
    from django.utils import timezone

    from guru.changes.models import PageVersion

    latest = PageVersion.objects.filter(page_key=page.pk).latest("number")
    PageVersion.objects.bulk_create(
        PageVersion(
            page_id=page.pk,
            page_key=page.pk,
            number=latest.number + n,
            published_at=timezone.now(),
            kind="redaktionell",
            note=f"Ändring {n} av {page.title}.",
            title=page.title,
            url_path=latest.url_path,
            area_key=latest.area_key,
            area_title=latest.area_title,
            content=latest.content,
        )
        for n in range(1, count + 1)
    )


def test_pages_and_count_hold_only_readable_changes_in_as_many_queries_for_many(
    client,
    editor,
    handbook,
    secret_change,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # given a few open changes and the restricted page's
    client.force_login(editor)
    _add_versions(handbook["beslutsmotivering"], 3)
    with CaptureQueriesContext(connection) as few:
        client.get(REPORT)

    # when there are many more of both, more than a page of the report
    _add_versions(handbook["beslutsmotivering"], 40)
    _add_versions(handbook["komplettering"], 40)
    with CaptureQueriesContext(connection) as many:
        response = client.get(REPORT)

    # then the 43 open ones are counted and fit on one page, in as many queries
    assert response.context["paginator"].count == 43
    assert response.context["paginator"].num_pages == 1
    assert "Ledningens sida" not in response.text
    assert len(many) == len(few)


def test_a_version_published_after_the_check_is_left_out_not_shown_unchecked(
    editor, handbook, secret_change
):
    from guru.changes.models import PageVersion
    from guru.changes.permissions import viewable_versions_queryset

    # given the readable versions checked once
    _add_versions(handbook["beslutsmotivering"], 2)
    readable = viewable_versions_queryset(PageVersion.objects.all(), editor)
    checked = set(readable.values_list("pk", flat=True))

    # when a version is published before the queryset is read again
    _add_versions(handbook["komplettering"], 1)

    # then the later version is not among those read
    assert set(readable.values_list("pk", flat=True)) == checked
    assert secret_change.pk not in checked
