from django.apps import AppConfig


class ChangesConfig(AppConfig):
    name = "guru.changes"
    label = "changes"
    verbose_name = "Ändringar och bevakning"

    def ready(self) -> None:
        from . import signals  # noqa: F401
