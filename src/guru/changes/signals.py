"""Publishing, unpublishing and deleting guidance pages write the version history."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from guru.handbook.models import GuidancePage

from . import services


@receiver(page_published, sender=GuidancePage)
def record_published_version(sender, instance, revision=None, **kwargs) -> None:
    services.version_record(page=instance, revision=revision)


@receiver(page_unpublished, sender=GuidancePage)
def record_unpublished(sender, instance, **kwargs) -> None:
    services.version_unpublish(page=instance)


@receiver(pre_delete, sender=GuidancePage)
def record_deleted(sender, instance, **kwargs) -> None:
    services.version_delete(page=instance)
