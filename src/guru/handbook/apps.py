from django.apps import AppConfig


class HandbookConfig(AppConfig):
    name = "guru.handbook"
    verbose_name = "Handläggarstöd"

    def ready(self) -> None:
        from guru import admin_dates

        from . import signals  # noqa: F401

        admin_dates.register()
