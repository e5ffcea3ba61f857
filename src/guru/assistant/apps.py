from django.apps import AppConfig


class AssistantConfig(AppConfig):
    name = "guru.assistant"
    label = "assistant"
    verbose_name = "Doris"

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401
