"""Decisions, numbered per meeting: "LG 2026-03-27 § 4"."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Decision(models.Model):
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
            models.UniqueConstraint(
                fields=["meeting", "number"], name="decision_number_unique_in_meeting"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.meeting.label} § {self.number}"
