from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from guru.accounts.selectors import user_roles
from guru.demo.services import demo_load

DEFAULT_PASSWORD = "guru-demo"  # noqa: S105 - documented demo password, DEBUG only


def _site_address_set(url: str) -> None:
    """The default site answers at ``url``, so that Wagtail's own links (the print
    view's "Aktuell version", its e-mails) point where the demo runs."""
    from wagtail.models import Site

    address = urlsplit(url)
    if not address.hostname:
        raise CommandError(f"--url: ingen värd i {url!r}.")
    port = address.port or (443 if address.scheme == "https" else 80)
    Site.objects.filter(is_default_site=True).update(
        hostname=address.hostname, port=port
    )


class Command(BaseCommand):
    help = "Läser in demoinnehållet (organisation, demokonton, handläggarstöd)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD)
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000/",
            help="Adressen där Guru körs: skrivs ut, och blir webbplatsens adress "
            "i Wagtail (länkar i e-post och utskrifter).",
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
        _site_address_set(url)
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
