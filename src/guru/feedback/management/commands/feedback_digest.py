"""Daily e-mail to page owners with the new comments on their pages.

Run once a day by the scheduler (cron or a systemd timer): ``manage.py feedback_digest``.
"""

from django.core.management.base import BaseCommand

from guru.feedback.notifications import digest_send


class Command(BaseCommand):
    help = "Skicka dagens sammanställning av nya synpunkter till sidansvariga."

    def handle(self, *args, **options) -> None:
        sent = digest_send()
        self.stdout.write(f"Sent {sent} digest e-mail(s).")
