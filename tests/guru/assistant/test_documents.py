"""Guidance documents from the document space in Doris's index (issue 7)."""

import pytest
from django.contrib.auth.models import Group

from guru.accounts.roles import Role
from guru.assistant.documents import text_sections
from guru.assistant.engine import engine_current
from guru.assistant.models import IndexChange, Question
from guru.assistant.selectors import doris_answer, sections_search
from guru.documents import services as documents
from guru.documents.models import AccessLevel, FolderAccess
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

QUESTION = "Vem godkänner en tjänsteresa med hyrbil?"
TEXT = """Resor i tjänsten

Hyrbil
En tjänsteresa med hyrbil godkänns av närmaste chef innan bokningen görs.
Hyrbilen bokas genom resebyrån och betalas med myndighetens kort.

Traktamente
Traktamente betalas ut när resan varar längre än en dag och går över natten.
"""


@pytest.fixture
def people(db):
    return {
        "lg": UserFactory(username="lg", roles=[Role.HANDLAGGARE, Role.LEDNINGSGRUPP]),
        "staff": UserFactory(username="staff", roles=[Role.HANDLAGGARE]),
    }


@pytest.fixture
def lg_folder(db):
    group = Group.objects.get(name=Role.LEDNINGSGRUPP.value)
    return documents.folder_create(
        name="Ledningsgruppen", groups={group: AccessLevel.EDIT}
    )


@pytest.fixture
def guidance(people, lg_folder, django_capture_on_commit_callbacks):
    """A guidance document in the management group's own folder (group only)."""
    with django_capture_on_commit_callbacks(execute=True):
        return documents.document_upload(
            folder=lg_folder,
            name="Resepolicy.txt",
            data=TEXT.encode(),
            user=people["lg"],
            is_guidance=True,
        )


def _document_section_ids() -> set[str]:
    engine = engine_current()
    return {
        sid
        for sid, alive in zip(engine.index.ids, engine.index.alive, strict=True)
        if alive and sid.startswith("d")
    }


def test_text_is_split_at_headings_into_cited_sections():
    sections = text_sections(TEXT)
    assert [heading for heading, _body in sections] == [
        "Resor i tjänsten – Hyrbil",
        "Traktamente",
    ]
    assert sections[0][1].startswith("En tjänsteresa med hyrbil")
    assert "natten" in sections[1][1]


def test_a_long_text_without_headings_is_cut_into_several_sections():
    paragraph = "Ansökan ska granskas noga innan beslut fattas. " * 30
    sections = text_sections(f"{paragraph}\n\n{paragraph}\n\n{paragraph}")
    assert len(sections) >= 3
    assert all(len(body) <= 2000 for _heading, body in sections)


def test_a_member_gets_the_answer_with_a_link_to_the_document(people, guidance):
    result = doris_answer(question=QUESTION, user=people["lg"])

    assert result.status == "answered"
    assert "närmaste chef" in result.text
    assert result.source.document_id == guidance.pk
    assert result.source.page_id is None
    assert result.source.href == guidance.get_absolute_url()
    assert result.source.label == "Resepolicy.txt › Resor i tjänsten – Hyrbil"


def test_a_non_member_never_gets_anything_from_the_document(people, guidance):
    result = doris_answer(question=QUESTION, user=people["staff"])

    assert result.source is None or result.source.document_id is None
    assert "närmaste chef" not in result.text
    assert all(ref.document_id is None for ref in result.suggestions)
    hits = sections_search(query="hyrbil tjänsteresa", user=people["staff"]).hits
    assert hits == []
    # while the member finds it in the search
    hits = sections_search(query="hyrbil tjänsteresa", user=people["lg"]).hits
    assert [h.document_id for h in hits][:1] == [guidance.pk]


def test_the_ask_page_and_the_log_follow_the_permissions(client, people, guidance):
    client.force_login(people["staff"])
    html = client.post("/doris/", {"fraga": QUESTION}).content.decode()
    assert "närmaste chef" not in html
    assert guidance.get_absolute_url() not in html

    client.force_login(people["lg"])
    html = client.post("/doris/", {"fraga": QUESTION}).content.decode()
    assert "närmaste chef" in html
    assert f'href="{guidance.get_absolute_url()}"' in html
    logged = Question.objects.filter(user=people["lg"]).get()
    assert logged.source_page is None
    assert logged.source_label.startswith("Resepolicy.txt")


