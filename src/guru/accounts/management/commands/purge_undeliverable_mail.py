import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone
from mailer.models import Message


class Command(BaseCommand):
    help = (
        "Raderar e-post som har väntat som uppskjuten (ej levererbar) i kön längre "
        "än det angivna antalet dagar, så att meddelandenas text inte sparas för evigt."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days", type=int, default=14, help="Antal dagar (standard 14)."
        )

    def handle(self, *args, days: int, **options) -> None:
        cutoff = timezone.now() - datetime.timedelta(days=days)
        deleted, _ = Message.objects.deferred().filter(when_added__lt=cutoff).delete()
        self.stdout.write(
            f"{deleted} e-postmeddelanden som inte gick att leverera raderade."
        )
