"""The demo's document space: two top folders and a small imported folder tree.

The files are written by code (short texts of our own, a generated DOCX, XLSX and
PDF) into a temporary folder and imported with the real importer, as a move from a
shared drive would be. The bytes are the same every time, so running it again
finds every file unchanged and adds nothing.
"""

import datetime
import os
import tempfile
from pathlib import Path

from django.contrib.auth.models import Group

from guru.accounts.roles import Role

from . import samples, services
from .importer import FolderImportReport, folder_import
from .models import AccessLevel, Document, Folder

FILE_DATE = datetime.datetime(2026, 3, 20, 8, 0, tzinfo=datetime.UTC)

LEDNINGSGRUPPEN = {
    "Möten 2026/2026-03-27/Dagordning LG 27 mars.md": (
        "# Dagordning, ledningsgruppen 27 mars 2026\n\n"
        "1. Tertialuppföljning T3 2025 – fyra fokusområden (beslut)\n"
        "2. Ny digital handläggare: Guru och Doris (information)\n"
        "3. Kommunikationsplaner per resultatområde (diskussion)\n"
        "4. Utvärderingar av företagsstödet (information)\n"
        "5. Handlingsplan för innovationsförmåga, start (beslut)\n"
    ),
    "Möten 2026/2026-03-27/Nyckeltal tertial 3.xlsx": [
        ["Nyckeltal", "Mål", "Utfall"],
        ["Handläggningstid, dagar (median)", 45, 52],
        ["Andel beslut inom 90 dagar, %", 90, 84],
        ["Ärenden per handläggare", 60, 71],
    ],
    "Möten 2026/2026-03-27/Minnesanteckningar LG 27 mars.docx": [
        "Ledningsgruppen gick igenom tertialuppföljningen och enades om fyra fokus: "
        "kortare handläggningstider, jämnare belastning mellan enheterna, bättre "
        "stöd till nya handläggare och tydligare återrapportering.",
        "GD gav kommunikationschefen i uppdrag att ta fram ett diskussionsunderlag "
        "om kommunikationen kring ERUF till mötet den 10 april.",
    ],
    "Möten 2026/2026-04-10/Diskussionsunderlag kommunikation ERUF.docx": [
        "Syftet är att fler företag i stödberättigade regioner ska känna till "
        "möjligheten att söka medel ur regionalfonden.",
        "Förslaget är tre budskap, två kanaler i första hand (webb och regionala "
        "träffar) och en uppföljning efter sex månader.",
    ],
    "Planer/Handlingsplan innovationsförmåga.pdf": [
        "Handlingsplanen ska stärka myndighetens förmåga att pröva nya arbetssätt.",
        "Beställare är generaldirektören. Planen följs upp vid varje tertial.",
        "Aktiviteter: idéverkstäder per avdelning, en pilot med digitalt "
        "beslutsstöd och en årlig redovisning till ledningsgruppen.",
    ],
    "Planer/Kommunikationsplan företagsstöd.md": (
        "# Kommunikationsplan – resultatområde företagsstöd\n\n"
        "Målgrupper: små och medelstora företag, regionala aktörer.\n"
        "Kanaler: webben, nyhetsbrev och regionala informationsträffar.\n"
        "Ansvarig: kommunikationsenheten. Status: för diskussion.\n"
    ),
}

ALLA_MEDARBETARE = {
    "Rutiner/Semester och ledighet.txt": (
        "Så ansöker du om semester\n\n"
        "Sommarsemestern ansöks senast den 31 mars i personalsystemet. Din chef "
        "beslutar och svarar inom två veckor. Minst fyra veckor i följd ska "
        "kunna läggas under juni–augusti om verksamheten tillåter det.\n"
    ),
    "Rutiner/Resor i tjänsten.pdf": [
        "Tjänsteresor bokas i resebokningsverktyget. Välj tåg när restiden är "
        "under fem timmar.",
        "Utlägg redovisas inom en månad efter resan, med kvitton fotograferade "
        "eller inskannade.",
    ],
    "Mallar/Mall för tjänsteskrivelse.docx": [
        "Ärende, bakgrund, bedömning och förslag till beslut.",
        "Skriv kort och i aktiv form. Ange diarienummer i sidhuvudet.",
    ],
}

# documents that Doris may answer from (vägledning)
GUIDANCE = {"Semester och ledighet.txt", "Resor i tjänsten.pdf"}


def _file_bytes(name: str, content) -> bytes:
    title = Path(name).stem
    if name.endswith(".pdf"):
        return samples.pdf_bytes(title=title, paragraphs=content)
    if name.endswith(".docx"):
        return samples.docx_bytes(title=title, paragraphs=content)
    if name.endswith(".xlsx"):
        return samples.xlsx_bytes(sheet="Tertial 3", rows=content)
    return content.encode("utf-8")


def _write_tree(root: Path, files: dict) -> None:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_file_bytes(relative, content))
        os.utime(path, (FILE_DATE.timestamp(), FILE_DATE.timestamp()))


def _top_folder(name: str, *, everyone: str, groups: dict, description: str) -> Folder:
    existing = Folder.objects.filter(parent=None, name=name).first()
    if existing is not None:
        return existing  # keep whatever rules an administrator has set since
    return services.folder_create(
        name=name, everyone=everyone, groups=groups, description=description
    )


def documents_demo_load() -> list[FolderImportReport]:
    """Create the two top folders and import the demo tree into them."""
    group = {role: Group.objects.get(name=role.value) for role in Role}
    ledningsgruppen = _top_folder(
        "Ledningsgruppen",
        everyone=AccessLevel.NONE,
        groups={group[Role.LEDNINGSGRUPP]: AccessLevel.EDIT},
        description="Ledningsgruppens arbetsdokument. Bara gruppens medlemmar ser mappen.",
    )
    alla = _top_folder(
        "Alla medarbetare",
        everyone=AccessLevel.VIEW,
        groups={
            group[Role.REDAKTOR]: AccessLevel.EDIT,
            group[Role.LEDNINGSGRUPP]: AccessLevel.EDIT,
            group[Role.ADMINISTRATOR]: AccessLevel.EDIT,
        },
        description="Rutiner och mallar som alla medarbetare kan läsa.",
    )
    reports = []
    with tempfile.TemporaryDirectory(prefix="guru-demo-dokument-") as directory:
        for folder, files in [
            (ledningsgruppen, LEDNINGSGRUPPEN),
            (alla, ALLA_MEDARBETARE),
        ]:
            root = Path(directory) / folder.name
            _write_tree(root, files)
            reports.append(folder_import(source=root, into=folder))
    for document in Document.objects.filter(
        title__in=GUIDANCE, folder__in=Folder.objects.all(), deleted_at__isnull=True
    ):
        services.document_set_guidance(document=document, user=None, is_guidance=True)
    return reports
