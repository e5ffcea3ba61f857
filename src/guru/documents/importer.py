"""Moving a folder tree off the shared drive into the document space.

Each file is stored in its own transaction, so an interrupted run keeps every file
it finished and leaves no half-stored one behind. A re-run recognises what is
already there by folder, name and checksum: unchanged files are left alone, changed
ones become a new version, so running it again never duplicates anything. Nothing is
skipped silently: every file that is not stored is listed in the report with why.
"""

import datetime
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import files, services
from .models import Document, Folder

# reason codes in the report, and how the report names them
REASONS = {
    "unsupported": gettext_lazy("filtypen stöds inte"),
    "too_large": gettext_lazy("för stor"),
    "unreadable": gettext_lazy("kunde inte läsas"),
    "damaged": gettext_lazy("innehållet stämmer inte med filtypen"),
    "empty": gettext_lazy("tom fil"),
    "system": gettext_lazy("systemfil"),
    "link": gettext_lazy("genväg eller länk"),
    "name_clash": gettext_lazy("samma namn som en annan fil i mappen"),
    "deleted": gettext_lazy("borttagen i Guru, importeras inte igen"),
    "failed": gettext_lazy("oväntat fel"),
}


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str
    message: str

    @property
    def reason_label(self) -> str:
        return str(REASONS[self.reason])


@dataclass
class FolderImportReport:
    created: list[str] = field(default_factory=list)
    new_versions: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    folders_created: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    # stored, but their text could not be read (not searchable)
    not_searchable: list[str] = field(default_factory=list)

    @property
    def stored(self) -> int:
        return len(self.created) + len(self.new_versions)


def folder_import(
    *,
    source: Path,
    into: Folder,
    user=None,
    on_file: Callable[[str], None] | None = None,
) -> FolderImportReport:
    """Import the tree under ``source`` into the folder ``into``.

    ``on_file(relative_path)`` is called after each file is dealt with (progress).
    """
    source = Path(source)
    report = FolderImportReport()
    folders: dict[Path, Folder] = {Path(): into}

    def unreadable_directory(error: OSError) -> None:
        report.skipped.append(
            Skipped(
                _relative(error.filename, source), "unreadable", str(error.strerror)
            )
        )

    for directory, subdirectories, file_names in os.walk(
        source, onerror=unreadable_directory
    ):
        subdirectories.sort(key=str.casefold)
        relative_dir = Path(directory).relative_to(source)
        folder = _folder_for(relative_dir, folders, report)
        for name in list(subdirectories):
            if (Path(directory) / name).is_symlink():
                subdirectories.remove(name)
                report.skipped.append(
                    Skipped(str(relative_dir / name), "link", _("Länkar följs inte."))
                )
        seen: set[str] = set()
        for name in sorted(file_names, key=str.casefold):
            relative = str(relative_dir / name)
            _import_file(Path(directory) / name, relative, folder, user, seen, report)
            if on_file is not None:
                on_file(relative)
    return report


def _relative(path: str | os.PathLike, source: Path) -> str:
    try:
        return str(Path(path).relative_to(source))
    except ValueError:
        return str(path)


def _folder_for(
    relative_dir: Path, folders: dict[Path, Folder], report: FolderImportReport
) -> Folder:
    if relative_dir in folders:
        return folders[relative_dir]
    parent = _folder_for(relative_dir.parent, folders, report)
    # A backslash is legal in a Linux directory name but not in a folder's.
    folder, created = services.folder_get_or_create(
        name=relative_dir.name.replace("\\", "-"), parent=parent
    )
    if created:
        report.folders_created.append(str(relative_dir))
    folders[relative_dir] = folder
    return folder


def _skip_reason(path: Path, name: str) -> tuple[str, str] | None:
    """Why a file is not even read, judged by its name and size."""
    if path.is_symlink():
        return "link", _("Länkar följs inte.")
    lowered = name.casefold()
    if lowered in files.SYSTEM_FILE_NAMES or lowered.startswith("~$"):
        return "system", _("Skapad av Windows eller Office, inget dokument.")
    if files.extension_of(name) not in files.FILE_TYPES:
        return "unsupported", _("Filtypen ”%s” kan inte lagras.") % (
            files.extension_of(name) or _("utan filändelse")
        )
    size = path.stat().st_size
    if size > files.max_size():
        return "too_large", _("%(size)s; högst %(max)s tillåts.") % {
            "size": files.human_size(size),
            "max": files.human_size(files.max_size()),
        }
    return None


def _import_file(
    path: Path,
    relative: str,
    folder: Folder,
    user,
    seen: set[str],
    report: FolderImportReport,
) -> None:
    try:
        reason = _skip_reason(path, path.name)
        if reason is not None:
            report.skipped.append(Skipped(relative, *reason))
            return
        data = path.read_bytes()
        modified_at = datetime.datetime.fromtimestamp(
            path.stat().st_mtime, tz=datetime.UTC
        )
    except OSError as error:
        report.skipped.append(
            Skipped(relative, "unreadable", error.strerror or str(error))
        )
        return
    title = files.display_name(path.name)
    if title.casefold() in seen:
        report.skipped.append(
            Skipped(relative, "name_clash", _("Byt namn på en av filerna."))
        )
        return
    seen.add(title.casefold())
    try:
        outcome = _store(folder, title, relative, data, modified_at, user)
    except files.FileRejected as rejected:
        report.skipped.append(Skipped(relative, rejected.reason, rejected.message))
        return
    except Exception as error:  # one bad file must not stop a long migration
        report.skipped.append(Skipped(relative, "failed", str(error)[:300]))
        return
    if outcome == "deleted":
        report.skipped.append(Skipped(relative, "deleted", ""))
        return
    getattr(report, outcome).append(relative)
    document = Document.objects.select_related("current_version").get(
        folder=folder, title__iexact=title, deleted_at__isnull=True
    )
    if outcome != "unchanged" and document.current_version.text_status == "failed":
        report.not_searchable.append(relative)


def _store(
    folder: Folder,
    title: str,
    relative: str,
    data: bytes,
    modified_at: datetime.datetime,
    user,
) -> str:
    """Store one file (in its own transaction); say what happened."""
    checksum = files.checksum(data)
    existing = (
        Document.objects.filter(
            folder=folder, title__iexact=title, deleted_at__isnull=True
        )
        .select_related("current_version")
        .first()
    )
    if existing is not None:
        if existing.current_version and existing.current_version.checksum == checksum:
            return "unchanged"
        services.version_upload(
            document=existing,
            name=title,
            data=data,
            user=user,
            modified_at=modified_at,
            comment=_("Importerad från %s") % relative,
        )
        return "new_versions"
    if Document.objects.filter(
        folder=folder,
        source_path=relative,
        deleted_at__isnull=False,
        versions__checksum=checksum,
    ).exists():
        return "deleted"
    services.document_upload(
        folder=folder,
        name=title,
        data=data,
        user=user,
        modified_at=modified_at,
        comment=_("Importerad från %s") % relative,
        source_path=relative,
    )
    return "created"
