"""Attachments of agenda items and plans are documents in the document space.

Whoever cannot open a document's folder neither sees the attachment nor gets the
file; a new upload goes through the document space's own checks and service.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from guru.documents import services as documents
from guru.documents.models import Document, DocumentEvent
from guru.meetings import services
from guru.meetings.models import AgendaItem, Plan
from tests.html import dangling_references


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def memo(folders):
    """A document only Ledningsgrupp may open."""
    return documents.document_upload(
        folder=folders["lg_meetings"],
        name="Underlag till LG.txt",
        data=b"Resultat per avdelning.",
    )


def _item_data(**extra) -> dict:
    return {"title": "Tertialuppföljning T3", "kind": "beslut", **extra}


def test_an_uploaded_attachment_becomes_a_document_in_the_chosen_folder(
    client, gd, meeting, folders
):
    # given
    client.force_login(gd)

    # when
    response = client.post(
        reverse("meetings:item_create", args=[meeting.pk]),
        _item_data(
            new_attachment=SimpleUploadedFile("Nyckeltal T3.csv", b"tal;utfall\n1;2\n"),
            attachment_folder=folders["lg_meetings"].pk,
        ),
    )

    # then
    assert response.status_code == 302
    document = AgendaItem.objects.get().attachments.get().document
    assert (document.folder, document.title) == (
        folders["lg_meetings"],
        "Nyckeltal T3.csv",
    )
    assert document.created_by == gd
    assert "utfall" in document.search_text  # its text is searchable
    assert DocumentEvent.objects.filter(document=document, user=gd).exists()


def test_an_upload_without_a_folder_asks_for_one_and_keeps_the_input(
    client, gd, meeting, folders
):
    # given
    client.force_login(gd)

    # when
    response = client.post(
        reverse("meetings:item_create", args=[meeting.pk]),
        _item_data(new_attachment=SimpleUploadedFile("PM.txt", b"Text")),
    )

    # then
    assert response.status_code == 422
    assert "Välj en mapp i dokumentrummet att spara den nya bilagan i." in (
        response.text
    )
    assert 'value="Tertialuppföljning T3"' in response.text
    assert not AgendaItem.objects.exists() and not Document.objects.exists()


def test_a_pdf_that_is_not_a_pdf_is_refused_with_the_document_spaces_message(
    client, gd, meeting, folders
):
    # given
    client.force_login(gd)

    # when
    response = client.post(
        reverse("meetings:item_create", args=[meeting.pk]),
        _item_data(
            description="Bakgrund till punkten.",
            new_attachment=SimpleUploadedFile("Rapport.pdf", b"inte en pdf"),
            attachment_folder=folders["lg_meetings"].pk,
        ),
    )

    # then
    assert response.status_code == 422
    assert "men innehållet är inte en sådan fil" in response.text
    assert "Bakgrund till punkten." in response.text
    assert not Document.objects.exists()


def test_a_name_taken_in_the_folder_is_refused_on_the_upload_field(
    client, gd, meeting, folders, memo
):
    # given a document of that name in the folder
    client.force_login(gd)

    # when
    response = client.post(
        reverse("meetings:item_create", args=[meeting.pk]),
        _item_data(
            new_attachment=SimpleUploadedFile(memo.title, b"Annan text"),
            attachment_folder=folders["lg_meetings"].pk,
        ),
    )

    # then nothing is stored, and the message stands by the upload field
    assert response.status_code == 422
    assert "Det finns redan ett dokument som heter" in response.text
    assert 'id="id_new_attachment_error"' in response.text
    assert dangling_references(response.text) == []
    assert not AgendaItem.objects.exists()
    assert Document.objects.count() == 1


def test_only_folders_the_editor_may_change_take_an_upload(
    client, gd, secretary, meeting, folders
):
    # given the folders offered: to a member, and to the note-taker, who edits
    # the agenda but is not in Ledningsgrupp
    offered = ">Ledningsgruppen / Möten</option>"
    client.force_login(gd)
    assert (
        offered in client.get(reverse("meetings:item_create", args=[meeting.pk])).text
    )
    client.force_login(secretary)
    assert offered not in (
        client.get(reverse("meetings:item_create", args=[meeting.pk])).text
    )

    # when they post a folder they may not change
    response = client.post(
        reverse("meetings:item_create", args=[meeting.pk]),
        _item_data(
            new_attachment=SimpleUploadedFile("PM.txt", b"Text"),
            attachment_folder=folders["lg"].pk,
        ),
    )

    # then
    assert response.status_code == 422
    assert not Document.objects.exists() and not AgendaItem.objects.exists()


def test_only_documents_the_editor_may_open_can_be_attached(
    client, gd, meeting, memo, secret
):
    # given
    client.force_login(gd)
    form = client.get(reverse("meetings:item_create", args=[meeting.pk])).text
    assert f'value="{memo.pk}"' in form
    assert "Lönekartläggning" not in form
    assert dangling_references(form) == []

    # when gd posts the id of a document they cannot open
    response = client.post(
        reverse("meetings:item_create", args=[meeting.pk]),
        _item_data(documents=[secret.pk]),
    )

    # then
    assert response.status_code == 422
    assert not AgendaItem.objects.exists()
    client.post(
        reverse("meetings:item_create", args=[meeting.pk]),
        _item_data(documents=[memo.pk]),
    )
    assert AgendaItem.objects.get().attachments.get().document == memo


def test_an_attachment_is_shown_only_to_those_who_may_open_its_folder(
    client, gd, secretary, meeting, item, memo
):
    # given an item whose attachment lies in Ledningsgruppen's folder
    services.agenda_item_update(item=item, documents=[memo])

    # when a member opens the meeting
    client.force_login(gd)
    page = client.get(meeting.get_absolute_url()).text

    # then it links to the document and to its current version
    assert memo.title in page
    assert f'href="{memo.get_absolute_url()}"' in page
    assert f'href="{reverse("documents:download", args=[memo.pk])}"' in page
    assert "ladda ner version 1" in page

    # when the note-taker, who may see the meeting but not the folder, opens it
    client.force_login(secretary)
    page = client.get(meeting.get_absolute_url()).text

    # then the attachment is not named, and the file cannot be fetched
    assert "Tertialuppföljning" in page
    assert memo.title not in page
    download = client.get(reverse("documents:download", args=[memo.pk]))
    assert download.status_code == 404


def test_a_document_deleted_in_the_document_space_is_no_longer_listed(
    client, gd, meeting, item, memo
):
    # given
    services.agenda_item_update(item=item, documents=[memo])
    documents.document_delete(document=memo, user=gd)

    # when
    client.force_login(gd)
    page = client.get(meeting.get_absolute_url()).text

    # then
    assert memo.title not in page


def test_saving_an_item_keeps_attachments_the_editor_cannot_open(
    client, secretary, meeting, item, memo, folders
):
    # given an attachment the note-taker cannot open, and one everybody can
    public = documents.document_upload(
        folder=folders["everyone"], name="Rutin.txt", data="Alla kan läsa.".encode()
    )
    services.agenda_item_update(item=item, documents=[memo, public])
    client.force_login(secretary)

    # when they save the item without choosing anything
    response = client.post(
        reverse("meetings:item_edit", args=[meeting.pk, item.pk]),
        _item_data(title="Tertialuppföljning, reviderad"),
    )

    # then what they could see is removed, what they could not see stays
    assert response.status_code == 302
    assert [a.document for a in item.attachments.all()] == [memo]


def test_the_printed_agenda_names_only_the_attachments_the_reader_may_open(
    client, gd, secretary, meeting, item, memo
):
    # given
    services.agenda_item_update(item=item, documents=[memo])
    url = reverse("meetings:agenda_pdf", args=[meeting.pk])

    # when / then
    client.force_login(gd)
    assert "Underlag till LG.txt" in _pdf_text(client.get(url).content)
    client.force_login(secretary)
    text = _pdf_text(client.get(url).content)
    assert "Tertialuppföljning" in text
    assert "Underlag till LG" not in text


def test_a_plan_shows_its_attachment_only_to_those_who_may_open_it(
    client, gd, head, staff, memo
):
    # given a plan whose owner is outside the group's folder
    plan = Plan(
        kind="handlingsplan",
        title="Innovationsförmåga",
        owner=staff,
        ordered_by="GD",
    )
    services.plan_save(plan=plan, activities=[], user=gd, documents=[memo])

    # when / then
    client.force_login(gd)
    page = client.get(plan.get_absolute_url()).text
    assert f'href="{memo.get_absolute_url()}"' in page
    client.force_login(staff)
    page = client.get(plan.get_absolute_url()).text
    assert "Innovationsförmåga" in page
    assert memo.title not in page
