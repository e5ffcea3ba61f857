from importlib import import_module

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def perspectives_ensure(sender, **kwargs) -> None:
    """The four perspectives exist after every migrate and every flush.

    Their data migration creates them once; a database flush (as transactional
    tests do between tests) removes them, and Django sends ``post_migrate``
    after a flush too, so the same function puts them back.
    """
    migration = import_module("guru.followup.migrations.0002_perspectives")
    migration.create_perspectives(apps, None)


class FollowupConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "guru.followup"
    verbose_name = "Tertialuppföljning"

    def ready(self) -> None:
        post_migrate.connect(perspectives_ensure, sender=self)
