from django.core.management.base import BaseCommand

from guru.changes.services import digest_send


class Command(BaseCommand):
    help = "E-mail the daily digest of changed pages to followers who chose it (run daily)."

    def handle(self, *args, **options) -> None:
        count = digest_send()
        self.stdout.write(f"Sammanställning skickad till {count} bevakare.")
