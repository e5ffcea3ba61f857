"""Files left behind by a rolled-back upload are swept; everything else stays."""

import datetime
import os
import time

import pytest
from django.core.management import call_command
from django.db import transaction

from guru.documents import services
from guru.documents.models import DocumentVersion

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def own_media_root(settings, tmp_path):
    # Other tests' files outlive their rolled-back rows in the shared test media
    # directory; each test here sweeps a storage of its own.
    settings.MEDIA_ROOT = str(tmp_path)


def _age(version_file_name: str, *, hours: float) -> None:
    storage = DocumentVersion._meta.get_field("file").storage
    then = time.time() - hours * 3600
    os.utime(storage.path(version_file_name), (then, then))


def _upload_rolled_back(folder, user) -> str:
    """An upload whose surrounding transaction fails afterwards: its file name."""
    names = []
    with pytest.raises(RuntimeError), transaction.atomic():
        document = services.document_upload(
            folder=folder, name="bilaga.txt", data=b"Underlag.", user=user
        )
        names.append(document.current_version.file.name)
        raise RuntimeError("the agenda item could not be saved")
    assert not DocumentVersion.objects.filter(file=names[0]).exists()
    return names[0]


def test_a_file_of_a_rolled_back_upload_is_swept_once_old_enough(people, folders):
    # given a file that lost its row when the transaction rolled back
    orphan = _upload_rolled_back(folders["lg"], people["lg"])
    storage = DocumentVersion._meta.get_field("file").storage
    assert storage.exists(orphan)

    # when it is still fresh, nothing happens (it may be an upload in progress)
    assert services.files_sweep_orphans(older_than=DAY) == []
    assert storage.exists(orphan)

    # then a day later the sweep deletes it
    _age(orphan, hours=25)
    assert services.files_sweep_orphans(older_than=DAY) == [orphan]
    assert not storage.exists(orphan)


def test_files_of_live_and_deleted_documents_are_kept(people, folders):
    storage = DocumentVersion._meta.get_field("file").storage
    live = services.document_upload(
        folder=folders["lg"], name="kvar.txt", data=b"Kvar.", user=people["lg"]
    )
    deleted = services.document_upload(
        folder=folders["lg"], name="borttagen.txt", data=b"Borta.", user=people["lg"]
    )
    services.document_delete(document=deleted, user=people["lg"], reason="Inaktuell")
    for document in (live, deleted):
        _age(document.current_version.file.name, hours=48)

    assert services.files_sweep_orphans(older_than=DAY) == []
    assert storage.exists(live.current_version.file.name)
    assert storage.exists(deleted.current_version.file.name)


def test_the_command_reports_and_a_dry_run_deletes_nothing(people, folders, capsys):
    orphan = _upload_rolled_back(folders["lg"], people["lg"])
    _age(orphan, hours=30)
    storage = DocumentVersion._meta.get_field("file").storage

    call_command("sweep_document_files", "--dry-run")
    assert "Skulle ta bort 1 fil(er)" in capsys.readouterr().out
    assert storage.exists(orphan)

    call_command("sweep_document_files")
    assert f"Tog bort {orphan}" in capsys.readouterr().out
    assert not storage.exists(orphan)
