"""Attachments move to the document space, step 2: copy each file over.

Every Wagtail document attached to an agenda item or a plan becomes a document in
the folder "Ledningsgruppen" (created, for the group Ledningsgrupp, if missing):
an item's under "Möten / LG <day>", a plan's under "Planer". A Wagtail document
attached in several places becomes one document. The copy has a version 1 with
the same bytes, its text extracted as an upload's would be, and an audit event.
Files the document space would refuse today (another type) are still copied, as
not searchable, so that no attachment is lost. The Wagtail documents stay.
"""

import mimetypes
import uuid
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import migrations
from django.utils import timezone

from guru.documents import files

TOP_FOLDER = "Ledningsgruppen"
GROUP = "Ledningsgrupp"
DETAIL = "Flyttad från ledningsgruppens bilagor (Wagtail-dokument %s)"


def _folder(apps, name, parent):
    Folder = apps.get_model("documents", "Folder")
    existing = Folder.objects.filter(parent=parent, name__iexact=name).first()
    if existing is not None:
        return existing
    folder = Folder.objects.create(name=name, parent=parent, inherit_access=True)
    if parent is None:
        # A top folder of its own: only the management group, as in the demo.
        folder.inherit_access = False
        folder.save(update_fields=["inherit_access"])
        group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
        if group is not None:
            apps.get_model("documents", "FolderAccess").objects.create(
                folder=folder, group=group, level="edit"
            )
    return folder


def _read(wagtail_document) -> bytes:
    try:
        with wagtail_document.file.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, ValueError, OSError):
        return b""


def _title(wagtail_document) -> str:
    """The file name people will see: the title, with the file's extension."""
    extension = files.extension_of(wagtail_document.file.name)
    title = files.display_name(wagtail_document.title or "")
    if extension and files.extension_of(title) != extension:
        title = f"{title}.{extension}"
    return title[:255]


def _free_title(Document, folder, title: str) -> str:
    taken = {
        t.casefold()
        for t in Document.objects.filter(
            folder=folder, deleted_at__isnull=True
        ).values_list("title", flat=True)
    }
    if title.casefold() not in taken:
        return title
    path = PurePath(title)
    number = 2
    while f"{path.stem} ({number}){path.suffix}".casefold() in taken:
        number += 1
    return f"{path.stem} ({number}){path.suffix}"


def _copy(apps, wagtail_document, folder):
    Document = apps.get_model("documents", "Document")
    DocumentVersion = apps.get_model("documents", "DocumentVersion")
    title = _free_title(Document, folder, _title(wagtail_document))
    data = _read(wagtail_document)
    try:
        checked = files.check(name=title, data=data)
    except files.FileRejected:
        checked = None
    text, status = "", "unsupported"
    if checked is not None and checked.searchable:
        try:
            text = files.extract_text(extension=checked.extension, data=data)
        except files.ExtractionFailed:
            status = "failed"
        else:
            text = text.replace("\x00", "").strip()[:1_000_000]
            status = "ok" if text else "empty"
    if not data:
        status = "failed"
    content_type = (
        checked.content_type
        if checked
        else mimetypes.guess_type(title)[0] or "application/octet-stream"
    )
    document = Document.objects.create(
        folder=folder,
        title=title,
        created_by_id=wagtail_document.uploaded_by_user_id,
        search_text=f"{title}\n{text}".casefold(),
    )
    version = DocumentVersion(
        document=document,
        number=1,
        storage_key=uuid.uuid4().hex,
        original_name=title,
        size=len(data),
        content_type=content_type,
        checksum=files.checksum(data),
        uploaded_by_id=wagtail_document.uploaded_by_user_id,
        comment="",
        text=text,
        text_status=status,
    )
    version.file.save(files.safe_storage_name(title), ContentFile(data), save=False)
    version.save()
    document.current_version = version
    document.save(update_fields=["current_version"])
    apps.get_model("documents", "DocumentEvent").objects.create(
        document=document, kind="created", detail=DETAIL % wagtail_document.pk
    )
    return document


def copy_attachments(apps, schema_editor):
    ItemAttachment = apps.get_model("meetings", "AgendaItemAttachment")
    PlanAttachment = apps.get_model("meetings", "PlanAttachment")
    item_rows = ItemAttachment.objects.select_related("document", "item__meeting")
    plan_rows = PlanAttachment.objects.select_related("document")
    if not item_rows.exists() and not plan_rows.exists():
        return
    top = _folder(apps, TOP_FOLDER, None)
    copied = {}  # Wagtail document id → document-space document
    for row in item_rows.order_by("pk"):
        if row.document_id not in copied:
            day = timezone.localtime(row.item.meeting.starts_at).date()
            meetings = _folder(apps, "Möten", top)
            folder = _folder(apps, f"LG {day:%Y-%m-%d}", meetings)
            copied[row.document_id] = _copy(apps, row.document, folder)
        row.space_document = copied[row.document_id]
        row.save(update_fields=["space_document"])
    for row in plan_rows.order_by("pk"):
        if row.document_id not in copied:
            folder = _folder(apps, "Planer", top)
            copied[row.document_id] = _copy(apps, row.document, folder)
        row.space_document = copied[row.document_id]
        row.save(update_fields=["space_document"])


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("documents", "0002_search_index_postgresql"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("meetings", "0003_attachment_space_document"),
    ]

    operations = [
        # Backwards, the rows keep their Wagtail document; 0003 then drops the copy's
        # column (the copied documents stay in the document space).
        migrations.RunPython(copy_attachments, migrations.RunPython.noop),
    ]
