"""Versions readers can rely on: notes, history, what applied on a given day."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from guru.changes import selectors
from guru.changes.models import PageVersion
from guru.handbook.models import ChangeKind, GuidancePage, ProcessAreaPage
from tests.guru.changes.conftest import backdate, publish_change

pytestmark = pytest.mark.django_db

JAN = datetime.date(2026, 1, 10)
MAR = datetime.date(2026, 3, 12)
JUN = datetime.date(2026, 6, 1)


def test_the_import_gives_every_page_its_first_version(handbook):
    for page in handbook.values():
        (version,) = PageVersion.objects.filter(page_key=page.pk)
        assert version.number == 1
        assert version.kind == ChangeKind.EDITORIAL
        assert version.note == "Första publicerade versionen."
        assert [s["anchor"] for s in version.sections] == [
            s["anchor"] for s in page.sections
        ]


def test_publishing_records_note_kind_and_changed_sections(komplettering, editor):
    version = publish_change(
        komplettering,
        section="tidsfrist",
        text="<p>Fristen är 14 dagar.</p>",
        user=editor,
    )

    assert version.number == 2
    assert version.kind == ChangeKind.SUBSTANTIVE
    assert version.note == "Ny tidsfrist för komplettering, 14 dagar i stället för 10."
    assert version.changed_anchors == ["tidsfrist"]
    assert version.author == editor
    # the next change starts without the old note
    page = GuidancePage.objects.get(pk=komplettering.pk)
    assert (page.change_kind, page.change_note) == (ChangeKind.EDITORIAL, "")


def test_a_substantive_change_without_a_note_is_refused(komplettering):
    page = GuidancePage.objects.get(pk=komplettering.pk)
    page.change_kind = ChangeKind.SUBSTANTIVE
    page.change_note = "   "

    with pytest.raises(ValidationError) as error:
        page.full_clean()

    assert "ändringsnotering" in str(error.value.message_dict["change_note"])
    assert PageVersion.objects.filter(page_key=page.pk).count() == 1


def test_an_editorial_change_needs_no_note(komplettering):
    version = publish_change(komplettering, kind=ChangeKind.EDITORIAL, note="")
    assert version.kind == ChangeKind.EDITORIAL
    assert version.note == ""


def test_as_of_a_date_returns_exactly_the_version_then_published(komplettering):
    first = backdate(PageVersion.objects.get(page_key=komplettering.pk), JAN)
    second = backdate(
        publish_change(komplettering, section="tidsfrist", text="<p>14 dagar.</p>"),
        MAR,
    )

    def at(day):
        return selectors.version_at(page_key=komplettering.pk, day=day)

    assert at(JAN - datetime.timedelta(days=1)) is None
    assert at(JAN) == first
    assert at(MAR - datetime.timedelta(days=1)) == first
    assert at(MAR) == second
    assert at(JUN) == second


def test_as_of_keeps_pages_later_moved_renamed_and_unpublished(komplettering, handbook):
    backdate(PageVersion.objects.get(page_key=komplettering.pk), JAN)
    for other in handbook.values():
        if other.pk != komplettering.pk:
            backdate(PageVersion.objects.get(page_key=other.pk), JAN)
    renamed = backdate(
        publish_change(
            komplettering,
            kind=ChangeKind.EDITORIAL,
            note="Ny rubrik.",
            title="Begära komplettering",
        ),
        MAR,
    )
    page = GuidancePage.objects.get(pk=komplettering.pk)
    decisions = ProcessAreaPage.objects.get(slug="beslut")
    page.move(decisions, pos="last-child")
    page = GuidancePage.objects.get(pk=komplettering.pk)
    page.unpublish()

    on_feb = selectors.handbook_at(day=datetime.date(2026, 2, 1))
    on_apr = selectors.handbook_at(day=datetime.date(2026, 4, 1))
    today = selectors.handbook_at(day=timezone.localdate())

    assert [v.title for v in on_feb["Ansökan"]] == ["Komplettering av ansökan"]
    assert [v.title for v in on_apr["Ansökan"]] == ["Begära komplettering"]
    assert on_apr["Ansökan"][0] == renamed
    assert "Ansökan" not in today  # unpublished since: nothing applies now
    assert selectors.version_at(page_key=page.pk, day=timezone.localdate()) is None


def test_version_links_are_stable_after_change_move_and_delete(
    client, caseworker, komplettering
):
    client.force_login(caseworker)
    first = PageVersion.objects.get(page_key=komplettering.pk)
    link = f"/andringar/version/{first.pk}/"
    before = client.get(link)
    assert before.status_code == 200
    assert "Detta är inte den gällande versionen" not in before.text

    publish_change(komplettering, section="tidsfrist", text="<p>Ny text.</p>")
    GuidancePage.objects.get(pk=komplettering.pk).delete()

    after = client.get(link)
    assert after.status_code == 200
    assert "Komplettering av ansökan" in after.text
    assert "Detta är inte den gällande versionen" in after.text
    assert "Sidan gäller inte längre" in after.text
    assert PageVersion.objects.filter(page_key=komplettering.pk).count() == 2


def test_page_as_of_view_says_it_is_not_the_current_version(
    client, caseworker, komplettering
):
    client.force_login(caseworker)
    backdate(PageVersion.objects.get(page_key=komplettering.pk), JAN)
    backdate(
        publish_change(komplettering, section="tidsfrist", text="<p>Ny frist.</p>"),
        MAR,
    )

    response = client.get(f"/andringar/sida/{komplettering.pk}/?datum=2026-02-01")

    assert response.status_code == 200
    assert "Så här såg sidan ut den 1 februari 2026" in response.text
    assert "Ny frist." not in response.text
    assert "gällde till 12 mars 2026" in response.text


def test_page_as_of_without_a_date_shows_the_latest_version(
    client, caseworker, komplettering
):
    # given a page with two published versions
    client.force_login(caseworker)
    publish_change(komplettering, section="tidsfrist", text="<p>Ny frist.</p>")

    # when a reader opens the page's address without ?datum=
    response = client.get(f"/andringar/sida/{komplettering.pk}/")

    # then the version in force is shown, not an error
    assert response.status_code == 200
    assert "Ny frist." in response.text
    assert "Version 2, publicerad" in response.text


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Välj ett datum."),
        ("1 mars", "Skriv datumet som ÅÅÅÅ-MM-DD."),
        ("2999-01-01", "Datumet får inte ligga i framtiden."),
    ],
)
def test_page_as_of_with_a_bad_date_explains_and_keeps_the_input(
    client, caseworker, komplettering, value, message
):
    client.force_login(caseworker)
    response = client.get(f"/andringar/sida/{komplettering.pk}/", {"datum": value})
    assert response.status_code == 400
    assert message in response.text
    assert f'value="{value}"' in response.text


def test_page_as_of_before_first_publication_says_so(client, caseworker, komplettering):
    client.force_login(caseworker)
    backdate(PageVersion.objects.get(page_key=komplettering.pk), JAN)
    response = client.get(f"/andringar/sida/{komplettering.pk}/?datum=2025-12-31")
    assert response.status_code == 404
    assert "Sidan var inte publicerad den 31 december 2025" in response.text


def test_handbook_as_of_view_lists_the_pages_of_that_day(client, caseworker, handbook):
    client.force_login(caseworker)
    for version in PageVersion.objects.all():
        backdate(version, JAN)
    response = client.get("/andringar/per-datum/?datum=2026-02-01")
    assert response.status_code == 200
    assert "Komplettering av ansökan" in response.text
    assert "Beslutsmotivering" in response.text
    empty = client.get("/andringar/per-datum/?datum=2025-06-01")
    assert "Inga sidor var publicerade det datumet." in empty.text
