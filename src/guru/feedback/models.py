"""Comments and helpful-votes on guidance pages, the test period and notifications.

Nothing here is hard-deleted: a withdrawn or moderated comment keeps its row and
its audit trail (``CommentEvent``); readers simply no longer see it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class CommentStatus(models.TextChoices):
    NEW = "new", _("Ny")
    IN_PROGRESS = "in_progress", _("Under behandling")
    RESOLVED = "resolved", _("Åtgärdad")
    REJECTED = "rejected", _("Avvisad")


OPEN_STATUSES = (CommentStatus.NEW, CommentStatus.IN_PROGRESS)
CLOSED_STATUSES = (CommentStatus.RESOLVED, CommentStatus.REJECTED)


class Visibility(models.TextChoices):
    VISIBLE = "visible", _("Synlig")
    WITHDRAWN = "withdrawn", _("Tillbakadragen av skribenten")
    HIDDEN = "hidden", _("Dold av redaktör")


class Comment(models.Model):
    """A member of staff's view on one guidance page, possibly on one section."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("sida"),
        on_delete=models.PROTECT,
        related_name="feedback_comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skribent"),
        on_delete=models.PROTECT,
        related_name="feedback_comments",
    )
    body = models.TextField(_("synpunkt"))
    section_anchor = models.CharField(_("gäller avsnitt"), max_length=80, blank=True)
    section_heading = models.CharField(_("avsnittsrubrik"), max_length=255, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CommentStatus.choices,
        default=CommentStatus.NEW,
    )
    visibility = models.CharField(
        _("synlighet"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.VISIBLE,
    )
    resolved_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("åtgärdad i version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    rejection_reason = models.TextField(_("motivering"), blank=True)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    edited_at = models.DateTimeField(_("ändrad"), null=True, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    owner_notified_at = models.DateTimeField(
        _("med i sammanställning"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("synpunkt")
        verbose_name_plural = _("synpunkter")
        ordering = ["created_at", "pk"]
        permissions = [("moderate_comment", "Kan hantera och moderera synpunkter")]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["author", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(rejection_reason=""),
                name="feedback_rejected_comment_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.author} om {self.page}: {self.body[:40]}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Reply(models.Model):
    """An editor's answer to a comment, shown threaded under it."""

    comment = models.ForeignKey(
        Comment, on_delete=models.PROTECT, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("svar"))
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"


class CommentEvent(models.Model):
    """One line of a comment's audit trail: who did what, when and why."""

    class Action(models.TextChoices):
        CREATED = "created", _("Skapad")
        EDITED = "edited", _("Ändrad av skribenten")
        WITHDRAWN = "withdrawn", _("Tillbakadragen av skribenten")
        STATUS = "status", _("Ny status")
        REPLIED = "replied", _("Besvarad")
        HIDDEN = "hidden", _("Dold av redaktör")
        RESTORED = "restored", _("Visas igen")

    comment = models.ForeignKey(
        Comment, on_delete=models.PROTECT, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.created_at:%Y-%m-%d %H:%M}"


class HelpfulVote(models.Model):
    """ "Var sidan till hjälp?" – one vote per person and page, changeable."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.PROTECT, related_name="helpful_votes"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    helpful = models.BooleanField(_("till hjälp"))
    missing = models.TextField(_("vad saknades"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(_("hanterad"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("röst")
        verbose_name_plural = _("röster")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "user"], name="feedback_one_vote_per_user_and_page"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} om {self.page}: {'ja' if self.helpful else 'nej'}"


class CommentMode(models.TextChoices):
    FOLLOW = "follow", _("Följ webbplatsens testperiod")
    OPEN = "open", _("Öppet för synpunkter")
    CLOSED = "closed", _("Stängt för synpunkter")


class CommentSetting(models.Model):
    """Override of the test period for one process area or one page.

    A page without its own setting follows its nearest ancestor that has one, and
    otherwise the site-wide period.
    """

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="comment_setting",
    )
    mode = models.CharField(
        _("synpunkter"),
        max_length=10,
        choices=CommentMode.choices,
        default=CommentMode.FOLLOW,
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("inställning för synpunkter")
        verbose_name_plural = _("inställningar för synpunkter")

    def __str__(self) -> str:
        return f"{self.page}: {self.get_mode_display()}"


@register_setting(icon="comment")
class CommentPeriodSetting(BaseSiteSetting):
    """The site-wide test period during which every page takes comments."""

    starts_on = models.DateField(_("synpunkter öppnar"), null=True, blank=True)
    ends_on = models.DateField(
        _("synpunkter stänger"),
        null=True,
        blank=True,
        help_text=_("Sista dagen då synpunkter kan lämnas."),
    )

    panels = [FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")])]

    class Meta:
        verbose_name = _("testperiod för synpunkter")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="feedback_period_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_on} – {self.ends_on}"

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("Slutdatumet kan inte vara före startdatumet.")}
            )


class Notification(models.Model):
    """A message to one user inside Guru (also sent by e-mail)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="feedback_notifications",
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, related_name="+"
    )
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.message
