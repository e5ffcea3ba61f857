"""Tertialuppföljning: key figures × organisation × tertial × value, and the workflow.

Modelled on Kolada's KPI × unit × period × value, with numerator and denominator
kept beside every value so that aggregates are recomputed from raw data, never
averaged from ratios. Nothing is hard-deleted: values are soft-deleted and every
change leaves a ``ValueChange`` row.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PerspectiveKey(models.TextChoices):
    VERKSAMHET = "verksamhet", _("Verksamhet")
    EKONOMI = "ekonomi", _("Ekonomi")
    MEDARBETARE = "medarbetare", _("Medarbetare")
    PROCESSER = "processer", _("Processer")


class Perspective(models.Model):
    """One of the four fixed perspectives; only label and question are editable."""

    key = models.CharField(
        _("nyckel"), max_length=20, choices=PerspectiveKey.choices, unique=True
    )
    label = models.CharField(_("rubrik"), max_length=100)
    question = models.CharField(_("fråga"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("perspektiv")
        verbose_name_plural = _("perspektiv")

    def __str__(self) -> str:
        return self.label


class Direction(models.TextChoices):
    HIGHER = "higher", _("Högre är bättre")
    LOWER = "lower", _("Lägre är bättre")
    BAND = "band", _("Inom målintervall")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Summa")
    RATIO = "ratio", _("Kvot av summerad täljare och nämnare")
    WEIGHTED_AVERAGE = "weighted_average", _("Vägt medelvärde")
    NONE = "none", _("Kan inte summeras uppåt")


class ReportingLevel(models.TextChoices):
    AGENCY = "agency", _("Myndighet")
    DEPARTMENT = "department", _("Avdelning")
    UNIT = "unit", _("Enhet")


class PrivacyClass(models.TextChoices):
    OPEN = "open", _("Öppen")
    HEALTH = "health", _("Hälsa (skyddas för små grupper)")


class KeyFigureStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    ACTIVE = "active", _("Aktiv")
    RETIRED = "retired", _("Avvecklad")


class KeyFigure(models.Model):
    """A nyckeltal: what is measured, how, against which target and who owns it."""

    code = models.CharField(_("kod"), max_length=20, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    perspective = models.ForeignKey(
        Perspective,
        verbose_name=_("perspektiv"),
        on_delete=models.PROTECT,
        related_name="key_figures",
    )
    definition = models.TextField(_("definition"))
    calculation = models.TextField(_("så beräknas det"), blank=True)
    numerator_label = models.CharField(_("täljare"), max_length=200, blank=True)
    denominator_label = models.CharField(_("nämnare"), max_length=200, blank=True)
    measure_unit = models.CharField(_("enhet"), max_length=20, blank=True)
    decimals = models.PositiveSmallIntegerField(_("decimaler"), default=0)
    scale = models.DecimalField(
        _("skalfaktor för kvot"),
        max_digits=12,
        decimal_places=2,
        default=1,
        help_text=_("100 för procent, 1 för en ren kvot."),
    )
    direction = models.CharField(
        _("riktning"),
        max_length=10,
        choices=Direction.choices,
        default=Direction.HIGHER,
    )
    yellow_tolerance = models.DecimalField(
        _("gul marginal (%)"),
        max_digits=6,
        decimal_places=2,
        default=10,
        help_text=_("Hur långt från målet (i procent av målet) som ger gult."),
    )
    data_source = models.CharField(_("datakälla"), max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ägare"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_key_figures",
    )
    reporting_level = models.CharField(
        _("redovisas på nivå"),
        max_length=12,
        choices=ReportingLevel.choices,
        default=ReportingLevel.UNIT,
    )
    aggregation = models.CharField(
        _("summeras uppåt som"),
        max_length=20,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
    )
    individual_based = models.BooleanField(
        _("individbaserad (redovisas per kön)"), default=False
    )
    privacy_class = models.CharField(
        _("sekretessklass"),
        max_length=10,
        choices=PrivacyClass.choices,
        default=PrivacyClass.OPEN,
    )
    min_value = models.DecimalField(
        _("lägsta tillåtna värde"),
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
    )
    max_value = models.DecimalField(
        _("högsta tillåtna värde"),
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=KeyFigureStatus.choices,
        default=KeyFigureStatus.ACTIVE,
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    # a draft made from an accepted change proposal points at the figure it revises
    revision_of = models.ForeignKey(
        "self",
        verbose_name=_("utkast till ändring av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="draft_revisions",
    )

    class Meta:
        ordering = ["perspective__order", "order", "code"]
        verbose_name = _("nyckeltal")
        verbose_name_plural = _("nyckeltal")
        permissions = [
            ("manage_followup", _("Förvaltar uppföljningens data och tertial")),
            ("view_raw_hr", _("Ser rådata om medarbetarnas hälsa")),
            ("write_analysis", _("Skriver sin avdelnings analys")),
            ("record_conclusion", _("Skriver gemensamma slutsatser och åtgärder")),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_ratio(self) -> bool:
        return self.aggregation == Aggregation.RATIO

    @property
    def is_protected(self) -> bool:
        return self.privacy_class == PrivacyClass.HEALTH


TERTIALS = [(1, "T1"), (2, "T2"), (3, "T3")]


class Target(models.Model):
    """A key figure's target for a year, or for one tertial when it differs."""

    key_figure = models.ForeignKey(
        KeyFigure,
        verbose_name=_("nyckeltal"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    year = models.PositiveSmallIntegerField(_("år"))
    tertial = models.PositiveSmallIntegerField(
        _("tertial"),
        choices=TERTIALS,
        null=True,
        blank=True,
        help_text=_("Tomt för hela året; ett tertial bara där målet är ett annat."),
    )
    value = models.DecimalField(_("mål"), max_digits=18, decimal_places=4)
    band_high = models.DecimalField(
        _("övre gräns för målintervall"),
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        constraints = [
            models.UniqueConstraint(
                fields=["key_figure", "year", "tertial"], name="target_unique"
            ),
            models.UniqueConstraint(
                fields=["key_figure", "year"],
                condition=Q(tertial__isnull=True),
                name="target_unique_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key_figure.code} {self.year}: {self.value}"


class Period(models.Model):
    """A tertial: T1 January–April, T2 May–August, T3 September–December."""

    year = models.PositiveSmallIntegerField(_("år"))
    tertial = models.PositiveSmallIntegerField(_("tertial"), choices=TERTIALS)

    class Meta:
        ordering = ["year", "tertial"]
        verbose_name = _("tertial")
        verbose_name_plural = _("tertial")
        constraints = [
            models.UniqueConstraint(fields=["year", "tertial"], name="period_unique"),
            models.CheckConstraint(
                condition=Q(tertial__gte=1, tertial__lte=3), name="period_tertial_1_3"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.year} T{self.tertial}"

    @property
    def index(self) -> int:
        """A running number: consecutive tertials differ by one."""
        return self.year * 3 + self.tertial - 1


class Headcount(models.Model):
    """How many work in a unit in a tertial, by gender: suppression and rates use it."""

    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("enhet"),
        on_delete=models.PROTECT,
        related_name="headcounts",
    )
    period = models.ForeignKey(
        Period, verbose_name=_("tertial"), on_delete=models.PROTECT, related_name="+"
    )
    women = models.PositiveIntegerField(_("kvinnor"), default=0)
    men = models.PositiveIntegerField(_("män"), default=0)

    class Meta:
        verbose_name = _("antal anställda")
        verbose_name_plural = _("antal anställda")
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="headcount_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.period}: {self.total}"

    @property
    def total(self) -> int:
        return self.women + self.men


class Gender(models.TextChoices):
    TOTAL = "T", _("Totalt")
    WOMEN = "K", _("Kvinnor")
    MEN = "M", _("Män")


class Missing(models.TextChoices):
    """Kolada's codes for a value that is not a number."""

    NONE = "", _("Värde finns")
    MISSING = "–", _("Uppgift saknas")
    NOT_APPLICABLE = ".", _("Inte tillämpligt")
    WITHHELD = "..", _("Sekretess")


class ValueStatus(models.TextChoices):
    PRELIMINARY = "preliminar", _("Preliminär")
    FINAL = "definitiv", _("Definitiv")


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Förhandsgranskad")
    COMMITTED = "committed", _("Genomförd")
    UNDONE = "undone", _("Ångrad")


class ImportBatch(models.Model):
    """One uploaded file: previewed, then committed all-or-nothing, possibly undone."""

    filename = models.CharField(_("fil"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uppladdad"), default=timezone.now)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    rows = models.JSONField(_("rader"), default=list)
    row_count = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    changed_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    committed_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("import")
        verbose_name_plural = _("importer")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class Value(models.Model):
    """One figure for a key figure, organisational scope, tertial and gender.

    The scope is a unit, a department (``unit`` empty) or the agency (both empty),
    following the key figure's reporting level. Ratios keep numerator and
    denominator; ``value`` is then derived and stored for convenience.
    """

    key_figure = models.ForeignKey(
        KeyFigure, on_delete=models.PROTECT, related_name="values"
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="values")
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    gender = models.CharField(
        _("kön"), max_length=1, choices=Gender.choices, default=Gender.TOTAL
    )
    value = models.DecimalField(
        _("värde"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    numerator = models.DecimalField(
        _("täljare"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("nämnare"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    missing = models.CharField(
        _("saknas"), max_length=2, choices=Missing.choices, default="", blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ValueStatus.choices,
        default=ValueStatus.PRELIMINARY,
    )
    source = models.CharField(_("källa"), max_length=200, blank=True)
    note = models.CharField(_("kommentar"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("registrerad"), default=timezone.now)
    import_batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="values",
    )
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("värde")
        verbose_name_plural = _("värden")
        constraints = [
            models.UniqueConstraint(
                fields=["key_figure", "period", "unit", "gender"],
                condition=Q(unit__isnull=False),
                name="value_unique_unit",
            ),
            models.UniqueConstraint(
                fields=["key_figure", "period", "department", "gender"],
                condition=Q(unit__isnull=True, department__isnull=False),
                name="value_unique_department",
            ),
            models.UniqueConstraint(
                fields=["key_figure", "period", "gender"],
                condition=Q(unit__isnull=True, department__isnull=True),
                name="value_unique_agency",
            ),
        ]
        indexes = [models.Index(fields=["period", "key_figure"])]

    def __str__(self) -> str:
        return f"{self.key_figure.code} {self.period} {self.gender}"


class ValueChange(models.Model):
    """The audit trail: every create, change, delete and undo of a value."""

    value = models.ForeignKey(Value, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=20)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    import_batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="changes",
    )

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.value_id}"


class Annotation(models.Model):
    """A short note on a key figure's value for a department (or the agency)."""

    key_figure = models.ForeignKey(
        KeyFigure, on_delete=models.CASCADE, related_name="annotations"
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.CharField(_("anteckning"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Öppen")
    LOCKED = "locked", _("Låst")
    PUBLISHED = "published", _("Publicerad")


# A tertial whose follow-up has one of these takes no values, notes or imports.
LOCKED_STATUSES = (FollowUpStatus.LOCKED, FollowUpStatus.PUBLISHED)


class FollowUp(models.Model):
    """A tertial's follow-up, opened by a controller and finally locked and published."""

    period = models.OneToOneField(
        Period, on_delete=models.PROTECT, related_name="follow_up"
    )
    status = models.CharField(
        max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to="uppfoljning/", blank=True)
    xlsx = models.FileField(upload_to="uppfoljning/", blank=True)

    class Meta:
        ordering = ["-period__year", "-period__tertial"]
        verbose_name = _("tertialuppföljning")
        verbose_name_plural = _("tertialuppföljningar")

    def __str__(self) -> str:
        return f"Tertialuppföljning {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("followup:follow_up", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == FollowUpStatus.OPEN


class AnalysisStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    DONE = "done", _("Klar")


class Analysis(models.Model):
    """A department's analysis of its results in one perspective."""

    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="analyses"
    )
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, related_name="+"
    )
    perspective = models.ForeignKey(Perspective, on_delete=models.PROTECT)
    text = models.TextField(_("analys"), blank=True)
    status = models.CharField(
        max_length=10, choices=AnalysisStatus.choices, default=AnalysisStatus.DRAFT
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "department", "perspective"],
                name="analysis_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.perspective}"


class Conclusion(models.Model):
    """The management group's joint conclusion for one perspective."""

    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="conclusions"
    )
    perspective = models.ForeignKey(Perspective, on_delete=models.PROTECT)
    text = models.TextField(_("gemensam slutsats"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "perspective"], name="conclusion_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.follow_up} {self.perspective}"


class TextKind(models.TextChoices):
    ANALYSIS = "analysis", _("Analys")
    CONCLUSION = "conclusion", _("Gemensam slutsats")


class ChangeRecord(models.Model):
    """An entry in an audit trail: who changed something and when; read oldest
    first."""

    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["changed_at", "pk"]


class TextChange(ChangeRecord):
    """The audit trail of analyses and joint conclusions: every change of a text
    or its status, with the text before and after, who and when.

    ``department`` is the analysis's department, empty for a conclusion. An
    emptied conclusion is removed from the follow-up, but its text stays here.
    """

    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="text_changes"
    )
    kind = models.CharField(max_length=12, choices=TextKind.choices)
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    perspective = models.ForeignKey(Perspective, on_delete=models.PROTECT)
    text_before = models.TextField(blank=True)
    text_after = models.TextField(blank=True)
    status_before = models.CharField(max_length=10, blank=True)
    status_after = models.CharField(max_length=10, blank=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.perspective_id} {self.changed_at}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Ej påbörjad")
    IN_PROGRESS = "in_progress", _("Pågår")
    DONE = "done", _("Genomförd")
    CANCELLED = "cancelled", _("Avbruten")


class Action(models.Model):
    """An åtgärd the management group decided, followed up in the next tertial."""

    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="actions"
    )
    perspective = models.ForeignKey(Perspective, on_delete=models.PROTECT)
    title = models.CharField(_("åtgärd"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ansvarig"),
        on_delete=models.PROTECT,
        related_name="followup_actions",
    )
    due_on = models.DateField(_("klart senast"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ActionStatus.choices,
        default=ActionStatus.OPEN,
    )
    status_note = models.CharField(_("kommentar om läget"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class ActionChange(ChangeRecord):
    """The audit trail of an action's läge: every change of its status or the
    comment on it, with both before and after, who and when.

    ``via_assignment``: the status was set on the management group's assignment
    that mirrors the action (``meetings.followup_actions``), not on the
    follow-up's page.
    """

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="changes")
    status_before = models.CharField(max_length=12, choices=ActionStatus.choices)
    status_after = models.CharField(max_length=12, choices=ActionStatus.choices)
    note_before = models.CharField(max_length=300, blank=True)
    note_after = models.CharField(max_length=300, blank=True)
    via_assignment = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.action_id} {self.status_before}→{self.status_after}"


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Öppen")
    CLOSED = "closed", _("Stängd")


class ConsultationRound(models.Model):
    """A remissrunda: for a while every employee may propose key figures."""

    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    closes_on = models.DateField(_("sista dag"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RoundStatus.choices,
        default=RoundStatus.OPEN,
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    # set when the e-mail that the round is open goes out, so that it goes once
    announced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("remissrunda")
        verbose_name_plural = _("remissrundor")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("followup:round", args=[self.pk])

    def is_open_on(self, day) -> bool:
        """Open until the closing date has passed, unless closed early."""
        return self.status == RoundStatus.OPEN and day <= self.closes_on

    @property
    def is_open(self) -> bool:
        return self.is_open_on(timezone.localdate())


class RoundEventKind(models.TextChoices):
    CLOSED = "closed", _("Stängd i förtid")
    CLOSES_ON_CHANGED = "closes_on", _("Sista dag ändrad")
    REOPENED = "reopened", _("Öppnad igen")


class RoundEvent(models.Model):
    """The audit trail of a remissrunda: who closed it early, moved its last day or
    reopened it, and when; the last day before and after."""

    round = models.ForeignKey(
        ConsultationRound, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(
        _("händelse"), max_length=20, choices=RoundEventKind.choices
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    closes_on_before = models.DateField(_("sista dag före"))
    closes_on_after = models.DateField(_("sista dag efter"))

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("händelse i remissrunda")
        verbose_name_plural = _("händelser i remissrundor")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class ProposalKind(models.TextChoices):
    NEW = "new", _("Nytt nyckeltal")
    CHANGE = "change", _("Ändring av ett nyckeltal")


class ProposalStatus(models.TextChoices):
    RECEIVED = "inkommen", _("Inkommen")
    PREPARING = "bereds", _("Bereds")
    ACCEPTED = "antagen", _("Antagen")
    REJECTED = "avslagen", _("Avslagen")
    WITHDRAWN = "aterkallad", _("Återkallad")  # by the proposer; not a decision


class Proposal(models.Model):
    """A proposed key figure (or change), with the substance the round demands."""

    round = models.ForeignKey(
        ConsultationRound, on_delete=models.PROTECT, related_name="proposals"
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        _("typ"), max_length=10, choices=ProposalKind.choices, default=ProposalKind.NEW
    )
    key_figure = models.ForeignKey(
        KeyFigure,
        verbose_name=_("nyckeltal som ska ändras"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("namn på nyckeltalet"), max_length=200)
    perspective = models.ForeignKey(
        Perspective, verbose_name=_("perspektiv"), on_delete=models.PROTECT
    )
    definition = models.TextField(_("vad mäts (definition)"))
    calculation = models.TextField(_("hur beräknas det"))
    data_source = models.CharField(_("datakälla"), max_length=200)
    frequency = models.CharField(_("hur ofta finns uppgiften"), max_length=100)
    motivation = models.TextField(_("motivering: vilken fråga eller vilket beslut"))
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.RECEIVED
    )
    decision_motivation = models.TextField(_("motivering till beslutet"), blank=True)
    resulting_key_figure = models.ForeignKey(
        KeyFigure, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("förslag")
        verbose_name_plural = _("förslag")

    def __str__(self) -> str:
        return self.name


class ProposalRevision(models.Model):
    """A proposal's text as it was before its proposer edited it, with who and when."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="revisions"
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    edited_at = models.DateTimeField(default=timezone.now)
    before = models.JSONField()

    class Meta:
        ordering = ["edited_at", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.edited_at:%Y-%m-%d %H:%M}"


class ProposalComment(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("kommentar"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:40]


class ProposalSupport(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="supports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "user"], name="proposal_support_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.proposal_id}"


class Notification(models.Model):
    """A message to one person inside Guru (e-mail is sent beside it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="followup_notifications",
    )
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text
