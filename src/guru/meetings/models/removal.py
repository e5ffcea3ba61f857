"""Soft removal: a removed row stays, with who removed it and when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActiveQuerySet(models.QuerySet):
    def active(self):
        """The rows not removed."""
        return self.filter(deleted_at__isnull=True)


class Removable(models.Model):
    deleted_at = models.DateTimeField(_("borttaget"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ActiveQuerySet.as_manager()

    class Meta:
        abstract = True
