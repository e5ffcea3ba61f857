"""Assignments (uppdrag) the management group hands out, and what they deliver."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guru.followup.models import ChangeRecord

from .removal import ActiveQuerySet, Removable


class AssignmentStatus(models.TextChoices):
    NOT_STARTED = "ej_paborjat", _("Ej påbörjat")
    IN_PROGRESS = "pagar", _("Pågår")
    DONE = "klart", _("Klart")
    CANCELLED = "avbrutet", _("Avbrutet")


OPEN_STATUSES = (AssignmentStatus.NOT_STARTED, AssignmentStatus.IN_PROGRESS)


class AssignmentQuerySet(ActiveQuerySet):
    def open(self):
        return self.active().filter(status__in=OPEN_STATUSES)


class Assignment(Removable):
    """Something the group asked someone to do, with one or more deliverables.

    It comes from an agenda item or a decision, or from anywhere else in Guru
    (a tertial follow-up's actions) through the generic ``origin``. A removed
    assignment is kept for the trail (``Removable``).
    """

    title = models.CharField(_("uppdrag"), max_length=250)
    description = models.TextField(_("beskrivning"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ansvarig"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    ordered_by = models.CharField(
        _("beställare"), max_length=120, help_text=_("Till exempel GD eller LG.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.NOT_STARTED,
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("från punkt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
    )
    decision = models.ForeignKey(
        "meetings.Decision",
        verbose_name=_("från beslut"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
    )
    origin_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    origin_id = models.PositiveBigIntegerField(null=True, blank=True)
    origin = GenericForeignKey("origin_type", "origin_id")
    origin_label = models.CharField(
        _("ursprung"), max_length=250, blank=True, help_text=_("Till exempel T2 2026.")
    )
    created_at = models.DateTimeField(_("skapat"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)

    # Removable's manager, with open() besides active()
    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("uppdrag")
        verbose_name_plural = _("uppdrag")
        indexes = [models.Index(fields=["origin_type", "origin_id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(origin_type__isnull=True, origin_id__isnull=True)
                | models.Q(origin_type__isnull=False, origin_id__isnull=False),
                name="assignment_origin_complete",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:assignment", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def source_text(self) -> str:
        """Where the assignment came from, for lists and e-mails."""
        if self.decision_id:
            return self.decision.label
        if self.agenda_item_id:
            return f"{self.agenda_item.meeting.label}: {self.agenda_item.title}"
        return self.origin_label


class Deliverable(models.Model):
    """What to deliver and when: a date, or "till mötet den …" (a later meeting)."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="deliverables"
    )
    description = models.CharField(_("leverans"), max_length=250)
    due_date = models.DateField(_("senast"), null=True, blank=True)
    due_meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("till mötet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliverables_due",
    )
    done_at = models.DateTimeField(_("levererat"), null=True, blank=True)
    # Delivered only because the whole assignment was set to Klart, so reopening
    # the assignment opens it again. False for rows delivered before this was
    # recorded: they stay delivered, and "Ångra leverans" opens them one by one.
    done_with_assignment = models.BooleanField(default=False, editable=False)
    # Who marked it delivered, or set the assignment to Klart that did; empty
    # while it is open, and for rows delivered before this was recorded. Kept
    # like the other trails' authors: people leave by being made inactive.
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("levererat av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["assignment", "pk"]
        verbose_name = _("leverans")
        verbose_name_plural = _("leveranser")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_date__isnull=False, due_meeting__isnull=True)
                | models.Q(due_date__isnull=True, due_meeting__isnull=False),
                name="deliverable_due_date_or_meeting",
            )
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def due_on(self):
        """The day it is due, whether given as a date or as a meeting."""
        if self.due_meeting_id:
            return self.due_meeting.day
        return self.due_date

    @property
    def due_text(self) -> str:
        if self.due_meeting_id:
            return _("till mötet den %(day)s") % {
                "day": f"{self.due_meeting.day:%Y-%m-%d}"
            }
        return f"{self.due_date:%Y-%m-%d}"


class AssignmentChange(ChangeRecord):
    """The history of an assignment: every change of its status, every
    deliverable marked delivered or taken back, every edit of its text, owner
    or deliverables; who and when. Kept with a removed (soft-deleted)
    assignment.

    ``changed_by`` is empty only for a status that came from the follow-up
    action the assignment mirrors when the follow-up recorded nobody for it (an
    action saved outside its service): the change is kept, by nobody known,
    rather than left out or put on whoever changed the action before.
    ``via_action``: the status was set on that action, not on the assignment.
    What is stored as text is masked like the assignment itself.
    """

    class Kind(models.TextChoices):
        STATUS = "status", _("status")
        DELIVERED = "levererad", _("leverans markerad")
        UNDONE = "angrad", _("leverans ångrad")
        EDITED = "andrad", _("ändring")

    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status_before = models.CharField(
        max_length=20, choices=AssignmentStatus.choices, blank=True
    )
    status_after = models.CharField(
        max_length=20, choices=AssignmentStatus.choices, blank=True
    )
    via_action = models.BooleanField(default=False)
    # the deliverable delivered or taken back, as it was called then
    deliverable_description = models.CharField(max_length=250, blank=True)
    # an edit: which field (EDITED_FIELDS), and its text before and after
    field = models.CharField(max_length=20, blank=True)
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)

    class Meta(ChangeRecord.Meta):
        verbose_name = _("ändring av uppdrag")
        verbose_name_plural = _("ändringar av uppdrag")

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.kind}"

    @property
    def field_label(self) -> str:
        return EDITED_FIELDS.get(self.field, self.field)


# An edit's fields, as the history names them.
EDITED_FIELDS = {
    "title": _("rubrik"),
    "description": _("beskrivning"),
    "owner": _("ansvarig"),
    "ordered_by": _("beställare"),
    "deliverables": _("leveranser"),
}


class ReminderSent(models.Model):
    """One reminder e-mail, recorded so that a re-run never sends it twice."""

    class Kind(models.TextChoices):
        WEEK_BEFORE = "vecka", _("En vecka före")
        DUE_DAY = "dag", _("På dagen")

    deliverable = models.ForeignKey(
        Deliverable, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    due_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("skickad påminnelse")
        verbose_name_plural = _("skickade påminnelser")
        constraints = [
            models.UniqueConstraint(
                fields=["deliverable", "kind", "due_on"], name="reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.deliverable} ({self.kind})"
