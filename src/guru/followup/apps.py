from django.apps import AppConfig


class FollowupConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "guru.followup"
    verbose_name = "Tertialuppföljning"
