from django.apps import AppConfig
from django.db.models.signals import post_migrate
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    default = True
    name = "guru.accounts"
    verbose_name = "Organisation och behörigheter"

    def ready(self) -> None:
        from . import services

        post_migrate.connect(services.roles_sync_after_migrate, sender=self)


class GuruUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin with Guru's user form (unit, title, external id)."""

    user_viewset = "guru.accounts.viewsets.UserViewSet"
