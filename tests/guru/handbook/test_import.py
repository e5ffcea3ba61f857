"""The Markdown importer: good folders become pages; broken ones change nothing."""

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from guru.handbook.markdown_source import HandbookSourceError
from guru.handbook.models import GuidancePage, ProcessAreaPage
from guru.handbook.services import handbook_import
from tests.conftest import FIXTURES


@pytest.fixture
def folder(tmp_path) -> Path:
    """A writable copy of the good fixture handbook."""
    target = tmp_path / "handbok"
    shutil.copytree(FIXTURES / "good", target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_good_folder_becomes_areas_and_published_pages(editor, second_editor, folder):
    # when
    report = handbook_import(directory=folder)

    # then
    assert sorted(report.created) == [
        "ansokan/komplettering",
        "beslut/beslutsmotivering",
    ]
    assert list(
        ProcessAreaPage.objects.order_by("sort_order").values_list("title", flat=True)
    ) == ["Ansökan", "Beslut"]
    page = GuidancePage.objects.get(slug="komplettering")
    assert page.live and page.url == "/ansokan/komplettering/"
    assert page.owner_unit.code == "RÄTT-HS" and page.owner_person == editor
    assert [s["anchor"] for s in page.sections] == [
        "nar-behovs-en-komplettering",
        "tidsfrist",
    ]
    assert page.related_links.get().related_page.specific.slug == "beslutsmotivering"
    assert page.attachments.get().document.title == "Checklista"


def test_links_to_other_pages_keep_their_section_anchor(
    client, caseworker, editor, second_editor, folder
):
    # given
    handbook_import(directory=folder)
    client.force_login(caseworker)

    # when
    html = client.get("/ansokan/komplettering/").content.decode()

    # then
    assert 'href="/beslut/beslutsmotivering/#krav-pa-motivering"' in html
    assert 'href="#nar-behovs-en-komplettering"' in html
    assert 'href="/dokument/' in html


def test_running_the_import_again_changes_nothing(editor, second_editor, folder):
    # given
    handbook_import(directory=folder)
    revisions_before = {p.pk: p.revisions.count() for p in GuidancePage.objects.all()}

    # when
    report = handbook_import(directory=folder)

    # then
    assert report.created == [] and report.updated == []
    assert len(report.unchanged) == 2
    assert GuidancePage.objects.count() == 2
    assert {
        p.pk: p.revisions.count() for p in GuidancePage.objects.all()
    } == revisions_before


def test_a_changed_file_updates_its_page_with_a_new_revision(
    editor, second_editor, folder
):
    # given
    handbook_import(directory=folder)
    page = GuidancePage.objects.get(slug="komplettering")
    first_revision = page.live_revision

    # when
    edit(folder / "ansokan" / "komplettering.md", "*14 dagar*", "*21 dagar*")
    report = handbook_import(directory=folder)

    # then
    assert report.updated == ["ansokan/komplettering"]
    page.refresh_from_db()
    assert "21 dagar" in str(page.body)
    assert page.live_revision != first_revision
    assert page.revisions.filter(pk=first_revision.pk).exists(), "history is kept"


def test_pages_missing_from_the_folder_are_reported_not_deleted(
    editor, second_editor, folder
):
    # given
    handbook_import(directory=folder)

    # when
    (folder / "beslut" / "beslutsmotivering.md").unlink()
    edit(folder / "ansokan" / "komplettering.md", "  - beslut/beslutsmotivering\n", "")
    edit(
        folder / "ansokan" / "komplettering.md",
        "[beslutsmotivering](../beslut/beslutsmotivering.md#krav-pa-motivering)",
        "beslutsmotivering",
    )
    report = handbook_import(directory=folder)

    # then
    assert report.not_in_folder == ["beslut/beslutsmotivering"]
    assert GuidancePage.objects.get(slug="beslutsmotivering").live


def test_an_editors_unpublished_draft_stops_the_import(editor, second_editor, folder):
    # given
    handbook_import(directory=folder)
    page = GuidancePage.objects.get(slug="komplettering")
    page.title = "Utkast som inte får skrivas över"
    page.save_revision(user=editor)

    # when
    with pytest.raises(HandbookSourceError) as error:
        handbook_import(directory=folder)

    # then
    assert "ansokan/komplettering.md: Sidan har opublicerade ändringar" in str(
        error.value
    )


BROKEN = [
    pytest.param(
        "ansokan/komplettering.md",
        "title: Komplettering av ansökan",
        "title: [Komplettering",
        "ansokan/komplettering.md, rad 2: Framsidesdatan är inte giltig YAML",
        id="yaml-syntax",
    ),
    pytest.param(
        "ansokan/komplettering.md",
        "owner: redaktor\n",
        "",
        "ansokan/komplettering.md: Obligatoriskt fält saknas: owner.",
        id="missing-required-key",
    ),
    pytest.param(
        "ansokan/komplettering.md",
        "summary:",
        "sumary:",
        "ansokan/komplettering.md, rad 3: Okänt fält sumary.",
        id="unknown-key",
    ),
    pytest.param(
        "ansokan/komplettering.md",
        "last_reviewed: 2026-05-01",
        "last_reviewed: 1 maj",
        "ansokan/komplettering.md, rad 6: last_reviewed måste vara ett datum som ÅÅÅÅ-MM-DD",
        id="bad-date",
    ),
    pytest.param(
        "ansokan/komplettering.md",
        "review_due: 2026-11-01",
        "review_due: 2026-01-01",
        "ansokan/komplettering.md, rad 7: review_due måste vara senare än last_reviewed.",
        id="review-before-last-review",
    ),
    pytest.param(
        "ansokan/komplettering.md",
        "## Tidsfrist för komplettering {#tidsfrist}",
        "## Tidsfrist {#nar-behovs-en-komplettering}",
        "ansokan/komplettering.md, rad 23: Ankaret nar-behovs-en-komplettering används redan av avsnittet på rad 16.",
        id="duplicate-anchor",
    ),
    pytest.param(
        "ansokan/komplettering.md",
        "../beslut/beslutsmotivering.md#krav-pa-motivering",
        "../beslut/saknas.md",
        "ansokan/komplettering.md, rad 25: Länken pekar på beslut/saknas.md som inte finns.",
        id="link-to-missing-page",
    ),
    pytest.param(
        "ansokan/komplettering.md",
        "beslutsmotivering.md#krav-pa-motivering",
        "beslutsmotivering.md#finns-inte",
        "ansokan/komplettering.md, rad 25: Länken pekar på avsnittet #finns-inte som inte finns på beslut/beslutsmotivering.",
        id="link-to-missing-section",
    ),
    pytest.param(
        "ansokan/komplettering.md",
        "  - checklista.txt",
        "  - checklista-saknas.txt",
        "ansokan/komplettering.md, rad 11: Bilagan checklista-saknas.txt finns inte bredvid filen.",
        id="missing-attachment",
    ),
    pytest.param(
        "ansokan/komplettering.md",
        "related:\n  - beslut/beslutsmotivering",
        "related:\n  - beslut/okand",
        "ansokan/komplettering.md, rad 9: Relaterad sida beslut/okand finns inte i mappen.",
        id="missing-related-page",
    ),
    pytest.param(
        "ansokan/komplettering.md",
        "owner_unit: RÄTT-HS",
        "owner_unit: OKÄND",
        "ansokan/komplettering.md, rad 4: Enheten OKÄND finns inte i Guru.",
        id="unknown-unit",
    ),
    pytest.param(
        "beslut/beslutsmotivering.md",
        "owner: redaktor2",
        "owner: nagon-annan",
        "beslut/beslutsmotivering.md, rad 5: Användaren nagon-annan finns inte i Guru.",
        id="unknown-owner",
    ),
    pytest.param(
        "beslut/beslutsmotivering.md",
        "## Undantag från motivering",
        "# Undantag från motivering",
        "beslut/beslutsmotivering.md, rad 16: Rubriknivån # stöds inte",
        id="heading-level-1",
    ),
    pytest.param(
        "beslut/beslutsmotivering.md",
        "Motiveringen kan utelämnas i vissa fall.",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "beslut/beslutsmotivering.md, rad 18: Tabeller stöds inte",
        id="table",
    ),
    pytest.param(
        "beslut/beslutsmotivering.md",
        "Ett beslut ska motiveras.",
        "![bild](bild.png)",
        "beslut/beslutsmotivering.md, rad 10: Bilder stöds inte",
        id="image",
    ),
    pytest.param(
        "beslut/beslutsmotivering.md",
        "Motiveringen kan utelämnas i vissa fall.\n",
        "",
        "beslut/beslutsmotivering.md, rad 16: Avsnittet Undantag från motivering saknar text.",
        id="empty-section",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), BROKEN)
def test_broken_file_is_reported_with_file_and_line_and_nothing_is_imported(
    editor, second_editor, folder, file, old, new, message
):
    # given a folder where one file is broken
    edit(folder / file, old, new)
    pages_before = Page.objects.count()

    # when
    with pytest.raises(HandbookSourceError) as error:
        handbook_import(directory=folder)

    # then the message names the file and line, and nothing was written
    assert message in str(error.value)
    assert Page.objects.count() == pages_before
    assert not GuidancePage.objects.exists()


def test_a_file_that_is_not_utf8_is_named_with_its_line(editor, second_editor, folder):
    # given
    path = folder / "beslut" / "beslutsmotivering.md"
    path.write_bytes(
        path.read_bytes().replace(b"Ett beslut", "Ett b\xe4slut".encode("latin-1"))
    )

    # when
    with pytest.raises(HandbookSourceError) as error:
        handbook_import(directory=folder)

    # then
    assert (
        "beslut/beslutsmotivering.md, rad 10: Filen är inte sparad som UTF-8."
        in str(error.value)
    )
    assert not GuidancePage.objects.exists()


def test_an_area_without_area_file_is_reported(editor, second_editor, folder):
    (folder / "beslut" / "_area.md").unlink()
    with pytest.raises(HandbookSourceError) as error:
        handbook_import(directory=folder)
    assert "beslut: Processområdet saknar filen _area.md." in str(error.value)


def test_every_problem_in_every_file_is_reported_at_once(editor, second_editor, folder):
    # given two broken files
    edit(folder / "ansokan" / "komplettering.md", "summary:", "sumary:")
    edit(
        folder / "beslut" / "beslutsmotivering.md",
        "owner: redaktor2",
        "owner: nagon-annan",
    )
    edit(
        folder / "beslut" / "beslutsmotivering.md",
        "## Undantag från motivering",
        "## Krav på motivering",
    )

    # when
    with pytest.raises(HandbookSourceError) as error:
        handbook_import(directory=folder)

    # then the parse problems of both files are listed together
    problems = [str(p) for p in error.value.problems]
    assert any(p.startswith("ansokan/komplettering.md, rad 3") for p in problems)
    assert any(p.startswith("beslut/beslutsmotivering.md, rad 16") for p in problems)


def test_command_reports_success_and_failure_in_swedish(
    editor, second_editor, folder, capsys
):
    # when the folder is good
    call_command("import_handbook", str(folder))

    # then
    assert (
        "Klart: 2 nya, 0 uppdaterade, 0 oförändrade sidor." in capsys.readouterr().out
    )

    # when a file is broken
    edit(folder / "ansokan" / "komplettering.md", "summary:", "sumary:")
    with pytest.raises(CommandError) as error:
        call_command("import_handbook", str(folder))

    # then
    assert "Inget importerades: 1 fel hittades." in str(error.value)
    assert "ansokan/komplettering.md, rad 3: Okänt fält sumary." in str(error.value)


def test_a_missing_folder_is_a_clear_error(db, tmp_path):
    with pytest.raises(HandbookSourceError) as error:
        handbook_import(directory=tmp_path / "finns-inte")
    assert "Mappen finns inte." in str(error.value)
