from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from guru.handbook.markdown_source import HandbookSourceError
from guru.handbook.services import handbook_import


class Command(BaseCommand):
    help = (
        "Importerar en mapp med Markdown-filer som sidor i handläggarstödet "
        "(se docs/handbook-format.md). Allt eller inget; kan köras om."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--user", help="Användarnamn som står som författare till versionerna."
        )

    def handle(self, *args, directory: Path, user: str | None, **options):
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"Användaren {user} finns inte.")
        try:
            report = handbook_import(directory=directory, user=author)
        except HandbookSourceError as error:
            count = len(error.problems)
            raise CommandError(
                f"Inget importerades: {count} fel hittades.\n{error}"
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Klart: {len(report.created)} nya, {len(report.updated)} uppdaterade, "
                f"{len(report.unchanged)} oförändrade sidor."
            )
        )
        for key in report.not_in_folder:
            self.stdout.write(
                self.style.WARNING(f"Finns i Guru men inte i mappen (orörd): {key}")
            )
