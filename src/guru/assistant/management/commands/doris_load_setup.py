"""Prepare a database for Doris's load test: many pages and the test users.

Copies the live guidance pages (e.g. the demo handbook) until there are
``--pages`` of them, creates ``--users`` log-ins ``lasttest01`` … and rebuilds
Doris's index. Never run it against a production database.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from guru.accounts.roles import Role
from guru.assistant.services import index_rebuild
from guru.handbook.models import GuidancePage


class Command(BaseCommand):
    help = "Förbereder lasttest av Doris: kopierar sidor och skapar testanvändare."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--pages", type=int, default=3000)
        parser.add_argument("--users", type=int, default=20)
        parser.add_argument("--password", required=True)

    def handle(self, *args, pages: int, users: int, password: str, **options) -> None:
        originals = list(GuidancePage.objects.live().order_by("path"))
        if not originals:
            self.stderr.write("Inga publicerade sidor att kopiera (kör load_demo).")
            return
        count = GuidancePage.objects.live().count()
        round_no = 1
        while count < pages:
            with transaction.atomic():
                for original in originals:
                    if count >= pages:
                        break
                    _copy(original, round_no)
                    count += 1
            round_no += 1
            self.stdout.write(f"{count} sidor")
        _users(users, password)
        snapshot = index_rebuild()
        self.stdout.write(
            f"{count} sidor, {users} användare, Doris-index med "
            f"{snapshot.sections} avsnitt (version {snapshot.version})."
        )


def _copy(original: GuidancePage, round_no: int) -> None:
    parent = original.get_parent()
    copy = GuidancePage(
        title=f"{original.title} ({round_no})",
        slug=f"{original.slug}-{round_no}",
        summary=original.summary,
        intro=original.intro,
        body=original.body.raw_data,
        owner_unit_id=original.owner_unit_id,
        last_reviewed_on=original.last_reviewed_on,
        review_due_on=original.review_due_on,
        live=True,
    )
    parent.add_child(instance=copy)


def _users(n: int, password: str) -> None:
    from django.contrib.auth.models import Group

    from guru.accounts.models import Unit, User

    unit = Unit.objects.first()
    group = Group.objects.get(name=Role.HANDLAGGARE)
    for i in range(1, n + 1):
        user, _ = User.objects.get_or_create(
            username=f"lasttest{i:02d}", defaults={"unit": unit}
        )
        user.set_password(password)
        user.save()
        user.groups.add(group)
