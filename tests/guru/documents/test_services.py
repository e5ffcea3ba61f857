"""Uploads, versions, file checks, soft delete and the audit trail."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from guru.documents import samples, services
from guru.documents.files import FileRejected
from guru.documents.models import DocumentEvent, EventKind, TextStatus
from guru.documents.signals import guidance_changed


def test_upload_stores_file_under_a_safe_name_and_keeps_the_display_name(
    people, folders
):
    # given a file name with odd characters
    name = 'Protokoll: LG 27 mars "utkast" – åäö?*<>.txt'

    # when it is uploaded
    document = services.document_upload(
        folder=folders["lg"], name=name, data=b"Beslut om ERUF.", user=people["lg"]
    )

    # then people see the name, the storage sees a safe ASCII name
    version = document.current_version
    assert document.title == name
    stored = version.file.name.rsplit("/", 1)[1]
    assert stored == "Protokoll-LG-27-mars-utkast-aao.txt"
    assert version.file.read() == b"Beslut om ERUF."
    assert version.size == 15 and len(version.checksum) == 64
    assert version.text_status == TextStatus.OK


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("virus.exe", b"MZ...", "unsupported"),
        ("utan-andelse", b"text", "unsupported"),
        ("fake.pdf", b"not a pdf at all", "damaged"),
        ("fake.docx", b"plain text", "damaged"),
        ("empty.txt", b"", "empty"),
    ],
)
def test_files_are_checked_by_type_and_content(people, folders, name, data, reason):
    with pytest.raises(FileRejected) as rejected:
        services.document_upload(
            folder=folders["lg"], name=name, data=data, user=people["lg"]
        )
    assert rejected.value.reason == reason
    assert rejected.value.message  # a Swedish sentence for the user


def test_path_parts_and_control_characters_never_reach_the_name(people, folders):
    document = services.document_upload(
        folder=folders["lg"], name="..\\..\\etc\\pass\x07wd.txt", data=b"x"
    )
    assert document.title == "passwd.txt"
    assert ".." not in document.current_version.file.name


@override_settings(GURU_DOCUMENTS_MAX_SIZE=10)
def test_too_large_file_is_refused_with_its_size(people, folders):
    with pytest.raises(FileRejected, match="största tillåtna") as rejected:
        services.document_upload(
            folder=folders["lg"], name="stor.txt", data=b"x" * 11, user=people["lg"]
        )
    assert rejected.value.reason == "too_large"


def test_text_is_extracted_from_pdf_docx_and_xlsx(people, folders):
    # given three office files with known words
    pdf = samples.pdf_bytes(
        title="Tertial", paragraphs=["Fokus på kompetensförsörjning"]
    )
    docx = samples.docx_bytes(
        title="Underlag", paragraphs=["Kommunikationsplan för ERUF"]
    )
    xlsx = samples.xlsx_bytes(sheet="Nyckeltal", rows=[["Handläggningstid", 42]])

    # when they are uploaded
    uploaded = {
        name: services.document_upload(
            folder=folders["lg"], name=name, data=data, user=people["lg"]
        )
        for name, data in [("a.pdf", pdf), ("b.docx", docx), ("c.xlsx", xlsx)]
    }

    # then their text is stored and searchable
    assert "kompetensförsörjning" in uploaded["a.pdf"].current_version.text
    assert "Kommunikationsplan för ERUF" in uploaded["b.docx"].current_version.text
    assert "Handläggningstid 42" in uploaded["c.xlsx"].current_version.text
    assert {d.current_version.text_status for d in uploaded.values()} == {"ok"}


def test_new_version_keeps_the_old_one_and_records_who(people, folders):
    document = services.document_upload(
        folder=folders["lg"], name="plan.txt", data=b"Version ett", user=people["lg"]
    )
    services.version_upload(
        document=document,
        name="plan (2).txt",
        data=b"Version tva",
        user=people["lg"],
        comment="Efter mötet",
    )
    document.refresh_from_db()
    versions = list(document.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].file.read() == b"Version ett"
    assert document.current_version == versions[1]
    assert document.title == "plan.txt"
    assert versions[1].uploaded_by == people["lg"]
    assert "version tva" in document.search_text


def test_new_version_must_keep_the_file_type(people, folders):
    document = services.document_upload(
        folder=folders["lg"], name="plan.txt", data=b"Text", user=people["lg"]
    )
    pdf = samples.pdf_bytes(title="Plan", paragraphs=["Text"])
    with pytest.raises(ValidationError, match="samma filtyp"):
        services.version_upload(
            document=document, name="plan.pdf", data=pdf, user=people["lg"]
        )


def test_same_name_twice_in_a_folder_is_refused(people, folders):
    services.document_upload(
        folder=folders["lg"], name="Plan.txt", data=b"a", user=people["lg"]
    )
    with pytest.raises(ValidationError, match="ny version"):
        services.document_upload(
            folder=folders["lg"], name="plan.TXT", data=b"b", user=people["lg"]
        )


def test_user_without_edit_right_cannot_upload(people, folders):
    with pytest.raises(PermissionDenied):
        services.document_upload(
            folder=folders["everyone"], name="a.txt", data=b"a", user=people["staff"]
        )


def test_soft_delete_hides_keeps_file_and_records_the_trail(people, folders):
    document = services.document_upload(
        folder=folders["lg"], name="gammal.txt", data=b"gammalt", user=people["lg"]
    )
    services.document_delete(document=document, user=people["lg"], reason="Inaktuell")
    document.refresh_from_db()
    assert document.deleted_at is not None
    assert document.current_version.file.read() == b"gammalt"
    # a new document may take the name
    services.document_upload(
        folder=folders["lg"], name="gammal.txt", data=b"ny", user=people["lg"]
    )
    kinds = list(
        DocumentEvent.objects.filter(document=document).values_list("kind", "detail")
    )
    assert (EventKind.DELETED, "Inaktuell") in kinds
    with pytest.raises(ValidationError):
        services.document_restore(document=document, user=people["lg"])


def test_guidance_changes_are_signalled_after_commit(
    people, folders, django_capture_on_commit_callbacks
):
    # given a listener (as the assistant would be)
    received = []

    def listener(sender, document, **kwargs):
        received.append(document.title)

    guidance_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            plain = services.document_upload(
                folder=folders["lg"], name="Vanlig.txt", data=b"a"
            )
            guide = services.document_upload(
                folder=folders["lg"], name="Rutin.txt", data=b"b", is_guidance=True
            )
            services.version_upload(document=plain, name="Vanlig.txt", data=b"c")
            services.version_upload(document=guide, name="Rutin.txt", data=b"d")
            services.document_set_guidance(
                document=guide, user=people["lg"], is_guidance=False
            )
    finally:
        guidance_changed.disconnect(listener)

    # then only changes to what Doris may answer from were announced
    assert received == ["Rutin.txt", "Rutin.txt", "Rutin.txt"]


@pytest.mark.django_db
def test_the_database_refuses_two_top_folders_of_the_same_name():
    from django.db import IntegrityError, transaction

    from guru.documents.models import Folder

    Folder.objects.create(name="Ledningsgruppen", parent=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Folder.objects.create(name="Ledningsgruppen", parent=None)
