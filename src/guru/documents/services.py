"""What changes state in the document space; one transaction per change."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import files, permissions
from .models import (
    AccessLevel,
    Document,
    DocumentEvent,
    DocumentVersion,
    EventKind,
    Folder,
    FolderAccess,
    TextStatus,
)
from .signals import guidance_changed

MAX_TEXT_CHARS = 1_000_000


def _announce_guidance(document: Document, *, always: bool = False) -> None:
    if always or document.is_guidance:
        transaction.on_commit(
            lambda: guidance_changed.send(sender=Document, document=document)
        )


def _require_edit(user, folder: Folder) -> None:
    if user is not None and not permissions.can_edit_folder(user, folder):
        raise PermissionDenied(_("Du får inte ändra i mappen ”%s”.") % folder.name)


@transaction.atomic
def folder_create(
    *,
    name: str,
    parent: Folder | None = None,
    user=None,
    everyone: str = AccessLevel.NONE,
    groups: dict | None = None,
    description: str = "",
) -> Folder:
    """Create a folder; ``user=None`` is the system (importer, demo), not checked.

    ``groups`` ({group: level}) gives the folder rules of its own, and then it no
    longer inherits its parent's.
    """
    if parent is not None:
        _require_edit(user, parent)
    elif user is not None and not user.is_superuser:
        raise PermissionDenied(
            _("Bara administratörer skapar mappar på översta nivån.")
        )
    name = _folder_name(name)
    if Folder.objects.filter(parent=parent, name__iexact=name).exists():
        raise ValidationError(
            {"name": _("Det finns redan en mapp som heter ”%s” här.") % name}
        )
    folder = Folder.objects.create(
        name=name,
        parent=parent,
        everyone=everyone,
        inherit_access=not groups and parent is not None,
        description=description,
        created_by=user,
    )
    for group, level in (groups or {}).items():
        FolderAccess.objects.create(folder=folder, group=group, level=level)
    if user is not None:
        permissions.forget(user)
    return folder


def _folder_name(name: str) -> str:
    """A folder name as typed, minus control characters; "/" separates paths."""
    cleaned = " ".join("".join(ch for ch in name if ch.isprintable()).split())
    if not cleaned:
        raise ValidationError({"name": _("Skriv ett namn på mappen.")})
    if "/" in cleaned or "\\" in cleaned:
        raise ValidationError(
            {"name": _("Ett mappnamn får inte innehålla / eller \\.")}
        )
    return cleaned[:200]


def folder_get_or_create(*, name: str, parent: Folder | None) -> tuple[Folder, bool]:
    """The importer's folders: found by name (any case) or created, inheriting."""
    name = _folder_name(name)
    existing = Folder.objects.filter(parent=parent, name__iexact=name).first()
    if existing is not None:
        return existing, False
    return folder_create(name=name, parent=parent), True


def _read_text(checked: files.CheckedFile, data: bytes) -> tuple[str, str]:
    if not checked.searchable:
        return "", TextStatus.NOT_SUPPORTED
    try:
        text = files.extract_text(extension=checked.extension, data=data)
    except files.ExtractionFailed:
        return "", TextStatus.FAILED
    # A huge spreadsheet should not make every search slow; the start is enough.
    text = text.replace("\x00", "").strip()[:MAX_TEXT_CHARS]
    return text, (TextStatus.OK if text else TextStatus.EMPTY)


def _add_version(
    *,
    document: Document,
    name: str,
    data: bytes,
    checked: files.CheckedFile,
    user,
    modified_at: datetime.datetime | None,
    comment: str,
) -> DocumentVersion:
    text, status = _read_text(checked, data)
    last = (
        DocumentVersion.objects.select_for_update()
        .filter(document=document)
        .order_by("-number")
        .first()
    )
    version = DocumentVersion(
        document=document,
        number=(last.number + 1) if last else 1,
        storage_key=uuid.uuid4().hex,
        original_name=files.display_name(name),
        size=len(data),
        content_type=checked.content_type,
        checksum=files.checksum(data),
        file_modified_at=modified_at,
        uploaded_by=user,
        comment=comment,
        text=text,
        text_status=status,
    )
    version.file.save(files.safe_storage_name(name), ContentFile(data), save=False)
    try:
        version.save()
        document.current_version = version
        document.search_text = f"{document.title}\n{text}".casefold()
        document.save(update_fields=["current_version", "search_text"])
        DocumentEvent.objects.create(
            document=document,
            kind=EventKind.VERSION_ADDED if version.number > 1 else EventKind.CREATED,
            user=user,
            detail=_("Version %(number)s: %(name)s")
            % {"number": version.number, "name": version.original_name},
        )
    except BaseException:
        # Nothing half-stored: the row is rolled back, so the file goes too.
        version.file.storage.delete(version.file.name)
        raise
    _announce_guidance(document)
    return version


