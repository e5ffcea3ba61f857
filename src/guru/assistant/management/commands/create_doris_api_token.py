from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from guru.assistant.services import api_token_create


class Command(BaseCommand):
    help = "Skapar en personlig API-nyckel för Doris API (visas bara en gång)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="API-nyckel")

    def handle(self, *args, username: str, name: str, **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Användaren {username} finns inte.")
        self.stdout.write(api_token_create(user=user, name=name))
