"""Decisions, numbered per meeting: "LG 2026-03-27 § 4"."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .removal import Removable


class Decision(Removable):
    """A decision under an agenda item; one removed before justering (recorded
    twice, by mistake) is kept for the trail (``Removable``)."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, related_name="decisions"
    )
    item = models.ForeignKey(
        "meetings.AgendaItem", on_delete=models.PROTECT, related_name="decisions"
    )
    number = models.PositiveSmallIntegerField(_("paragraf"))
    text = models.TextField(_("beslut"))

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
