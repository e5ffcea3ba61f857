"""import_folder: structure, file dates, the report, re-runs and interrupted runs."""

import datetime
import os
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from guru.documents import samples, services
from guru.documents.importer import folder_import
from guru.documents.models import Document, DocumentEvent, DocumentVersion, Folder
from guru.privacy import PERSONNUMMER_MASK

FILE_DATE = datetime.datetime(2025, 3, 27, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture
def drive(tmp_path):
    """A small shared-drive folder with good, odd and bad files."""
    root = tmp_path / "G-katalog"
    (root / "Möten 2026" / "27 mars").mkdir(parents=True)
    (root / "Planer").mkdir()
    files = {
        "Möten 2026/27 mars/Dagordning.txt": "Punkt 1: tertialuppföljning".encode(),
        "Möten 2026/27 mars/Protokoll (justerat) #4.docx": samples.docx_bytes(
            title="Protokoll", paragraphs=["Beslut om kommunikationsplan för ERUF"]
        ),
        "Planer/Handlingsplan.pdf": samples.pdf_bytes(
            title="Handlingsplan", paragraphs=["Innovationsförmåga 2018–2020"]
        ),
        "Planer/Nyckeltal.xlsx": samples.xlsx_bytes(
            sheet="Tertial 1", rows=[["Handläggningstid", 38]]
        ),
        "Anteckning.md": "# Minnesanteckning\nOm digital handläggare".encode(),
        "Gammalt program.exe": b"MZ",
        "Thumbs.db": b"\x00\x01",
        "Trasig.pdf": b"detta ar ingen pdf",
    }
    for relative, data in files.items():
        path = root / relative
        path.write_bytes(data)
        os.utime(path, (FILE_DATE.timestamp(), FILE_DATE.timestamp()))
    return root


@pytest.fixture
def target(folders):
    return folders["lg"]


def _skipped(report) -> dict[str, str]:
    return {item.path: item.reason for item in report.skipped}


def test_import_keeps_structure_names_dates_and_text(drive, target):
    report = folder_import(source=drive, into=target)

    assert len(report.created) == 5
    meeting = Folder.objects.get(name="27 mars", parent__name="Möten 2026")
    assert meeting.parent.parent == target and meeting.inherit_access
    protocol = Document.objects.get(title="Protokoll (justerat) #4.docx")
    assert protocol.folder == meeting
    version = protocol.current_version
    assert version.file_modified_at == FILE_DATE
    assert "kommunikationsplan för ERUF" in version.text
    assert protocol.source_path == "Möten 2026/27 mars/Protokoll (justerat) #4.docx"
    assert "38" in Document.objects.get(title="Nyckeltal.xlsx").current_version.text
    assert (
        "Innovationsförmåga"
        in Document.objects.get(title="Handlingsplan.pdf").current_version.text
    )


def test_every_file_not_imported_is_reported_with_a_reason(drive, target):
    report = folder_import(source=drive, into=target)
    assert _skipped(report) == {
        "Gammalt program.exe": "unsupported",
        "Thumbs.db": "system",
        "Trasig.pdf": "damaged",
    }


@override_settings(GURU_DOCUMENTS_MAX_SIZE=1000)
def test_too_large_files_are_reported_not_read(drive, target):
    report = folder_import(source=drive, into=target)
    skipped = _skipped(report)
    assert skipped["Planer/Handlingsplan.pdf"] == "too_large"
    assert skipped["Planer/Nyckeltal.xlsx"] == "too_large"
    assert "Dagordning.txt" in {d.title for d in Document.objects.all()}


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read every file")
def test_unreadable_file_is_reported(drive, target):
    locked = drive / "Planer" / "Lasst.txt"
    locked.write_bytes(b"hemligt")
    locked.chmod(0)
    try:
        report = folder_import(source=drive, into=target)
    finally:
        locked.chmod(0o600)
    assert _skipped(report)["Planer/Lasst.txt"] == "unreadable"


def test_unreadable_file_is_reported_even_as_root(drive, target, monkeypatch):
    # given a file whose read fails at the operating-system level
    from pathlib import Path

    real_read = Path.read_bytes

    def read(path):
        if path.name == "Dagordning.txt":
            raise PermissionError(13, "Åtkomst nekad")
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", read)
    report = folder_import(source=drive, into=target)
    assert _skipped(report)["Möten 2026/27 mars/Dagordning.txt"] == "unreadable"
    assert not Document.objects.filter(title="Dagordning.txt").exists()


def test_rerun_changes_nothing_and_a_changed_file_becomes_a_version(drive, target):
    # given a completed import
    folder_import(source=drive, into=target)
    counts = (Folder.objects.count(), Document.objects.count())

    # when it runs again, after one file changed on the drive
    (drive / "Anteckning.md").write_bytes(b"# Minnesanteckning\nReviderad")
    report = folder_import(source=drive, into=target)

    # then nothing is duplicated and the changed file has a second version
    assert (Folder.objects.count(), Document.objects.count()) == counts
    assert report.created == [] and report.folders_created == []
    assert report.new_versions == ["Anteckning.md"]
    assert len(report.unchanged) == 4
    note = Document.objects.get(title="Anteckning.md")
    assert note.versions.count() == 2 and "reviderad" in note.search_text


def test_interrupted_run_keeps_finished_files_and_rerun_completes(
    drive, target, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # given an import that is killed (Ctrl-C) in the middle of storing a file,
    # after its bytes were written to storage but before its transaction committed
    real_create = DocumentEvent.objects.create
    calls = {"n": 0}

    def create(**kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real_create(**kwargs)

    monkeypatch.setattr(DocumentEvent.objects, "create", create)
    with pytest.raises(KeyboardInterrupt):
        folder_import(source=drive, into=target)
    monkeypatch.undo()

    # then the two finished files are there, and nothing of the third
    assert Document.objects.count() == 2
    assert DocumentVersion.objects.count() == 2
    stored = {v.file.name for v in DocumentVersion.objects.all()}
    media = tmp_path / "media"
    media_files = {
        str(path.relative_to(media)) for path in media.rglob("*") if path.is_file()
    }
    assert media_files == stored

    # when the import is run again it completes, without duplicates
    report = folder_import(source=drive, into=target)
    assert len(report.created) == 3 and len(report.unchanged) == 2
    assert Document.objects.count() == 5
    assert DocumentVersion.objects.count() == 5


def test_document_deleted_in_guru_is_not_brought_back(drive, target):
    folder_import(source=drive, into=target)
    note = Document.objects.get(title="Anteckning.md")
    services.document_delete(document=note, user=None)
    report = folder_import(source=drive, into=target)
    assert _skipped(report)["Anteckning.md"] == "deleted"
    assert Document.objects.filter(title="Anteckning.md").count() == 1


def _import_command(drive, csv_path, **options) -> str:
    """Run import_folder into Ledningsgruppen; what it printed."""
    out = StringIO()
    call_command(
        "import_folder",
        str(drive),
        into="Ledningsgruppen",
        report=str(csv_path),
        stdout=out,
        **options,
    )
    return out.getvalue()


def test_command_prints_the_report_and_writes_csv(drive, target, tmp_path):
    csv_path = tmp_path / "rapport.csv"
    text = _import_command(drive, csv_path)
    assert "Nya dokument: 5" in text
    assert "Gammalt program.exe: filtypen stöds inte" in text
    assert "Trasig.pdf: innehållet stämmer inte med filtypen" in text
    assert "Thumbs.db: systemfil" in text
    assert "Trasig.pdf,inte importerad" in csv_path.read_text(encoding="utf-8")


def test_command_prints_file_names_with_personnummer_masked(drive, target, tmp_path):
    (drive / "Ansökan 19121212-1212.exe").write_bytes(b"MZ")
    csv_path = tmp_path / "rapport.csv"
    text = _import_command(drive, csv_path, verbosity=2)
    assert "19121212-1212" not in text
    assert f"Ansökan {PERSONNUMMER_MASK}.exe: filtypen stöds inte" in text
    # the report the administrator asked for names the file to look for
    assert "Ansökan 19121212-1212.exe" in csv_path.read_text(encoding="utf-8")


def test_command_into_a_subfolder_path(drive, folders):
    call_command(
        "import_folder",
        str(drive / "Planer"),
        into="ledningsgruppen/möten",
        stdout=StringIO(),
    )
    assert Document.objects.get(title="Nyckeltal.xlsx").folder == folders["lg_meetings"]


def test_command_refuses_unknown_target_folder(drive, folders):
    with pytest.raises(CommandError, match="finns inte i dokumentrummet"):
        call_command("import_folder", str(drive), into="Finns inte")