@transaction.atomic
def document_upload(
    *,
    folder: Folder,
    name: str,
    data: bytes,
    user=None,
    modified_at: datetime.datetime | None = None,
    comment: str = "",
    source_path: str = "",
    is_guidance: bool = False,
) -> Document:
    """Store a new document in ``folder`` (its first version)."""
    _require_edit(user, folder)
    checked = files.check(name=name, data=data)
    title = files.display_name(name)
    if Document.objects.filter(
        folder=folder, title__iexact=title, deleted_at__isnull=True
    ).exists():
        raise ValidationError(
            {
                "file": _(
                    "Det finns redan ett dokument som heter ”%s” i mappen. "
                    "Ladda upp filen som en ny version av det i stället."
                )
                % title
            }
        )
    document = Document.objects.create(
        folder=folder,
        title=title,
        created_by=user,
        source_path=source_path,
        is_guidance=is_guidance,
    )
    _add_version(
        document=document,
        name=name,
        data=data,
        checked=checked,
        user=user,
        modified_at=modified_at,
        comment=comment,
    )
    return document


@transaction.atomic
def version_upload(
    *,
    document: Document,
    name: str,
    data: bytes,
    user=None,
    modified_at: datetime.datetime | None = None,
    comment: str = "",
) -> DocumentVersion:
    """Store a new version of a document; the file type must stay the same."""
    _require_edit(user, document.folder)
    if document.deleted_at is not None:
        raise ValidationError(_("Dokumentet är borttaget."))
    checked = files.check(name=name, data=data)
    if checked.extension != files.extension_of(document.title):
        raise ValidationError(
            {
                "file": _(
                    "En ny version måste vara av samma filtyp som dokumentet (.%s)."
                )
                % files.extension_of(document.title)
            }
        )
    return _add_version(
        document=document,
        name=name,
        data=data,
        checked=checked,
        user=user,
        modified_at=modified_at,
        comment=comment,
    )


# The reason is kept in the trail whole, or not at all.
DELETE_REASON_MAX = DocumentEvent._meta.get_field("detail").max_length


# The placeholders are those of Django's max_length message: the form uses it too.
DELETE_REASON_TOO_LONG = gettext_lazy(
    "Skriv högst %(limit_value)d tecken (nu %(show_value)d)."
)


@transaction.atomic
def document_delete(*, document: Document, user, reason: str = "") -> None:
    """Soft delete: the document disappears from folders and search, files stay.

    A reason longer than the trail keeps is refused, never cut.
    """
    _require_edit(user, document.folder)
    if document.deleted_at is not None:
        return
    if len(reason) > DELETE_REASON_MAX:
        raise ValidationError(
            {
                "reason": DELETE_REASON_TOO_LONG
                % {"limit_value": DELETE_REASON_MAX, "show_value": len(reason)}
            }
        )
    document.deleted_at = timezone.now()
    document.deleted_by = user
    document.save(update_fields=["deleted_at", "deleted_by"])
    DocumentEvent.objects.create(
        document=document, kind=EventKind.DELETED, user=user, detail=reason
    )
    _announce_guidance(document)


@transaction.atomic
def document_restore(*, document: Document, user) -> None:
    _require_edit(user, document.folder)
    if document.deleted_at is None:
        return
    if Document.objects.filter(
        folder=document.folder, title__iexact=document.title, deleted_at__isnull=True
    ).exists():
        raise ValidationError(
            _("Ett annat dokument i mappen heter redan ”%s”.") % document.title
        )
    document.deleted_at = None
    document.deleted_by = None
    document.save(update_fields=["deleted_at", "deleted_by"])
    DocumentEvent.objects.create(document=document, kind=EventKind.RESTORED, user=user)
    _announce_guidance(document)


@transaction.atomic
def document_set_guidance(*, document: Document, user, is_guidance: bool) -> None:
    """Mark (or unmark) a document as vägledning that Doris may answer from."""
    _require_edit(user, document.folder)
    if document.is_guidance == is_guidance:
        return
    document.is_guidance = is_guidance
    document.save(update_fields=["is_guidance"])
    DocumentEvent.objects.create(
        document=document,
        kind=EventKind.GUIDANCE_ON if is_guidance else EventKind.GUIDANCE_OFF,
        user=user,
    )
    _announce_guidance(document, always=True)


# Where document versions are stored (models.version_upload_to).
STORAGE_PREFIX = "dokumentrum"


def files_sweep_orphans(
    *, older_than: datetime.timedelta, dry_run: bool = False
) -> list[str]:
    """Delete stored files that no document version refers to; returns their names.

    A file is written before its row commits, so a transaction that rolls back
    later (an agenda item whose save fails after its attachment was uploaded, a
    worker killed mid-request) leaves the file behind. Only files older than
    ``older_than`` are touched, so an upload still in progress is never taken.
    Files of deleted documents are kept: their rows stay for the audit trail.
    """
    storage = DocumentVersion._meta.get_field("file").storage
    referenced = set(DocumentVersion.objects.values_list("file", flat=True))
    cutoff = timezone.now() - older_than
    swept = []
    for name in _stored_names(storage, STORAGE_PREFIX):
        if name in referenced or storage.get_modified_time(name) > cutoff:
            continue
        if not dry_run:
            storage.delete(name)
        swept.append(name)
    return swept


def _stored_names(storage, directory: str) -> list[str]:
    if not storage.exists(directory):
        return []
    subdirectories, names = storage.listdir(directory)
    found = [f"{directory}/{name}" for name in names]
    for subdirectory in subdirectories:
        found.extend(_stored_names(storage, f"{directory}/{subdirectory}"))
    return found
