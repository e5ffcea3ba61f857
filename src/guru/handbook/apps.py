from django.apps import AppConfig


class HandbookConfig(AppConfig):
    name = "guru.handbook"
    verbose_name = "Handläggarstöd"

    def ready(self) -> None:
        from . import signals  # noqa: F401
