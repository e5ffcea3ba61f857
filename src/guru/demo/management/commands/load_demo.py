from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from guru.accounts.selectors import user_roles
from guru.demo.services import demo_load

DEFAULT_PASSWORD = "guru-demo"  # noqa: S105 - documented demo password, DEBUG only


class Command(BaseCommand):
    help = "Läser in demoinnehållet (organisation, demokonton, handläggarstöd)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD)
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000/",
            help="Adressen som skrivs ut för att öppna Guru.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Läs in demoinnehåll även när DEBUG är av (aldrig i produktion).",
        )

    def handle(self, *args, password: str, url: str, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Demoinnehåll läses bara in med DEBUG på. Använd --force om du "
                "verkligen vill (aldrig i produktion: demokontona har kända lösenord)."
            )
        report = demo_load(password=password)
        handbook = report.handbook
        self.stdout.write(
            f"Handläggarstöd: {len(handbook.created)} nya, {len(handbook.updated)} "
            f"uppdaterade och {len(handbook.unchanged)} oförändrade sidor."
        )
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Guru: {url}"))
        self.stdout.write(f"Demokonton (lösenord för alla: {password}):")
        for user in report.users:
            roles = ", ".join(role.value for role in user_roles(user=user))
            self.stdout.write(
                f"  {user.username:<16} {user.get_full_name():<16} {roles}"
            )
        self.stdout.write("")
