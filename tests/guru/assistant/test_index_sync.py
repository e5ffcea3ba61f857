"""Doris's index follows the handbook: publish, unpublish, move, delete, rebuild."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command

from guru.assistant import engine as engine_module
from guru.assistant.engine import engine_current, held_version
from guru.assistant.models import IndexChange, IndexSnapshot, IndexState
from guru.assistant.sections import sections_for_page
from guru.assistant.selectors import doris_answer, sections_search
from tests.guru.assistant.conftest import add_section

pytestmark = pytest.mark.django_db(transaction=True)


def _section_ids():
    engine = engine_current()
    return {
        sid
        for sid, alive in zip(engine.index.ids, engine.index.alive, strict=True)
        if alive
    }


def test_the_lead_is_the_introduction_and_the_summary_stands_in_for_none(handbook):
    page = handbook["komplettering"].specific
    lead = sections_for_page(page)[0]
    assert lead.anchor == ""
    assert (
        lead.body
        == "En ofullständig ansökan kan inte prövas. Då begär vi komplettering."
    )
    assert page.summary not in lead.body

    page.intro = ""
    page.save_revision().publish()
    page.refresh_from_db()
    lead = sections_for_page(page)[0]
    assert (lead.anchor, lead.body) == ("", "När och hur vi begär kompletteringar.")


def test_live_sections_are_indexed_with_page_and_anchor(handbook):
    page = handbook["komplettering"]
    ids = _section_ids()
    assert f"{page.pk}#tidsfrist" in ids
    assert f"{page.pk}#nar-behovs-en-komplettering" in ids


def test_publishing_a_new_section_updates_the_index_without_a_rebuild(
    handbook, caseworker
):
    # given an engine at the current version
    engine_current()
    before = held_version()
    page = handbook["beslutsmotivering"]

    # when an editor publishes a new section
    add_section(
        page,
        heading="Överklagande",
        body="Ett beslut om stöd kan överklagas till förvaltningsrätten inom tre veckor.",
    )

    # then the version moved, one change was logged and Doris finds the section
    assert IndexState.objects.get().version > before
    assert IndexChange.objects.filter(page_id=page.pk).exists()
    result = sections_search(query="överklagas förvaltningsrätten", user=caseworker)
    assert result.hits[0].page_id == page.pk
    assert result.hits[0].anchor == "overklagande"


def test_unpublishing_and_deleting_remove_the_page(handbook, caseworker):
    page = handbook["beslutsmotivering"]
    assert any(sid.startswith(f"{page.pk}#") for sid in _section_ids())

    page.unpublish()
    assert not any(sid.startswith(f"{page.pk}#") for sid in _section_ids())

    page.refresh_from_db()
    page.save_revision().publish()
    assert any(sid.startswith(f"{page.pk}#") for sid in _section_ids())

    page.delete()
    assert not any(sid.startswith(f"{page.pk}#") for sid in _section_ids())


def test_moved_page_is_found_at_its_new_address(handbook, caseworker):
    page = handbook["beslutsmotivering"]
    other_area = handbook["komplettering"].get_parent()
    engine_current()

    page.move(other_area, pos="last-child")

    result = sections_search(query="föreskrifter motivering", user=caseworker)
    hit = next(h for h in result.hits if h.page_id == page.pk)
    assert hit.url.startswith(other_area.specific.url)


def test_rebuild_command_stores_a_snapshot_that_a_new_process_loads(handbook):
    # when the rebuild command runs
    call_command("rebuild_doris_index")

    # then a snapshot holds every section and no older change is kept
    snapshot = IndexSnapshot.objects.get()
    assert snapshot.version == IndexState.objects.get().version
    assert not IndexChange.objects.filter(version__lte=snapshot.version).exists()

    # and a process without an engine loads the snapshot instead of re-reading pages
    engine_module.engine_forget()
    built = []
    original = engine_module.engine_build
    engine_module.engine_build = lambda: built.append(1) or original()
    try:
        ids = _section_ids()
    finally:
        engine_module.engine_build = original
    assert built == []
    assert len(ids) == snapshot.sections


def test_changes_after_a_snapshot_are_applied_on_top_of_it(handbook, caseworker):
    call_command("rebuild_doris_index")
    page = handbook["komplettering"]
    add_section(
        page, heading="Påminnelse", body="Skicka en påminnelse efter tio dagar."
    )
    engine_module.engine_forget()

    result = doris_answer(question="När skickar vi en påminnelse?", user=caseworker)

    assert result.source is not None
    assert result.source.anchor == "paminnelse"


def test_a_snapshot_from_an_older_engine_is_rebuilt_instead_of_failing(
    handbook, caseworker
):
    # given a snapshot whose saved format this engine does not know
    call_command("rebuild_doris_index")
    snapshot = IndexSnapshot.objects.get()
    old = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(bytes(snapshot.data))) as current,
        zipfile.ZipFile(old, "w") as archive,
    ):
        for name in current.namelist():
            data = current.read(name)
            if name == "index.json":
                meta = json.loads(data)
                meta["format"] = 1
                data = json.dumps(meta).encode()
            archive.writestr(name, data)
    snapshot.data = old.getvalue()
    snapshot.save()

    # when a new process loads the index
    engine_module.engine_forget()
    ids = _section_ids()

    # then it rebuilt from the pages and Doris still answers
    assert len(ids) == snapshot.sections
    result = sections_search(query="motivering", user=caseworker)
    assert result.hits


def test_drafts_and_scheduled_revisions_are_not_answered_from(
    handbook, caseworker, editor
):
    import datetime

    from django.utils import timezone

    from guru.assistant.services import variant_add

    page = handbook["beslutsmotivering"].specific
    query = "överklagas förvaltningsrätten"

    # given a draft with a new section, saved but not published
    page.body.append(
        (
            "section",
            {
                "heading": "Överklagande",
                "anchor": "",
                "body": "<p>Ett beslut kan överklagas till förvaltningsrätten.</p>",
            },
        )
    )
    page.fill_section_anchors()
    revision = page.save_revision(user=editor)
    # and the page re-read into the index for another reason (a new variant)
    variant_add(editor=editor, page=page, anchor="", text="Vad gäller för beslut?")
    assert not sections_search(query=query, user=caseworker).hits

    # when the draft is approved to go live in a week
    page.go_live_at = timezone.now() + datetime.timedelta(days=7)
    revision = page.save_revision(user=editor)
    revision.publish()

    # then Doris still answers from the published text only
    page.refresh_from_db()
    assert page.live
    assert not sections_search(query=query, user=caseworker).hits
    assert not any("overklagande" in sid for sid in _section_ids())
    as_of_today = doris_answer(
        question="Kan beslutet överklagas till förvaltningsrätten?",
        user=caseworker,
        as_of=timezone.localdate(),
    )
    assert "förvaltningsrätten" not in as_of_today.text
    assert all(s.anchor != "overklagande" for s in as_of_today.suggestions)
