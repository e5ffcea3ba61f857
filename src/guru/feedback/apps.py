from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "guru.feedback"
    verbose_name = "Synpunkter"
