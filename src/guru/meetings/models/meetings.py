"""Meetings of the management group, their agenda items and minutes."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .removal import Removable


class Meeting(Removable):
    """One meeting of ledningsgruppen: time, place, people, agenda and minutes."""

    starts_at = models.DateTimeField(_("börjar"))
    ends_at = models.DateTimeField(_("slutar"), null=True, blank=True)
    place = models.CharField(_("plats"), max_length=200, blank=True)
    link = models.URLField(_("länk till mötet"), blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deltagare"),
        related_name="meetings_attended",
        blank=True,
    )
    absentees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("frånvarande"),
        related_name="meetings_missed",
        blank=True,
    )
    note_taker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vid pennan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_noted",
    )
    adjuster = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("justerare"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_adjusted",
        help_text=_("Den som justerar protokollet. Efter justering låses det."),
    )
    locked_at = models.DateTimeField(_("justerat"), null=True, blank=True)
    created_at = models.DateTimeField(_("skapat"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting", args=[self.pk])

    @property
    def label(self) -> str:
        """How the group cites the meeting: "LG 2026-03-27"."""
        return f"LG {timezone.localtime(self.starts_at):%Y-%m-%d}"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def has_begun(self) -> bool:
        """Minutes can be checked (justeras) only of a meeting that has begun."""
        return self.starts_at <= timezone.now()

    @property
    def day(self):
        return timezone.localtime(self.starts_at).date()


class ItemKind(models.TextChoices):
    INFORMATION = "information", _("Information")
    DISCUSSION = "diskussion", _("Diskussion")
    DECISION = "beslut", _("Beslut")


class AgendaItem(models.Model):
    """A point on the agenda; its minutes are written on the item itself."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("möte")
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    title = models.CharField(_("rubrik"), max_length=200)
    kind = models.CharField(
        _("typ"), max_length=20, choices=ItemKind.choices, default=ItemKind.INFORMATION
    )
    presenters = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("föredragande"),
        related_name="agenda_items_presented",
        blank=True,
    )
    planned_minutes = models.PositiveSmallIntegerField(
        _("planerade minuter"), null=True, blank=True
    )
    description = models.TextField(_("underlag och syfte"), blank=True)
    handbook_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("sida i handläggarstödet"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A tertial follow-up, a KPI consultation round or anything else in Guru that
    # the item is about; those apps own their models, so the link is generic.
    linked_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    linked_id = models.PositiveBigIntegerField(null=True, blank=True)
    linked = GenericForeignKey("linked_type", "linked_id")
    linked_label = models.CharField(_("gäller"), max_length=250, blank=True)
    is_internal = models.BooleanField(
        _("intern punkt"),
        default=False,
        help_text=_("Interna punkter tas inte med i nyheten till medarbetarna."),
    )
    minutes = models.TextField(_("protokollsanteckning"), blank=True)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("punkt på dagordningen")
        verbose_name_plural = _("punkter på dagordningen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(linked_type__isnull=True, linked_id__isnull=True)
                | models.Q(linked_type__isnull=False, linked_id__isnull=False),
                name="agenda_item_link_complete",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#punkt-{self.pk}"

    @property
    def linked_url(self) -> str:
        """Where the linked object lives, if it has a page of its own."""
        target = self.linked if self.linked_type_id else None
        return getattr(target, "get_absolute_url", lambda: "")() if target else ""


class AgendaItemAttachment(models.Model):
    """A document-space file attached to an item.

    Whether someone may open it is the document's folder's business: the item shows
    an attachment only to those who may (``selectors.visible_attachments``).
    """

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="attachments"
    )
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("dokument"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "document"], name="agenda_attachment_once"
            )
        ]

    def __str__(self) -> str:
        return self.document.title


class MinutesCorrection(models.Model):
    """A change to locked minutes: what stood before, what stands now, who and why."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="corrections"
    )
    item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, null=True, related_name="corrections"
    )
    decision = models.ForeignKey(
        "meetings.Decision",
        on_delete=models.PROTECT,
        null=True,
        related_name="corrections",
    )
    before = models.TextField(_("före"))
    after = models.TextField(_("efter"))
    reason = models.TextField(_("skäl"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(_("rättad"), default=timezone.now)

    class Meta:
        ordering = ["made_at", "pk"]
        verbose_name = _("rättelse")
        verbose_name_plural = _("rättelser")

    def __str__(self) -> str:
        return f"{self.meeting.label}: {self.reason[:60]}"
