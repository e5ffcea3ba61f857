"""The shared document space: folders with group permissions, documents, versions.

A folder's access rules (``FolderAccess`` rows and ``everyone``) apply to it and to
every subfolder that inherits (``inherit_access=True``, the default). A subfolder
that does not inherit uses only its own rules. Who may do what is decided in
``permissions.py``; everything here is declarative.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel


class AccessLevel(models.TextChoices):
    NONE = "", _("Ingen åtkomst")
    VIEW = "view", _("Läsa")
    EDIT = "edit", _("Läsa och ändra")


class Folder(ClusterableModel):
    name = models.CharField(_("namn"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("överordnad mapp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    description = models.CharField(_("beskrivning"), max_length=300, blank=True)
    inherit_access = models.BooleanField(
        _("ärver behörigheter"),
        default=True,
        help_text=_(
            "Gäller den överordnade mappens behörigheter. Ta bort bocken för att "
            "bara låta behörigheterna nedan gälla."
        ),
    )
    everyone = models.CharField(
        _("alla medarbetare"),
        max_length=10,
        choices=AccessLevel.choices,
        default=AccessLevel.NONE,
        blank=True,
        help_text=_("Vad alla inloggade medarbetare får göra i mappen."),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skapad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("mapp")
        verbose_name_plural = _("mappar")
        # Two constraints rather than one with nulls_distinct=False, which
        # SQLite cannot create: names are unique at the top level too.
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="folder_name_unique_in_parent"
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(parent__isnull=True),
                name="folder_name_unique_at_top",
                violation_error_message=_(
                    "Det finns redan en mapp med det namnet på översta nivån."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("documents:folder", args=[self.pk])

    def clean(self) -> None:
        ancestor = self.parent
        while ancestor is not None:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError(
                    {
                        "parent": _(
                            "En mapp kan inte ligga i sig själv eller i en undermapp."
                        )
                    }
                )
            ancestor = ancestor.parent


class FolderAccess(models.Model):
    """One group's access to a folder (and to the subfolders that inherit)."""

    folder = ParentalKey(Folder, on_delete=models.CASCADE, related_name="access")
    group = models.ForeignKey(
        Group, verbose_name=_("roll"), on_delete=models.CASCADE, related_name="+"
    )
    level = models.CharField(
        _("behörighet"),
        max_length=10,
        choices=[c for c in AccessLevel.choices if c[0]],
        default=AccessLevel.VIEW,
    )

    panels = [FieldPanel("group"), FieldPanel("level")]

    class Meta:
        verbose_name = _("behörighet")
        verbose_name_plural = _("behörigheter")
        constraints = [
            models.UniqueConstraint(
                fields=["folder", "group"], name="folder_access_group_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.folder}: {self.group} ({self.get_level_display()})"


class Document(models.Model):
    """A file in a folder; its content lives in its versions.

    ``title`` is the file name people see (any characters); the stored file has a
    safe name of its own. ``search_text`` is title and current text, case-folded,
    so that searching works the same on SQLite and PostgreSQL.
    """

    folder = models.ForeignKey(
        Folder,
        verbose_name=_("mapp"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    title = models.CharField(_("filnamn"), max_length=255)
    is_guidance = models.BooleanField(
        _("vägledning"),
        default=False,
        help_text=_("Dokumentet får erbjudas Doris som underlag för svar."),
    )
    current_version = models.ForeignKey(
        "DocumentVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    search_text = models.TextField(blank=True, editable=False)
    # Where an imported file came from, relative to the imported folder.
    source_path = models.CharField(_("ursprunglig sökväg"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skapad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deleted_at = models.DateTimeField(_("borttagen"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("borttagen av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("dokument")
        verbose_name_plural = _("dokument")
        constraints = [
            models.UniqueConstraint(
                fields=["folder", "title"],
                condition=models.Q(deleted_at__isnull=True),
                name="document_title_unique_in_folder",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("documents:document", args=[self.pk])


def version_upload_to(instance: "DocumentVersion", filename: str) -> str:
    """A safe stored name: ASCII, no path parts, unique directory per version."""
    from .files import safe_storage_name

    return f"dokumentrum/{instance.storage_key}/{safe_storage_name(filename)}"


class TextStatus(models.TextChoices):
    OK = "ok", _("Sökbar")
    EMPTY = "empty", _("Ingen text hittades")
    NOT_SUPPORTED = "unsupported", _("Filtypen är inte sökbar")
    FAILED = "failed", _("Texten kunde inte läsas")


class DocumentVersion(models.Model):
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    storage_key = models.CharField(max_length=40, editable=False)
    file = models.FileField(_("fil"), upload_to=version_upload_to, max_length=300)
    original_name = models.CharField(_("ursprungligt filnamn"), max_length=255)
    size = models.PositiveBigIntegerField(_("storlek (byte)"))
    content_type = models.CharField(_("filtyp"), max_length=120)
    checksum = models.CharField(
        _("kontrollsumma (SHA-256)"), max_length=64, db_index=True
    )
    file_modified_at = models.DateTimeField(_("filens datum"), null=True, blank=True)
    uploaded_at = models.DateTimeField(_("uppladdad"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uppladdad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.CharField(_("kommentar"), max_length=300, blank=True)
    text = models.TextField(_("utdragen text"), blank=True, editable=False)
    text_status = models.CharField(
        _("sökbarhet"), max_length=20, choices=TextStatus.choices
    )

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("dokumentversion")
        verbose_name_plural = _("dokumentversioner")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="document_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} (version {self.number})"


class EventKind(models.TextChoices):
    CREATED = "created", _("Skapat")
    VERSION_ADDED = "version", _("Ny version")
    GUIDANCE_ON = "guidance_on", _("Markerat som vägledning")
    GUIDANCE_OFF = "guidance_off", _("Inte längre vägledning")
    DELETED = "deleted", _("Borttaget")
    RESTORED = "restored", _("Återställt")


class DocumentEvent(models.Model):
    """The audit trail: who did what to a document, and when."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("händelse"), max_length=20, choices=EventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True)
    detail = models.CharField(_("detaljer"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("dokumenthändelse")
        verbose_name_plural = _("dokumenthändelser")

    def __str__(self) -> str:
        return f"{self.document}: {self.get_kind_display()}"
