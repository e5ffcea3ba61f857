"""Communication plans and action plans: structured documents with versions."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .removal import ActiveQuerySet


class PlanKind(models.TextChoices):
    COMMUNICATION = "kommunikationsplan", _("Kommunikationsplan")
    ACTION = "handlingsplan", _("Handlingsplan")


class PlanStatus(models.TextChoices):
    DRAFT = "utkast", _("Utkast")
    FOR_DISCUSSION = "for_diskussion", _("För diskussion")
    ADOPTED = "faststalld", _("Fastställd")


# The plan's text fields in the order they are shown, printed and compared.
PLAN_TEXT_FIELDS = (
    "purpose",
    "goal",
    "target_groups",
    "messages",
    "channels",
    "resources",
    "follow_up",
)


class Plan(models.Model):
    kind = models.CharField(_("typ"), max_length=30, choices=PlanKind.choices)
    title = models.CharField(_("namn"), max_length=200)
    result_area = models.CharField(_("resultatområde"), max_length=200, blank=True)
    period = models.CharField(
        _("period"), max_length=60, blank=True, help_text=_("Till exempel 2026–2028.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ägare"),
        on_delete=models.PROTECT,
        related_name="plans_owned",
    )
    ordered_by = models.CharField(_("beställare"), max_length=120)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    purpose = models.TextField(_("syfte"), blank=True)
    goal = models.TextField(_("mål"), blank=True)
    target_groups = models.TextField(_("målgrupper"), blank=True)
    messages = models.TextField(_("budskap"), blank=True)
    channels = models.TextField(_("kanaler"), blank=True)
    resources = models.TextField(_("resurser"), blank=True)
    follow_up = models.TextField(_("uppföljning av planen"), blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("plan")
        verbose_name_plural = _("planer")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:plan", args=[self.pk])


class PlanActivity(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveSmallIntegerField(default=0)
    what = models.CharField(_("aktivitet"), max_length=250)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ansvarig"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    when = models.CharField(
        _("när"), max_length=80, help_text=_("Till exempel vecka 14 eller maj 2026.")
    )

    class Meta:
        ordering = ["plan", "position", "pk"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")

    def __str__(self) -> str:
        return self.what


class PlanAttachment(models.Model):
    """A document-space file attached to a plan (shown to those who may open it)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("dokument"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "document"], name="plan_attachment_once"
            )
        ]

    def __str__(self) -> str:
        return self.document.title


class PlanVersion(models.Model):
    """A saved state of a plan, as sections that ``guru.changes.diff`` compares."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=PlanStatus.choices)
    sections = models.JSONField(default=list)
    note = models.CharField(_("ändringsnotering"), max_length=250, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], name="plan_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"
