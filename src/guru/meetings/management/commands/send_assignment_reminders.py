"""Remind owners of deliverables due in a week or today (run daily by cron)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from guru.meetings.services import reminders_send


class Command(BaseCommand):
    help = (
        "E-mail assignment owners a week before and on the day a deliverable is "
        "due. Safe to run more than once a day: nobody is reminded twice."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--date",
            help="Run as if today were this day (YYYY-MM-DD); for catching up.",
        )

    def handle(self, *args, **options) -> None:
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date must be YYYY-MM-DD") from None
        sent = reminders_send(today=today)
        self.stdout.write(f"{sent} påminnelser skickade.")
