"""Personal feed addresses (calendar and news) and how to take one back."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedKey(models.Model):
    """Which generation of a user's personal feed address is valid.

    The address carries a signed (user, generation). "Skapa ny länk" moves the
    generation on, so every address handed out before stops working. A user
    without a row is at generation 0.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    generation = models.PositiveIntegerField(default=0)
    renewed_at = models.DateTimeField(_("ny länk skapad"), null=True, blank=True)

    class Meta:
        verbose_name = _("personlig flödesadress")
        verbose_name_plural = _("personliga flödesadresser")

    def __str__(self) -> str:
        return f"{self.user} ({self.generation})"
