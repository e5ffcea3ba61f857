"""manage.py import_folder PATH --into "Ledningsgruppen" [--user NAMN] [--report FIL]"""

import csv
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from guru.documents.importer import folder_import
from guru.documents.selectors import folder_by_path
from guru.privacy import mask_personnummer


class Command(BaseCommand):
    help = (
        "Importerar en mappstruktur (till exempel från en delad nätverksenhet) till "
        "dokumentrummet. Kan köras om: oförändrade filer lämnas, ändrade blir nya "
        "versioner. Varje fil som inte importeras listas med orsak."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Mappen som ska importeras.")
        parser.add_argument(
            "--into",
            required=True,
            help='Målmapp i dokumentrummet, t.ex. "Ledningsgruppen" eller '
            '"Ledningsgruppen/Möten".',
        )
        parser.add_argument("--user", help="Användarnamn som står som uppladdare.")
        parser.add_argument(
            "--report",
            help="Skriv rapporten som CSV till den här filen (med fullständiga "
            "filnamn; i utskriften maskeras personnummer).",
        )

    def handle(self, *args, **options):
        source = Path(options["path"])
        if not source.is_dir():
            raise CommandError(f"Hittar ingen mapp på {source}.")
        into = folder_by_path(options["into"])
        if into is None:
            raise CommandError(
                f"Mappen ”{options['into']}” finns inte i dokumentrummet. "
                "Skapa den först (med behörigheter) i Guru."
            )
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"Användaren ”{options['user']}” finns inte.")

        def write(text: str) -> None:
            # What a command prints ends up in logs and cron mail: file names
            # with a personnummer are printed masked (the CSV report keeps them).
            self.stdout.write(mask_personnummer(text))

        report = folder_import(
            source=source,
            into=into,
            user=user,
            on_file=lambda path: (
                write(f"  {path}") if options["verbosity"] > 1 else None
            ),
        )
        write(
            f"Nya dokument: {len(report.created)}, nya versioner: "
            f"{len(report.new_versions)}, oförändrade: {len(report.unchanged)}, "
            f"nya mappar: {len(report.folders_created)}, "
            f"inte importerade: {len(report.skipped)}."
        )
        if report.skipped:
            write("Filer som INTE importerades:")
            for skipped in report.skipped:
                write(f"  {skipped.path}: {skipped.reason_label}. {skipped.message}")
        if report.not_searchable:
            write("Importerade men inte sökbara (texten kunde inte läsas):")
            for path in report.not_searchable:
                write(f"  {path}")
        if options["report"]:
            self._write_csv(Path(options["report"]), report)

    def _write_csv(self, target: Path, report) -> None:
        with target.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["fil", "resultat", "orsak"])
            for label, paths in [
                ("nytt dokument", report.created),
                ("ny version", report.new_versions),
                ("oförändrad", report.unchanged),
            ]:
                writer.writerows([path, label, ""] for path in paths)
            for skipped in report.skipped:
                writer.writerow(
                    [
                        skipped.path,
                        "inte importerad",
                        f"{skipped.reason_label}: {skipped.message}",
                    ]
                )
