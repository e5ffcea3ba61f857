"""What changed in the handbook, when, and who wants to know.

A ``PageVersion`` is written every time a guidance page is published. It keeps a
snapshot of what readers saw (title, summary, sections as HTML) so that a version
stays readable, and citable by its id, after the page is edited, moved, renamed,
unpublished or deleted.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from guru.handbook.models import ChangeKind


class PageVersion(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("sida"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The page's id, kept when the page itself is deleted.
    page_key = models.PositiveIntegerField(_("sid-id"), db_index=True)
    number = models.PositiveIntegerField(_("versionsnummer"))
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("publicerad"), db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ändrad av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("typ"), max_length=20, choices=ChangeKind.choices)
    note = models.CharField(_("ändringsnotering"), max_length=300, blank=True)
    title = models.CharField(_("rubrik"), max_length=255)
    summary = models.TextField(_("sammanfattning"), blank=True)
    url_path = models.CharField(_("adress då"), max_length=500)
    area_key = models.PositiveIntegerField(_("processområdets id"), db_index=True)
    area_title = models.CharField(_("processområde"), max_length=255)
    # {"intro": html, "sections": [{"heading", "anchor", "html"}]}
    content = models.JSONField(_("innehåll"))
    changed_anchors = models.JSONField(_("ändrade avsnitt"), default=list)
    withdrawn_at = models.DateTimeField(_("avpublicerad"), null=True, blank=True)
    # When the page was deleted; the same moment as ``withdrawn_at`` if deleting
    # it withdrew it, later if it had been unpublished first.
    deleted_at = models.DateTimeField(_("raderad"), null=True, blank=True)
    # The view restrictions on the page and its ancestors when the page was
    # deleted (guru.handbook.permissions.restrictions_snapshot); None while the
    # page exists, and for pages deleted before they were recorded.
    view_restrictions = models.JSONField(
        _("visningsbegränsningar då sidan raderades"), null=True, blank=True
    )
    replaced_by = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("ersatt av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("sidversion")
        verbose_name_plural = _("sidversioner")
        ordering = ["page_key", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["page_key", "number"], name="page_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"

    @property
    def kind_short(self) -> str:
        return _("Saklig") if self.is_substantive else _("Redaktionell")

    @property
    def is_substantive(self) -> bool:
        return self.kind == ChangeKind.SUBSTANTIVE

    @property
    def withdrawn_by_deletion(self) -> bool:
        """Whether the page stopped applying when it was deleted, rather than
        when it was unpublished before that."""
        return self.deleted_at is not None and self.withdrawn_at == self.deleted_at

    @property
    def sections(self) -> list[dict[str, str]]:
        return self.content.get("sections", [])


class Delivery(models.TextChoices):
    IMMEDIATE = "direkt", _("Direkt, ett e-brev per ändring")
    DAILY = "daglig", _("En gång om dagen, samlat")


class Subscription(models.Model):
    """A user following a guidance page, a process area or the whole handbook.

    ``active=False`` records that the user stopped following something they follow
    by default through their group (see ``DefaultFollow``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )
    active = models.BooleanField(default=True)
    include_editorial = models.BooleanField(
        _("även redaktionella ändringar"), default=False
    )
    delivery = models.CharField(
        _("e-post"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bevakning")
        verbose_name_plural = _("bevakningar")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "page"], name="subscription_user_page_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.page}"


class DefaultFollow(models.Model):
    """Editors make a process area followed by a group, optionally one department's."""

    area = models.ForeignKey(
        "handbook.ProcessAreaPage",
        verbose_name=_("processområde"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    group = models.ForeignKey(
        Group, verbose_name=_("roll"), on_delete=models.CASCADE, related_name="+"
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("avdelning"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Tomt: alla med rollen, oavsett avdelning."),
    )

    class Meta:
        verbose_name = _("förvald bevakning")
        verbose_name_plural = _("förvalda bevakningar")
        # Two constraints rather than one with nulls_distinct=False, which
        # SQLite cannot create: "all departments" (no department) is unique too.
        constraints = [
            models.UniqueConstraint(
                fields=["area", "group", "department"],
                name="default_follow_unique",
            ),
            models.UniqueConstraint(
                fields=["area", "group"],
                condition=models.Q(department__isnull=True),
                name="default_follow_unique_all_departments",
                violation_error_message=_(
                    "Rollen bevakar redan processområdet för alla avdelningar."
                ),
            ),
        ]

    def __str__(self) -> str:
        who = self.group.name
        if self.department_id:
            who = f"{who} på {self.department}"
        return f"{self.area.title}: {who}"


class NotificationKind(models.TextChoices):
    CHANGED = "andrad", _("Ändrad")
    WITHDRAWN = "avpublicerad", _("Avpublicerad")
    DELETED = "raderad", _("Raderad")

    @classmethod
    def is_withdrawal(cls, kind: str) -> bool:
        """Whether a notice of ``kind`` says the page stopped applying
        (unpublished or deleted) rather than that it changed."""
        return kind != cls.CHANGED


class ChangeNotification(models.Model):
    """One follower told about one published version, or about its withdrawal
    (the page was unpublished or deleted), each exactly once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    version = models.ForeignKey(
        PageVersion, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(
        max_length=20,
        choices=NotificationKind.choices,
        default=NotificationKind.CHANGED,
    )
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "version", "kind"],
                name="change_notification_kind_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ← {self.version}"

    @property
    def is_withdrawal(self) -> bool:
        return NotificationKind.is_withdrawal(self.kind)


class PageVisit(models.Model):
    """When a user last read a guidance page, to show what is new since then."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    page_key = models.PositiveIntegerField()
    visited_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "page_key"], name="page_visit_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.page_key}"
