"""Handbook changes reach Doris: each one bumps the index version in the database.

The change is recorded after the page's own transaction commits, so no process
re-reads a page before its new state is visible.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from guru.documents.signals import guidance_changed
from guru.handbook.models import GuidancePage

from . import services
from .documents import on_guidance_changed
from .models import Synonym


def _later(page_id: int) -> None:
    transaction.on_commit(lambda: services.index_page_changed(page_id=page_id))


@receiver(page_published, sender=GuidancePage)
def page_published_reindex(sender, instance, **kwargs) -> None:
    _later(instance.pk)


@receiver(page_unpublished, sender=GuidancePage)
def page_unpublished_reindex(sender, instance, **kwargs) -> None:
    _later(instance.pk)


@receiver(post_delete, sender=GuidancePage)
def page_deleted_reindex(sender, instance, **kwargs) -> None:
    _later(instance.pk)


@receiver(post_page_move)
def page_moved_reindex(sender, instance, **kwargs) -> None:
    # A move changes the URL of the page and of every page below it.
    ids = GuidancePage.objects.descendant_of(instance, inclusive=True).values_list(
        "pk", flat=True
    )
    for page_id in list(ids):
        _later(page_id)


@receiver([post_save, post_delete], sender=Synonym)
def synonyms_changed(sender, **kwargs) -> None:
    transaction.on_commit(services.index_synonyms_changed)


# Guidance documents (issue 7): the signal is already sent after commit.
guidance_changed.connect(on_guidance_changed, dispatch_uid="assistant-documents")
