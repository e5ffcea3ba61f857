from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "guru.meetings"
    verbose_name = "Ledningsgruppen"

    def ready(self):
        from . import followup_actions

        followup_actions.connect()
