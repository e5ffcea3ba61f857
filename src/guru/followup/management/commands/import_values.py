"""Import key figure values from a CSV or XLSX file, like the upload in Guru."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from guru.followup.imports import values_import_commit, values_import_preview


class Command(BaseCommand):
    help = "Importera nyckeltalsvärden från en CSV- eller XLSX-fil (allt eller inget)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--user",
            required=True,
            help="Användarnamn på den controller som importerar.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Kontrollera och visa vad som skulle ändras, men spara inget.",
        )

    def handle(self, *args, file: Path, user: str, dry_run: bool, **options):
        try:
            importer = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Användaren {user} finns inte.") from None
        if not file.exists():
            raise CommandError(f"Filen {file} finns inte.")
        preview = values_import_preview(
            filename=file.name, content=file.read_bytes(), user=importer
        )
        if preview.errors:
            for error in preview.errors:
                where = f"Rad {error.line}: " if error.line else ""
                self.stderr.write(where + " ".join(error.messages))
            raise CommandError(
                f"{len(preview.errors)} rader är fel. Ingenting har sparats."
            )
        summary = (
            f"{preview.created} nya, {preview.changed} ändrade, "
            f"{preview.unchanged} oförändrade värden."
        )
        if dry_run:
            preview.batch.delete()
            self.stdout.write(f"Provkörning: {summary} Ingenting har sparats.")
            return
        values_import_commit(batch=preview.batch, user=importer)
        self.stdout.write(self.style.SUCCESS(f"Importen är genomförd: {summary}"))
