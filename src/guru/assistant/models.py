"""Doris inside Guru: the index's version, question log, variants, curated answers.

The engine's index lives in memory in every server process. The database holds
what all processes must agree on: the index version (``IndexState``), the
changes since the last full build (``IndexChange``) and the last full build
itself (``IndexSnapshot``). A process that sees a newer version applies the
changes or loads the snapshot (see ``guru.assistant.engine``).
"""

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IndexState(models.Model):
    """The one row that says which version of Doris's index is current.

    ``generation`` changes when the row is created anew (a fresh database), so a
    process never mistakes an old index for the current one of another database.
    """

    version = models.PositiveBigIntegerField(default=0)
    generation = models.UUIDField(default=uuid.uuid4, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Doris-index version {self.version}"


class IndexChange(models.Model):
    """One incremental change of the index: a page to re-read, or new synonyms."""

    class Kind(models.TextChoices):
        PAGE = "page", _("Sida")
        SYNONYMS = "synonyms", _("Synonymer")

    version = models.PositiveBigIntegerField(unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    page_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["version"]

    def __str__(self) -> str:
        return f"{self.version}: {self.kind} {self.page_id or ''}"


class IndexSnapshot(models.Model):
    """A full build of the index (the engine's saved files, zipped)."""

    version = models.PositiveBigIntegerField(unique=True)
    data = models.BinaryField()
    sections = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Ögonblicksbild {self.version} ({self.sections} avsnitt)"


class Synonym(models.Model):
    """A group of words that mean the same to Doris, edited by the editors."""

    expressions = models.CharField(
        _("uttryck"),
        max_length=500,
        help_text=_(
            "Ord eller förkortningar som betyder samma sak, åtskilda med "
            "kommatecken, t.ex. ”ERUF, Europeiska regionala utvecklingsfonden”."
        ),
    )
    created_at = models.DateTimeField(_("skapad"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonymer")
        ordering = ["expressions"]

    def __str__(self) -> str:
        return self.expressions

    @property
    def group(self) -> tuple[str, ...]:
        return tuple(e.strip() for e in self.expressions.split(",") if e.strip())

    def clean(self) -> None:
        # A group of one word (or of none: ",,,") teaches Doris nothing.
        if len({e.casefold() for e in self.group}) < 2:
            raise ValidationError(
                {
                    "expressions": _(
                        "Skriv minst två olika ord eller förkortningar, åtskilda "
                        "med kommatecken."
                    )
                }
            )


class QuestionStatus(models.TextChoices):
    ANSWERED = "answered", _("Besvarad")
    UNSURE = "unsure", _("Osäker")
    EMPTY = "empty", _("Tom fråga")


class Generation(models.TextChoices):
    """How far a streamed, generated answer came; empty when none was streamed."""

    NONE = "", _("inget strömmat svar")
    OFFERED = "offered", _("väntar på strömning")
    STREAMING = "streaming", _("strömmas")
    GENERATED = "generated", _("genererat svar gavs")
    FALLBACK = "fallback", _("utdraget svar gavs, språkmodellen misslyckades")


_TRAILING = re.compile(r"[\s.,;:!?…]+$")


def question_key(text: str) -> str:
    """What makes two questions the same question: "Hur lång tid har jag?", "hur
    lång tid har jag" and "Hur  lång tid har jag ?" share the key "hur lång tid
    har jag" (case-folded, spaces collapsed, closing punctuation dropped)."""
    return _TRAILING.sub("", " ".join(text.casefold().split()))


class Question(models.Model):
    """One question asked of Doris, with the answer given (personal data masked)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("frågeställare"),
        on_delete=models.CASCADE,
        related_name="doris_questions",
    )
    text = models.TextField(_("fråga"))
    # question_key(text): the same question however it was typed
    text_key = models.TextField(editable=False, default="")
    status = models.CharField(
        _("utfall"), max_length=20, choices=QuestionStatus.choices
    )
    confidence = models.FloatField(_("säkerhet"), default=0.0)
    answer_text = models.TextField(_("svar"), blank=True)
    source_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("källa"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The answering page's id, kept when the page is deleted (``source_page`` is
    # then null): its versions' kept restrictions still decide who reads the answer.
    source_page_key = models.PositiveIntegerField(_("källans sid-id"), null=True)
    # A guidance document that answered: its folder decides who reads the answer.
    source_document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("källdokument"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source_anchor = models.CharField(_("avsnitt"), max_length=80, blank=True)
    source_label = models.CharField(_("källa (text)"), max_length=500, blank=True)
    curated = models.BooleanField(_("redaktionens svar"), default=False)
    generated = models.BooleanField(_("genererat svar"), default=False)
    generation = models.CharField(
        _("strömmat svar"),
        max_length=20,
        choices=Generation.choices,
        blank=True,
        default=Generation.NONE,
    )
    helpful = models.BooleanField(_("till hjälp"), null=True, blank=True)
    feedback_comment = models.TextField(_("kommentar"), blank=True)
    sent_to_editors_at = models.DateTimeField(
        _("skickad till redaktionen"), null=True, blank=True
    )
    editor_reply = models.TextField(_("svar från redaktionen"), blank=True)
    handled_at = models.DateTimeField(_("besvarad av redaktionen"), null=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reply_seen_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("ställd"), default=timezone.now)

    class Meta:
        verbose_name = _("fråga till Doris")
        verbose_name_plural = _("frågor till Doris")
        ordering = ["-created_at", "-pk"]
        permissions = [("manage_doris", "Kan se Doris frågelogg och lära Doris")]
        indexes = [
            models.Index(fields=["user", "created_at"]),
            models.Index(fields=["created_at"]),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class TaughtQuerySet(models.QuerySet):
    def active(self):
        """What Doris uses: not withdrawn."""
        return self.filter(deleted_at__isnull=True)


class Taught(models.Model):
    """What an editor taught Doris: its last change and its withdrawal.

    Withdrawn, never deleted: the row keeps who taught it, who withdrew it, when
    and why, and Doris ignores it (``TaughtQuerySet.active``).
    """

    updated_at = models.DateTimeField(_("ändrad"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ändrad av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    deleted_at = models.DateTimeField(_("borttagen"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("borttagen av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    deleted_reason = models.CharField(_("anledning"), max_length=500, blank=True)

    objects = TaughtQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(deleted_at__isnull=True, deleted_by__isnull=True)
                | Q(deleted_at__isnull=False, deleted_by__isnull=False),
                name="%(app_label)s_%(class)s_deleted_with_who",
            ),
        ]

    @property
    def withdrawn(self) -> bool:
        return self.deleted_at is not None


class Variant(Taught):
    """A wording of a question that an editor attached to a section."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="doris_variants"
    )
    anchor = models.CharField(_("avsnitt"), max_length=80, blank=True)
    text = models.CharField(_("formulering"), max_length=500)
    text_key = models.TextField(editable=False, default="")  # question_key(text)
    question = models.ForeignKey(
        Question, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta(Taught.Meta):
        verbose_name = _("formulering")
        verbose_name_plural = _("formuleringar")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text


class CuratedAnswer(Taught):
    """An editor's own answer to a question, citing one section of a page."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="doris_answers"
    )
    anchor = models.CharField(_("avsnitt"), max_length=80, blank=True)
    question_text = models.CharField(_("fråga"), max_length=500)
    # question_key(question_text)
    question_key = models.TextField(editable=False, default="")
    text = models.TextField(_("svar"), max_length=1000)
    question = models.ForeignKey(
        Question, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta(Taught.Meta):
        verbose_name = _("redaktionens svar")
        verbose_name_plural = _("redaktionens svar")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.question_text


class ApiToken(models.Model):
    """A personal token for Doris's JSON API; only its SHA-256 hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("namn"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"


class SearchRequest(models.Model):
    """One search by a user, kept for a minute only, to limit how often one searches.

    A search leaves no row of its own (unlike a question to Doris), so the
    rate limit notes each one here; see ``services.search_allow``.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%H:%M:%S}"
