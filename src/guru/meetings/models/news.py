"""News from the management group, composed from locked minutes."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NewsStatus(models.TextChoices):
    DRAFT = "utkast", _("Utkast")
    PUBLISHED = "publicerad", _("Publicerad")


class NewsArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(
            status=NewsStatus.PUBLISHED, deleted_at__isnull=True
        ).order_by("-published_at")


class NewsArticle(models.Model):
    """An article for all staff; the body is Markdown (headings, quotes, lists)."""

    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        related_name="news",
        null=True,
        blank=True,
    )
    title = models.CharField(_("rubrik"), max_length=200)
    lead = models.TextField(_("ingress"))
    body = models.TextField(
        _("brödtext"),
        blank=True,
        help_text=_(
            "Rubriker med ##, citat med > i början av raden, punktlistor med -."
        ),
    )
    pen = models.CharField(_("vid pennan"), max_length=200, blank=True)
    status = models.CharField(
        max_length=20, choices=NewsStatus.choices, default=NewsStatus.DRAFT
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = NewsArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("nyhet")
        verbose_name_plural = _("nyheter")
        permissions = [("publish_newsarticle", "Kan publicera nyheter")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:news", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == NewsStatus.PUBLISHED
