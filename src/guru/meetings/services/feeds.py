"""Personal feed addresses: replace one that has been shared or leaked."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import FeedKey


@transaction.atomic
def feed_address_renew(*, user) -> None:
    """Give the user a new calendar and news feed address; the old ones stop working."""
    key, _created = FeedKey.objects.select_for_update().get_or_create(user=user)
    FeedKey.objects.filter(pk=key.pk).update(
        generation=F("generation") + 1, renewed_at=timezone.now()
    )