def test_the_search_page_shows_the_document_only_to_members(client, people, guidance):
    client.force_login(people["staff"])
    html = client.get("/sok/", {"q": "hyrbil resebyrån"}).content.decode()
    assert "Resepolicy.txt" not in html
    assert guidance.get_absolute_url() not in html

    client.force_login(people["lg"])
    html = client.get("/sok/", {"q": "hyrbil resebyrån"}).content.decode()
    assert "Resepolicy.txt" in html
    assert "<mark>" in html


def test_a_plain_document_is_not_indexed(
    people, lg_folder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        documents.document_upload(
            folder=lg_folder, name="Anteckning.txt", data=TEXT.encode()
        )
    assert _document_section_ids() == set()
    assert sections_search(query="hyrbil", user=people["lg"]).hits == []


def test_unflagging_removes_and_flagging_adds_it_again(
    people, guidance, django_capture_on_commit_callbacks
):
    # given an engine that holds the document
    assert _document_section_ids()

    # when it is no longer guidance, the index follows without a rebuild
    with django_capture_on_commit_callbacks(execute=True):
        documents.document_set_guidance(
            document=guidance, user=people["lg"], is_guidance=False
        )
    assert IndexChange.objects.filter(kind="document", page_id=guidance.pk).exists()
    assert _document_section_ids() == set()
    assert doris_answer(question=QUESTION, user=people["lg"]).source is None

    # and when it is guidance again, Doris answers from it again
    with django_capture_on_commit_callbacks(execute=True):
        documents.document_set_guidance(
            document=guidance, user=people["lg"], is_guidance=True
        )
    result = doris_answer(question=QUESTION, user=people["lg"])
    assert result.source.document_id == guidance.pk


def test_a_new_version_replaces_the_text_and_deleting_removes_it(
    people, guidance, django_capture_on_commit_callbacks
):
    assert "närmaste chef" in doris_answer(question=QUESTION, user=people["lg"]).text

    with django_capture_on_commit_callbacks(execute=True):
        documents.version_upload(
            document=guidance,
            name="Resepolicy.txt",
            data=b"Hyrbil\nEn tjanstereseresa med hyrbil godkanns av enhetschefen.\n",
            user=people["lg"],
        )
    hits = sections_search(query="hyrbil enhetschefen", user=people["lg"]).hits
    assert hits and hits[0].document_id == guidance.pk
    assert sections_search(query="traktamente natten", user=people["lg"]).hits == []

    with django_capture_on_commit_callbacks(execute=True):
        documents.document_delete(document=guidance, user=people["lg"])
    assert _document_section_ids() == set()
    assert sections_search(query="hyrbil", user=people["lg"]).hits == []


def test_a_stale_index_still_hides_a_document_moved_out_of_reach(people, guidance):
    # given the engine holds the document (e.g. another process has not caught up)
    assert _document_section_ids()
    # when the group loses access to the folder (no index change at all)
    FolderAccess.objects.filter(folder=guidance.folder).delete()
    member = type(people["lg"]).objects.get(pk=people["lg"].pk)

    # then the member no longer gets anything from it
    result = doris_answer(question=QUESTION, user=member)
    assert result.source is None or result.source.document_id is None
    assert sections_search(query="hyrbil", user=member).hits == []


def test_the_editors_log_hides_an_answer_from_a_document_they_may_not_open(
    client, people, guidance, editor
):
    # given a member of the folder answered from the document, who commented
    client.force_login(people["lg"])
    client.post("/doris/", {"fraga": QUESTION})
    question = Question.objects.get(user=people["lg"])
    assert question.source_document_id == guidance.pk
    client.post(
        f"/doris/fraga/{question.pk}/svar/",
        {"helpful": "nej", "kommentar": "Säg också att närmaste chef attesterar."},
    )

    # when an editor outside the folder opens the log and the question
    client.force_login(editor)
    dashboard = client.get("/doris/redaktion/").content.decode()
    detail = client.get(f"/doris/redaktion/fraga/{question.pk}/").content.decode()

    # then the question shows, but not the answer, its source nor the comment
    for html in (dashboard, detail):
        assert QUESTION in html
        assert "närmaste chef" not in html
        assert "Resepolicy.txt" not in html

    # while a member of the folder still reads the answer and the comment
    from guru.assistant.selectors import questions_readable

    shown = questions_readable([question], user=people["lg"])[0]
    assert "närmaste chef" in shown.answer_text
    assert not shown.source_hidden
