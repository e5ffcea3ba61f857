from django.conf import settings
from django.core.management.base import BaseCommand

from guru.assistant.services import log_purge


class Command(BaseCommand):
    help = (
        "Raderar frågor till Doris som är äldre än GURU_DORIS_LOG_DAYS dagar "
        "och anteckningar om sökningar som är äldre än en minut."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Antal dagar (standard {settings.GURU_DORIS_LOG_DAYS}).",
        )

    def handle(self, *args, days=None, **options) -> None:
        deleted = log_purge(days=days)
        self.stdout.write(f"{deleted} frågor raderade.")
