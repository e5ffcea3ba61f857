"""Decisions, numbered per meeting: "LG 2026-03-27 § 4"."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DecisionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(deleted_at__isnull=True)


class Decision(models.Model):
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, related_name="decisions"
    )
    item = models.ForeignKey(
        "meetings.AgendaItem", on_delete=models.PROTECT, related_name="decisions"
    )
    number = models.PositiveSmallIntegerField(_("paragraf"))
    text = models.TextField(_("beslut"))
    # Removed before justering (recorded twice, by mistake): kept for the trail.
    deleted_at = models.DateTimeField(_("borttaget"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")
        constraints = [
            # A removed decision keeps the number it had; the paragraph is free.
            models.UniqueConstraint(
                fields=["meeting", "number"],
                condition=models.Q(deleted_at__isnull=True),
                name="decision_number_unique_in_meeting",
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.meeting.label} § {self.number}"
