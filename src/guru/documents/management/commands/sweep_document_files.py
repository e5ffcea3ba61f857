"""manage.py sweep_document_files [--hours 24] [--dry-run]"""

import datetime

from django.core.management.base import BaseCommand

from guru.documents.services import files_sweep_orphans


class Command(BaseCommand):
    help = (
        "Tar bort lagrade filer i dokumentrummet som ingen dokumentversion pekar på "
        "(kvar efter en avbruten uppladdning). Filer till borttagna dokument behålls."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=24,
            help="Rör bara filer som är äldre än så här många timmar (24).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Visa bara vad som skulle tas bort."
        )

    def handle(self, *args, **options):
        swept = files_sweep_orphans(
            older_than=datetime.timedelta(hours=options["hours"]),
            dry_run=options["dry_run"],
        )
        verb = "Skulle ta bort" if options["dry_run"] else "Tog bort"
        for name in swept:
            self.stdout.write(f"{verb} {name}")
        self.stdout.write(f"{verb} {len(swept)} fil(er) utan dokumentversion.")
