"""Readable differences, and what a reader sees on the page itself."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from guru.changes import selectors
from guru.changes.diff import (
    Part,
    changed_anchors,
    plain_text,
    sections_diff,
    word_diff,
)
from guru.changes.models import PageVersion, PageVisit
from guru.handbook.models import ChangeKind
from tests.guru.changes.conftest import backdate, publish_change


def test_word_diff_marks_only_the_changed_words():
    assert word_diff("Fristen är 10 dagar.", "Fristen är 14 dagar.") == [
        Part("equal", "Fristen är"),
        Part("delete", "10"),
        Part("insert", "14"),
        Part("equal", "dagar."),
    ]


words = st.lists(st.sampled_from(["frist", "14", "dagar", "§", "beslut", "ERUF"]))


@given(words, words)
def test_word_diff_rebuilds_both_texts(old, new):
    parts = word_diff(" ".join(old), " ".join(new))
    assert " ".join(p.text for p in parts if p.op != "insert").split() == old
    assert " ".join(p.text for p in parts if p.op != "delete").split() == new


def test_html_is_compared_as_text_and_never_passed_through():
    assert plain_text("<p>Ett &amp; två</p><ul><li>tre</li></ul>") == "Ett & två tre"
    old = [{"heading": "A", "anchor": "a", "html": "<p>x</p>"}]
    new = [
        {"heading": "A", "anchor": "a", "html": "<p>x <script>alert(1)</script></p>"},
        {"heading": "B", "anchor": "b", "html": "<p>ny</p>"},
    ]
    diffs = sections_diff(old, new)
    assert [(d.anchor, d.status) for d in diffs] == [("a", "changed"), ("b", "added")]
    assert all("<" not in part.text for d in diffs for part in d.parts)
    assert changed_anchors(old, new) == ["a", "b"]
    assert [d.status for d in sections_diff(new, old)] == ["changed", "removed"]


@pytest.mark.django_db
def test_diff_view_shows_added_and_removed_words(client, caseworker, handbook):
    client.force_login(caseworker)
    page = handbook["komplettering"]
    publish_change(
        page,
        section="tidsfrist",
        text="<p>Fristen är 14 kalenderdagar från begäran.</p>",
    )
    response = client.get(f"/andringar/sida/{page.pk}/jamfor/")
    assert response.status_code == 200
    assert "<del>Sökanden har</del> <ins>Fristen är</ins> 14" in response.text
    assert "<ins>kalenderdagar från begäran.</ins>" in response.text
    assert "Ny tidsfrist för komplettering" in response.text


@pytest.mark.django_db
def test_diff_view_shows_changes_to_title_summary_and_ingress(
    client, caseworker, handbook
):
    # given a change to the page's head only, not to any section
    page = handbook["komplettering"]
    publish_change(
        page,
        title="Komplettering av en ansökan",
        summary="Så begär du in det som saknas, inom 14 dagar.",
        intro="<p>Gäller alla stöd från och med 1 januari.</p>",
    )
    client.force_login(caseworker)

    # when a reader asks what changed
    html = client.get(f"/andringar/sida/{page.pk}/jamfor/").text

    # then title, summary and ingress are shown as changed, word by word
    assert "Komplettering av <ins>en</ins> ansökan" in html
    assert "<ins>du in det som saknas, inom 14 dagar.</ins>" in html
    assert "<ins>Gäller alla stöd från och med 1 januari.</ins>" in html
    for label in ("Rubrik", "Sammanfattning", "Ingress"):
        assert f'{label} <span class="badge">Ändrat</span>' in html
    assert html.count('<span class="badge">Ändrat</span>') == 3


@pytest.mark.django_db
def test_diff_view_leaves_out_an_unchanged_head(client, caseworker, handbook):
    page = handbook["komplettering"]
    publish_change(page, section="tidsfrist", text="<p>14 dagar.</p>")
    client.force_login(caseworker)

    html = client.get(f"/andringar/sida/{page.pk}/jamfor/").text

    assert "Rubrik <span" not in html and "Sammanfattning <span" not in html
    assert html.count('<span class="badge">Ändrat</span>') == 1


@pytest.mark.django_db
def test_page_marks_recent_substantive_sections_and_lists_history(
    client, caseworker, handbook, settings
):
    settings.GURU_CHANGE_MARK_DAYS = 60
    client.force_login(caseworker)
    page = handbook["komplettering"]
    version = publish_change(page, section="tidsfrist", text="<p>14 dagar.</p>")
    day = timezone.localdate()

    response = client.get(page.url)
    assert f"Ändrat {day:%Y-%m-%d}" in response.text
    assert f"?till={version.number}#diff-tidsfrist" in response.text
    assert "Ändringshistorik" in response.text
    assert "Saklig" in response.text

    # older than the window: history keeps it, the mark goes
    backdate(version, day - datetime.timedelta(days=61))
    assert "Ändrat " not in client.get(page.url).text


@pytest.mark.django_db
def test_editorial_changes_are_not_marked(client, caseworker, handbook):
    client.force_login(caseworker)
    page = handbook["komplettering"]
    publish_change(
        page, kind=ChangeKind.EDITORIAL, note="", section="tidsfrist", text="<p>Ny.</p>"
    )
    assert "Ändrat " not in client.get(page.url).text


@pytest.mark.django_db
def test_sections_changed_since_the_last_visit_are_highlighted(
    client, caseworker, handbook
):
    client.force_login(caseworker)
    page = handbook["komplettering"]
    first = client.get(page.url)
    assert "sedan ditt senaste besök" not in first.text
    visit = PageVisit.objects.get(user=caseworker, page_key=page.pk)
    visit.visited_at -= datetime.timedelta(hours=1)
    visit.save()

    publish_change(
        page, kind=ChangeKind.EDITORIAL, note="", section="tidsfrist", text="<p>Ny.</p>"
    )
    second = client.get(page.url)
    assert "Ett avsnitt har ändrats sedan ditt senaste besök" in second.text
    assert "guidance-section--new" in second.text

    # once read, it is no longer new
    assert "guidance-section--new" not in client.get(page.url).text


@pytest.mark.django_db
def test_atom_feed_lists_substantive_changes_of_the_area(client, caseworker, handbook):
    client.force_login(caseworker)
    page = handbook["komplettering"]
    publish_change(page, note="Ny frist för komplettering.")
    publish_change(page, kind=ChangeKind.EDITORIAL, note="Putsat språket.")
    area = page.get_parent()

    response = client.get(f"/andringar/flode/{area.pk}/")

    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Ny frist för komplettering." in response.text
    assert "Putsat språket." not in response.text


@pytest.mark.django_db
def test_change_report_exports_the_period_to_xlsx_and_csv(client, handbook, editor):
    import io

    import openpyxl

    client.force_login(editor)
    publish_change(
        handbook["komplettering"],
        note="Ny frist för komplettering.",
        section="tidsfrist",
        text="<p>14 kalenderdagar.</p>",
    )
    version = PageVersion.objects.get(number=2)
    backdate(version, datetime.date(2026, 3, 12))

    page = client.get("/admin/andringar/")
    assert page.status_code == 200
    assert "Ny frist för komplettering." in page.text

    in_period = {
        "published_at_from": "2026-03-01",
        "published_at_to": "2026-03-31",
    }
    csv = client.get("/admin/andringar/", {**in_period, "export": "csv"})
    assert "Ny frist för komplettering." in csv.getvalue().decode()
    outside = client.get(
        "/admin/andringar/",
        {
            "published_at_from": "2026-04-01",
            "published_at_to": "2026-04-30",
            "export": "csv",
        },
    )
    assert "Ny frist" not in outside.getvalue().decode()

    xlsx = client.get("/admin/andringar/", {**in_period, "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Publicerad", "Processområde", "Sida")
    assert rows[1][2] == "Komplettering av ansökan"
    assert rows[1][7] == "Tidsfrist för komplettering"


@pytest.mark.django_db
def test_caseworkers_cannot_open_the_change_report(client, handbook, caseworker):
    client.force_login(caseworker)
    response = client.get("/admin/andringar/")
    assert response.status_code in {302, 403}


@pytest.mark.django_db
def test_history_marks_and_news_since_a_visit_are_read_in_one_query(
    handbook, settings, django_assert_num_queries
):
    settings.GURU_CHANGE_MARK_DAYS = 60
    page = handbook["komplettering"]
    section_a = page.sections[0]["anchor"]
    # two saklig changes to the first section, then ten editorial ones to the other:
    # the first section's changes are not among the ten versions of the history
    first_changes = [
        publish_change(page, section=section_a, text=f"<p>Ändring {i}.</p>")
        for i in range(2)
    ]
    later = [
        publish_change(
            page,
            kind=ChangeKind.EDITORIAL,
            note="",
            section="tidsfrist",
            text=f"<p>{i} dagar.</p>",
        )
        for i in range(10)
    ]
    newest_first = list(
        PageVersion.objects.filter(page_key=page.pk).order_by("-number")
    )
    visit = timezone.now() - datetime.timedelta(hours=1)
    backdate(newest_first[-1], timezone.localdate() - datetime.timedelta(days=400))

    with django_assert_num_queries(1):
        changes = selectors.page_changes(page_key=page.pk, previous_visit=visit)

    assert changes["history"] == newest_first[:10] == later[::-1]
    assert changes["marks"] == {section_a: first_changes[-1]}
    assert changes["new_since"] == {
        section_a: first_changes[-1],
        "tidsfrist": later[-1],
    }
    assert selectors.page_changes(page_key=page.pk)["new_since"] == {}
