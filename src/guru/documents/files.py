"""Files in the document space: what is accepted, safe names, checksums, text.

Pure functions over bytes and names (no database), so the upload form and the folder
importer check files in exactly the same way.
"""

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

# extension → (content type, how to recognise the content, searchable)
FILE_TYPES: dict[str, tuple[str, str, bool]] = {
    "pdf": ("application/pdf", "pdf", True),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "zip",
        True,
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "zip",
        True,
    ),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "zip",
        False,
    ),
    "odt": ("application/vnd.oasis.opendocument.text", "zip", False),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", "zip", False),
    "txt": ("text/plain; charset=utf-8", "text", True),
    "md": ("text/markdown; charset=utf-8", "text", True),
    "csv": ("text/csv; charset=utf-8", "text", True),
}

# Files a shared drive is full of that are nobody's document.
SYSTEM_FILE_NAMES = {"thumbs.db", ".ds_store", "desktop.ini"}


class FileRejected(Exception):
    """The file cannot be stored; ``message`` says why, in Swedish."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason  # "unsupported" | "too_large" | "damaged" | "empty"


@dataclass(frozen=True)
class CheckedFile:
    extension: str
    content_type: str
    searchable: bool


def max_size() -> int:
    return settings.GURU_DOCUMENTS_MAX_SIZE


def extension_of(name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    return suffix[1:] if suffix else ""


def accepted_extensions() -> list[str]:
    return sorted(FILE_TYPES)


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} byte"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} kB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def display_name(name: str) -> str:
    """The name people see: the file's own name minus path parts and control signs."""
    name = PurePath(name.replace("\\", "/")).name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = unicodedata.normalize("NFC", name).strip()
    return name[:255] or _("namnlös fil")


def safe_storage_name(name: str) -> str:
    """An ASCII name that is safe on any file system and in any URL."""
    extension = re.sub(r"[^a-z0-9]+", "", extension_of(name))[:10]
    stem = PurePath(display_name(name)).stem
    ascii_stem = (
        unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    )
    ascii_stem = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_stem).strip("-._")[:80]
    stem = ascii_stem or "fil"
    return f"{stem}.{extension}" if extension else stem


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check(*, name: str, data: bytes) -> CheckedFile:
    """Accept a file by its type, content and size, or raise ``FileRejected``."""
    extension = extension_of(name)
    if extension not in FILE_TYPES:
        raise FileRejected(
            _(
                "Filtypen ”%(type)s” kan inte lagras i dokumentrummet. "
                "Tillåtna filtyper: %(allowed)s."
            )
            % {
                "type": extension or _("utan filändelse"),
                "allowed": ", ".join(accepted_extensions()),
            },
            reason="unsupported",
        )
    if len(data) > max_size():
        raise FileRejected(
            _("Filen är %(size)s; den största tillåtna storleken är %(max)s.")
            % {"size": human_size(len(data)), "max": human_size(max_size())},
            reason="too_large",
        )
    if not data:
        raise FileRejected(_("Filen är tom."), reason="empty")
    content_type, kind, searchable = FILE_TYPES[extension]
    if not _looks_like(kind, data):
        raise FileRejected(
            _(
                "Filen heter .%(type)s men innehållet är inte en sådan fil. "
                "Den kan vara skadad eller ha fått fel filändelse."
            )
            % {"type": extension},
            reason="damaged",
        )
    return CheckedFile(extension, content_type, searchable)


def _looks_like(kind: str, data: bytes) -> bool:
    if kind == "pdf":
        return data[:1024].lstrip().startswith(b"%PDF-")
    if kind == "zip":
        return data[:4] == b"PK\x03\x04"
    return decode_text(data) is not None


def decode_text(data: bytes) -> str | None:
    """Text files from a Windows shared drive are UTF-8 or Windows-1252."""
    if b"\x00" in data[:4096]:
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


class ExtractionFailed(Exception):
    pass


def extract_text(*, extension: str, data: bytes) -> str:
    """The readable text of a file, or raise ``ExtractionFailed``."""
    try:
        if extension == "pdf":
            return _pdf_text(data)
        if extension == "docx":
            return _docx_text(data)
        if extension == "xlsx":
            return _xlsx_text(data)
        if extension in {"txt", "md", "csv"}:
            return decode_text(data) or ""
    except Exception as error:  # any parser error means the same to the user
        raise ExtractionFailed(str(error)) from error
    return ""


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(part for part in parts if part.strip())


def _xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except zipfile.BadZipFile as error:
        raise ExtractionFailed(str(error)) from error
    lines = []
    for sheet in workbook.worksheets:
        lines.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            cells = [str(value) for value in row if value not in (None, "")]
            if cells:
                lines.append(" ".join(cells))
    workbook.close()
    return "\n".join(lines)
