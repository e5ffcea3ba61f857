"""Small real office files made by code, for the demo folder tree and the tests.

The same call always gives the same bytes (fixed dates inside the files and in the
zip archives), so the demo's import recognises them as unchanged when re-run.
"""

import io
import re
import zipfile


def _stable_zip(data: bytes) -> bytes:
    """Re-pack an Office file with fixed entry dates and fixed document dates."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                    rb"\g<1>2026-01-01T12:00:00Z",
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 12, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return buffer.getvalue()


def pdf_bytes(*, title: str, paragraphs: list[str]) -> bytes:
    """A one-page PDF with real (extractable) text, written with reportlab."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    story = [Paragraph(title, styles["Title"])]
    story += [Paragraph(text, styles["BodyText"]) for text in paragraphs]
    SimpleDocTemplate(buffer, pagesize=A4, title=title, invariant=True).build(story)
    return buffer.getvalue()


def docx_bytes(*, title: str, paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue())


def xlsx_bytes(*, sheet: str, rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _stable_zip(buffer.getvalue())
