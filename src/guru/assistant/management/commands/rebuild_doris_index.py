from django.core.management.base import BaseCommand

from guru.assistant.services import index_rebuild


class Command(BaseCommand):
    help = "Bygger om Doris index från alla publicerade vägledningssidor."

    def handle(self, *args, **options) -> None:
        snapshot = index_rebuild()
        self.stdout.write(
            f"Doris index version {snapshot.version}: {snapshot.sections} avsnitt."
        )
