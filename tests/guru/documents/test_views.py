"""Browsing, uploading, downloading and searching through HTTP."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from guru.documents import services
from guru.documents.models import Document, EventKind


def test_folder_lists_its_documents_and_subfolders(client, people, folders):
    services.document_upload(
        folder=folders["lg"], name="Dagordning.txt", data=b"Punkt 1"
    )
    client.force_login(people["lg"])
    response = client.get(reverse("documents:folder", args=[folders["lg"].pk]))
    assert response.status_code == 200
    assert "Dagordning.txt" in response.text
    assert "Möten" in response.text
    assert "Ladda upp ett dokument" in response.text


def test_home_lists_only_folders_the_user_may_open(client, people, folders):
    client.force_login(people["staff"])
    response = client.get(reverse("documents:home"))
    assert "Alla medarbetare" in response.text
    assert "Ledningsgruppen" not in response.text


def test_upload_through_the_form_then_download_with_the_display_name(
    client, people, folders
):
    client.force_login(people["lg"])
    upload = SimpleUploadedFile("Möte 27 mars (utkast).txt", b"Beslut om ERUF")
    response = client.post(
        reverse("documents:upload", args=[folders["lg"].pk]),
        {"file": upload, "comment": "Första utkastet"},
    )
    assert response.status_code == 302
    document = Document.objects.get()
    response = client.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Beslut om ERUF"
    assert "attachment" in response["Content-Disposition"]
    assert "M%C3%B6te%2027%20mars" in response["Content-Disposition"]


def test_rejected_upload_says_why_in_swedish_and_keeps_the_comment(
    client, people, folders
):
    client.force_login(people["lg"])
    response = client.post(
        reverse("documents:upload", args=[folders["lg"].pk]),
        {"file": SimpleUploadedFile("program.exe", b"MZ"), "comment": "Mitt skrivna"},
    )
    assert response.status_code == 422
    assert "Filtypen ”exe” kan inte lagras" in response.text
    assert 'value="Mitt skrivna"' in response.text
    assert not Document.objects.exists()


@override_settings(GURU_DOCUMENTS_MAX_SIZE=100)
def test_too_large_upload_is_refused_before_storing(client, people, folders):
    client.force_login(people["lg"])
    response = client.post(
        reverse("documents:upload", args=[folders["lg"].pk]),
        {"file": SimpleUploadedFile("stor.txt", b"a" * 101)},
    )
    assert response.status_code == 422
    assert "största tillåtna storleken är 100 byte" in response.text


def _new_version(client, people, folders, name: str, data: bytes):
    """plan.txt (version 1), and the response to a new version sent as ``name``."""
    document = services.document_upload(
        folder=folders["lg"], name="plan.txt", data=b"ett", user=people["lg"]
    )
    client.force_login(people["lg"])
    response = client.post(
        reverse("documents:version_upload", args=[document.pk]),
        {"file": SimpleUploadedFile(name, data), "comment": "Justerad"},
    )
    return document, response


def test_new_version_through_the_form_appears_in_the_version_list(
    client, people, folders
):
    document, response = _new_version(client, people, folders, "plan.txt", b"tva")
    assert response.status_code == 302
    page = client.get(reverse("documents:document", args=[document.pk])).text
    assert "Version 2" in page and "Version 1" in page and "Justerad" in page
    old = client.get(reverse("documents:download_version", args=[document.pk, 1]))
    assert b"".join(old.streaming_content) == b"ett"


def test_a_refused_new_version_answers_422_and_keeps_the_comment(
    client, people, folders
):
    document, response = _new_version(client, people, folders, "plan.exe", b"MZ")
    assert response.status_code == 422
    assert "Filtypen ”exe” kan inte lagras" in response.text
    assert 'value="Justerad"' in response.text
    assert document.versions.count() == 1


def test_user_without_access_gets_not_found_for_folder_document_and_file(
    client, people, folders
):
    document = services.document_upload(
        folder=folders["lg"], name="hemlig.txt", data=b"konfidentiellt"
    )
    client.force_login(people["staff"])
    for url in [
        reverse("documents:folder", args=[folders["lg"].pk]),
        reverse("documents:folder", args=[folders["lg_meetings"].pk]),
        reverse("documents:document", args=[document.pk]),
        reverse("documents:download", args=[document.pk]),
        reverse("documents:download_version", args=[document.pk, 1]),
    ]:
        assert client.get(url).status_code == 404, url


def test_reader_cannot_upload_or_delete(client, people, folders):
    document = services.document_upload(
        folder=folders["everyone"], name="info.txt", data=b"info"
    )
    client.force_login(people["staff"])
    upload = client.post(
        reverse("documents:upload", args=[folders["everyone"].pk]),
        {"file": SimpleUploadedFile("a.txt", b"a")},
    )
    delete = client.post(reverse("documents:delete", args=[document.pk]))
    assert (upload.status_code, delete.status_code) == (403, 403)
    document.refresh_from_db()
    assert document.deleted_at is None


def test_delete_then_restore_through_the_folder(client, people, folders):
    document = services.document_upload(
        folder=folders["lg"], name="gammal.txt", data=b"x"
    )
    client.force_login(people["lg"])
    client.post(reverse("documents:delete", args=[document.pk]), {"reason": "Fel"})
    folder_page = client.get(reverse("documents:folder", args=[folders["lg"].pk]))
    assert "Borttagna dokument" in folder_page.text
    assert (
        client.get(reverse("documents:download", args=[document.pk])).status_code == 404
    )
    client.post(reverse("documents:restore", args=[document.pk]))
    document.refresh_from_db()
    assert document.deleted_at is None


def test_search_page_shows_hit_with_highlighted_snippet(client, people, folders):
    services.document_upload(
        folder=folders["everyone"],
        name="Semester.txt",
        data="Ansök om semester i god tid före sommaren.".encode(),
    )
    client.force_login(people["staff"])
    response = client.get(reverse("documents:search"), {"q": "sommaren"})
    assert "Semester.txt" in response.text
    assert "<mark>sommaren</mark>" in response.text


def test_marking_guidance_is_for_editors_and_leaves_a_trail(client, people, folders):
    document = services.document_upload(
        folder=folders["everyone"], name="Rutin.txt", data=b"rutin"
    )
    url = reverse("documents:guidance", args=[document.pk])
    client.force_login(people["staff"])
    assert client.post(url, {"is_guidance": "1"}).status_code == 403
    client.force_login(people["editor"])
    assert client.post(url, {"is_guidance": "1"}).status_code == 302
    document.refresh_from_db()
    assert document.is_guidance
    page = client.get(reverse("documents:document", args=[document.pk])).text
    assert "Markerat som vägledning" in page


def test_editor_creates_a_subfolder_and_a_duplicate_name_is_refused(
    client, people, folders
):
    client.force_login(people["lg"])
    url = reverse("documents:folder_create", args=[folders["lg"].pk])
    assert client.post(url, {"name": "Budget 2027"}).status_code == 302
    response = client.post(url, {"name": "budget 2027"})
    assert response.status_code == 422
    assert "Det finns redan en mapp som heter" in response.text
    assert 'value="budget 2027"' in response.text


def test_folder_name_with_a_slash_is_refused_and_kept(client, people, folders):
    client.force_login(people["lg"])
    response = client.post(
        reverse("documents:folder_create", args=[folders["lg"].pk]),
        {"name": "Budget 2026/2027"},
    )
    assert response.status_code == 422
    assert "får inte innehålla /" in response.text
    assert 'value="Budget 2026/2027"' in response.text


def test_a_deleted_documents_page_is_for_those_who_may_restore_it(
    client, people, folders
):
    # given a document in a folder all staff read and editors change, deleted
    document = services.document_upload(
        folder=folders["everyone"], name="utkast.txt", data=b"x"
    )
    services.document_delete(
        document=document, user=people["editor"], reason="Gäller Kalle Anka"
    )
    url = reverse("documents:document", args=[document.pk])

    # when a reader opens its address, then it is not found
    client.force_login(people["staff"])
    assert client.get(url).status_code == 404

    # and an editor, who may restore it, sees the page with the reason
    client.force_login(people["editor"])
    page = client.get(url)
    assert page.status_code == 200
    assert "Gäller Kalle Anka" in page.text


def test_a_too_long_deletion_reason_is_refused_and_kept(client, people, folders):
    # given
    document = services.document_upload(
        folder=folders["lg"], name="gammal.txt", data=b"x"
    )
    reason = " ".join(["Dubblett av protokollet."] * 13)  # 324 characters
    client.force_login(people["lg"])

    # when
    response = client.post(
        reverse("documents:delete", args=[document.pk]), {"reason": reason}
    )

    # then nothing is deleted, the message is Swedish and the text is still there
    assert response.status_code == 422
    assert "Skriv högst 300 tecken (nu 324)." in response.text
    assert f'value="{reason}"' in response.text
    document.refresh_from_db()
    assert document.deleted_at is None


def test_the_deletion_reason_is_stored_whole(client, people, folders):
    document = services.document_upload(
        folder=folders["lg"], name="gammal.txt", data=b"x"
    )
    reason = "x" * 300
    client.force_login(people["lg"])

    client.post(reverse("documents:delete", args=[document.pk]), {"reason": reason})

    document.refresh_from_db()
    assert document.deleted_at is not None
    assert document.events.get(kind=EventKind.DELETED).detail == reason


def test_the_service_refuses_a_reason_it_cannot_store_whole(people, folders):
    document = services.document_upload(
        folder=folders["lg"], name="gammal.txt", data=b"x"
    )

    with pytest.raises(ValidationError):
        services.document_delete(document=document, user=people["lg"], reason="x" * 301)

    document.refresh_from_db()
    assert document.deleted_at is None
