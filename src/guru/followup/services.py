"""State changes in the follow-up: values, annotations, periods and the workflow.

Imports live in ``imports.py`` and the remissrunda in ``consultation.py``; all
writes are keyword-only functions, one transaction each.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guru.accounts.models import Department, Unit
from guru.forms import SavedMeanwhile, saved_differs
from guru.privacy import mask_personnummer, masked_to_fit

from . import permissions
from .models import (
    LOCKED_STATUSES,
    Action,
    ActionChange,
    ActionStatus,
    Aggregation,
    Analysis,
    AnalysisStatus,
    Annotation,
    Conclusion,
    FollowUp,
    FollowUpStatus,
    Gender,
    Headcount,
    ImportBatch,
    KeyFigure,
    Period,
    Perspective,
    ReportingLevel,
    TextChange,
    TextKind,
    Value,
    ValueChange,
    ValueStatus,
)
from .rules import format_plain

SNAPSHOT_FIELDS = (
    "value",
    "numerator",
    "denominator",
    "missing",
    "status",
    "source",
    "note",
)


# What Value's number columns (value, täljare, nämnare) keep: max_digits=18,
# decimal_places=4, so 14 digits before the decimal comma.
_COLUMN = Value._meta.get_field("value")
INTEGER_DIGITS = _COLUMN.max_digits - _COLUMN.decimal_places
DECIMAL_QUANTUM = Decimal(1).scaleb(-_COLUMN.decimal_places)


def number_stored(number: Decimal | None) -> Decimal | None:
    """The number as the columns keep it: rounded half up to four decimals.

    A number with too many digits before the decimal comma is returned as it
    is, for ``value_problems`` to refuse (PostgreSQL would refuse the INSERT,
    and SQLite would keep a number the report cannot format).
    """
    if number is None or _too_long(number):
        return number
    return number.quantize(DECIMAL_QUANTUM, rounding=ROUND_HALF_UP)


def _too_long(number: Decimal | None) -> bool:
    """More digits before the decimal comma than the columns keep (once rounded)."""
    if not number:  # None, or a zero whatever its exponent ("0E+20")
        return False
    if number.adjusted() < INTEGER_DIGITS:
        number = number.quantize(DECIMAL_QUANTUM, rounding=ROUND_HALF_UP)
    return number.adjusted() >= INTEGER_DIGITS


def _length_problems(
    value: Decimal | None, numerator: Decimal | None, denominator: Decimal | None
) -> list[str]:
    labels = (
        (_("Värdet"), value),
        (_("Täljaren"), numerator),
        (_("Nämnaren"), denominator),
    )
    return [
        _("%(label)s har för många siffror före decimaltecknet (högst %(max)s).")
        % {"label": label, "max": INTEGER_DIGITS}
        for label, number in labels
        if _too_long(number)
    ]


def value_problems(
    *,
    key_figure: KeyFigure,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
    missing: str,
    gender: str = Gender.TOTAL,
) -> list[str]:
    """What is wrong with one value, in Swedish; empty when it may be stored."""
    problems = []
    if gender != Gender.TOTAL and not key_figure.individual_based:
        problems.append(
            _("%(code)s redovisas inte per kön; ange kön T.")
            % {"code": key_figure.code}
        )
    too_long = _length_problems(value, numerator, denominator)
    if too_long:
        return problems + too_long
    if missing:
        if any(v is not None for v in (value, numerator, denominator)):
            problems.append(_("Ange antingen ett värde eller en kod för saknat värde."))
        return problems
    if key_figure.aggregation == Aggregation.RATIO:
        if numerator is None or denominator is None:
            problems.append(
                _("%(code)s är en kvot: ange både täljare och nämnare.")
                % {"code": key_figure.code}
            )
            return problems
        if denominator == 0:
            problems.append(_("Nämnaren är noll."))
            return problems
        value = numerator / denominator * key_figure.scale
        if _too_long(value):
            problems.append(
                _(
                    "Kvoten blir för stor för att sparas (högst %(max)s siffror före "
                    "decimaltecknet)."
                )
                % {"max": INTEGER_DIGITS}
            )
            return problems
    elif value is None:
        problems.append(_("Värde saknas. Skriv ett tal eller en kod: – . .."))
        return problems
    elif key_figure.aggregation == Aggregation.WEIGHTED_AVERAGE:
        if denominator is None:
            problems.append(_("Ange vikten (antal) i kolumnen nämnare."))
        elif denominator == 0:
            problems.append(_("Nämnaren är noll."))
    if key_figure.min_value is not None and value < key_figure.min_value:
        problems.append(
            _("Värdet %(value)s är lägre än det tillåtna (%(min)s).")
            % {"value": format_plain(value), "min": format_plain(key_figure.min_value)}
        )
    if key_figure.max_value is not None and value > key_figure.max_value:
        problems.append(
            _("Värdet %(value)s är högre än det tillåtna (%(max)s).")
            % {"value": format_plain(value), "max": format_plain(key_figure.max_value)}
        )
    return problems


def scope_problems(
    *, key_figure: KeyFigure, department: Department | None, unit: Unit | None
) -> list[str]:
    """Whether the organisational scope fits the level the figure is reported at."""
    level = key_figure.reporting_level
    if level == ReportingLevel.UNIT and unit is None:
        return [_("%(code)s rapporteras per enhet.") % {"code": key_figure.code}]
    if level == ReportingLevel.DEPARTMENT and (unit is not None or department is None):
        return [_("%(code)s rapporteras per avdelning.") % {"code": key_figure.code}]
    if level == ReportingLevel.AGENCY and (unit is not None or department is not None):
        return [
            _("%(code)s rapporteras för hela myndigheten.") % {"code": key_figure.code}
        ]
    return []


def _snapshot(value: Value) -> dict:
    data = {}
    for field in SNAPSHOT_FIELDS:
        item = getattr(value, field)
        data[field] = str(item) if isinstance(item, Decimal) else item
    data["deleted"] = value.deleted_at is not None
    return data


def derived_value(
    key_figure: KeyFigure,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
) -> Decimal | None:
    """The value to store: a ratio's is computed from its parts."""
    if key_figure.aggregation == Aggregation.RATIO and numerator is not None:
        return number_stored(numerator / denominator * key_figure.scale)
    return value


def period_get(*, year: int, tertial: int) -> Period:
    """The tertial, created on first use."""
    if tertial not in (1, 2, 3) or not 2000 <= year <= 2100:
        raise ValidationError(_("Tertialet finns inte."))
    return Period.objects.get_or_create(year=year, tertial=tertial)[0]


def period_is_locked(period: Period) -> bool:
    """Whether the tertial's follow-up is locked or published (a plain read, for
    pages; a write checks with ``_period_locked_for_write``)."""
    return FollowUp.objects.filter(period=period, status__in=LOCKED_STATUSES).exists()


def _period_locked_for_write(period_id: int) -> bool:
    """Whether the tertial's follow-up is locked or published, read with its row
    locked as ``follow_up_publish`` locks it: a publish under way is waited for,
    and none starts before the caller's transaction ends, so the check and the
    write are one step. Call it inside the write's transaction."""
    return bool(periods_locked_for_write(period_ids={period_id}))


def periods_locked_for_write(*, period_ids: set[int]) -> set[int]:
    """Those of the tertials whose follow-up is locked or published, read as
    ``_period_locked_for_write`` reads one. The rows are locked in the order
    of their keys, so that two writers that each need several never wait on
    each other."""
    statuses = (
        FollowUp.objects.select_for_update()
        .filter(period_id__in=period_ids)
        .order_by("pk")
        .values_list("period_id", "status")
    )
    return {
        period_id for period_id, status in statuses if status != FollowUpStatus.OPEN
    }


@transaction.atomic
def value_set(
    *,
    key_figure: KeyFigure,
    period: Period,
    user,
    department: Department | None = None,
    unit: Unit | None = None,
    gender: str = Gender.TOTAL,
    value: Decimal | None = None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    missing: str = "",
    status: str = ValueStatus.PRELIMINARY,
    source: str = "",
    note: str = "",
    import_batch: ImportBatch | None = None,
) -> Value:
    """Create or change one value, auditing the change. Raises ValidationError.

    Numbers are rounded half up to the four decimals the columns keep.
    """
    value, numerator, denominator = (
        number_stored(number) for number in (value, numerator, denominator)
    )
    if unit is not None:
        department = unit.department
    problems = scope_problems(
        key_figure=key_figure,
        department=department,
        unit=unit,
    ) + value_problems(
        key_figure=key_figure,
        value=value,
        numerator=numerator,
        denominator=denominator,
        missing=missing,
        gender=gender,
    )
    if _period_locked_for_write(period.pk):
        problems.append(_("Tertialet %(period)s är låst.") % {"period": period})
    if problems:
        raise ValidationError(problems)
    existing = (
        Value.objects.select_for_update()
        .filter(
            key_figure=key_figure,
            period=period,
            department=department,
            unit=unit,
            gender=gender,
        )
        .first()
    )
    fields = {
        "value": derived_value(key_figure, value, numerator, denominator),
        "numerator": numerator,
        "denominator": denominator,
        "missing": missing,
        "status": status,
        "source": masked_to_fit(source, field="source", max_length=200),
        "note": masked_to_fit(note, field="note", max_length=500),
    }
    before = _snapshot(existing) if existing else None
    target = existing or Value(
        key_figure=key_figure,
        period=period,
        department=department,
        unit=unit,
        gender=gender,
    )
    for name, item in fields.items():
        setattr(target, name, item)
    target.entered_by = user
    target.entered_at = timezone.now()
    target.deleted_at = None
    target.import_batch = import_batch
    target.save()
    ValueChange.objects.create(
        value=target,
        changed_by=user,
        action="update" if existing else "create",
        before=before,
        after=_snapshot(target),
        import_batch=import_batch,
    )
    return target


@transaction.atomic
def value_delete(*, value: Value, user) -> Value:
    """Soft-delete a value; the audit trail keeps what it was.

    The report then shows the value as missing ("–"), as if it had never been
    reported. Raises PermissionDenied or ValidationError.
    """
    if not permissions.can_edit_values(user):
        raise PermissionDenied
    # the follow-up first, as value_set and follow_up_publish take it
    locked = _period_locked_for_write(value.period_id)
    value = Value.objects.select_for_update().select_related("period").get(pk=value.pk)
    if value.deleted_at is not None:
        raise ValidationError(_("Värdet är redan borttaget."))
    if locked:
        raise ValidationError(
            _("Tertialet %(period)s är låst.") % {"period": value.period}
        )
    before = _snapshot(value)
    value.deleted_at = timezone.now()
    value.save(update_fields=["deleted_at"])
    ValueChange.objects.create(
        value=value, changed_by=user, action="delete", before=before, after=None
    )
    return value


@transaction.atomic
def headcount_set(*, unit: Unit, period: Period, women: int, men: int) -> Headcount:
    """Record how many women and men work in a unit during a tertial."""
    headcount, _created = Headcount.objects.update_or_create(
        unit=unit, period=period, defaults={"women": women, "men": men}
    )
    return headcount


@transaction.atomic
def annotation_add(
    *,
    key_figure: KeyFigure,
    period: Period,
    department: Department | None,
    text: str,
    user,
) -> Annotation:
    """Attach a short note to a value ("omorganisation 1 maj").

    A tertial whose follow-up is locked or published takes no new notes: the
    published report must stay as it was published.
    """
    if not permissions.can_annotate(user, department):
        raise PermissionDenied
    if _period_locked_for_write(period.pk):
        raise ValidationError(
            {
                "period": _(
                    "Tertialet %(period)s är publicerat och låst. Anteckningar "
                    "kan inte läggas till i efterhand."
                )
                % {"period": period}
            }
        )
    text = masked_to_fit(text, field="text", max_length=200)
    if not text:
        raise ValidationError({"text": _("Skriv en kort anteckning.")})
    return Annotation.objects.create(
        key_figure=key_figure,
        period=period,
        department=department,
        text=text,
        author=user,
    )


# The workflow ------------------------------------------------------------


@transaction.atomic
def follow_up_open(*, year: int, tertial: int, user) -> FollowUp:
    """A controller opens a tertial's follow-up."""
    if not permissions.can_manage(user):
        raise PermissionDenied
    period = period_get(year=year, tertial=tertial)
    if FollowUp.objects.filter(period=period).exists():
        raise ValidationError(
            _("Uppföljningen för %(period)s är redan öppnad.") % {"period": period}
        )
    return FollowUp.objects.create(period=period, opened_by=user)


@transaction.atomic
def analysis_save(
    *,
    follow_up: FollowUp,
    department: Department,
    perspective: Perspective,
    text: str,
    done: bool,
    user,
) -> Analysis:
    """Save a department's analysis of one perspective, as draft or klar."""
    if not permissions.can_edit_analysis(user, follow_up, department):
        raise PermissionDenied
    problem = _analysis_problem(text=text, done=done)
    if problem:
        raise ValidationError(problem)
    text = mask_personnummer(text.strip())
    status = AnalysisStatus.DONE if done else AnalysisStatus.DRAFT
    before = (
        Analysis.objects.select_for_update()
        .filter(follow_up=follow_up, department=department, perspective=perspective)
        .first()
    )
    if before is not None and (before.text, before.status) == (text, status):
        return before  # nothing changed: neither a new author nor a trail
    analysis, _created = Analysis.objects.update_or_create(
        follow_up=follow_up,
        department=department,
        perspective=perspective,
        defaults={
            "text": text,
            "status": status,
            "updated_by": user,
            "updated_at": timezone.now(),
        },
    )
    TextChange.objects.create(
        follow_up=follow_up,
        kind=TextKind.ANALYSIS,
        department=department,
        perspective=perspective,
        text_before=before.text if before else "",
        text_after=text,
        status_before=before.status if before else "",
        status_after=status,
        changed_by=user,
    )
    return analysis


def _analysis_problem(*, text: str, done: bool) -> str:
    if done and not text.strip():
        return _("En analys som är klar måste ha text.")
    return ""


class FollowUpClosed(ValidationError):
    """Refused: the follow-up was locked or published after the form was opened.

    Raised instead of PermissionDenied to one who could write while it was open,
    so that the form tells why and keeps what was typed.
    """

    def __init__(self):
        super().__init__(_("Uppföljningen är låst."), code="closed")


def _follow_up_to_write(follow_up: FollowUp, *, writer: bool) -> FollowUp:
    """``follow_up`` read anew with its row locked, as publishing locks it, for
    one whose text or action is saved in it now.

    ``writer``: whether the user writes here while a follow-up is open. Anyone
    else is refused (PermissionDenied); a writer whose follow-up was locked or
    published since the form was opened gets FollowUpClosed, so that the form
    tells why and keeps what was typed.
    """
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if not writer:
        raise PermissionDenied
    if not follow_up.is_open:
        raise FollowUpClosed
    return follow_up


def _refuse_saved_meanwhile(
    perspectives: list[Perspective],
    *,
    stored: dict[int, dict],
    loaded: dict[str, dict] | None,
    empty: dict,
) -> None:
    """SavedMeanwhile for the perspectives whose values stored now (``stored``,
    by perspective; ``empty`` where none is) differ from those the form loaded."""
    meanwhile = {}
    for perspective in perspectives:
        now = stored.get(perspective.pk, empty)
        if perspective.key in (loaded or {}) and saved_differs(
            now, loaded[perspective.key]
        ):
            meanwhile[perspective.key] = now
    if meanwhile:
        raise SavedMeanwhile(meanwhile)


def _analyses_stored(follow_up: FollowUp, department: Department) -> dict[int, dict]:
    """The department's analyses as stored, by perspective: text and klar."""
    return {
        analysis.perspective_id: {
            "text": analysis.text,
            "done": analysis.status == AnalysisStatus.DONE,
        }
        for analysis in Analysis.objects.filter(
            follow_up=follow_up, department=department
        )
    }


@transaction.atomic
def analyses_save(
    *,
    follow_up: FollowUp,
    department: Department,
    entries: list[tuple[Perspective, str, bool]],
    user,
    loaded: dict[str, dict] | None = None,
) -> list[Analysis]:
    """Save a department's analyses of several perspectives: all of them or none.

    ``entries`` are (perspective, text, done). ``loaded``: by perspective key,
    the text and klar as the form loaded them. The follow-up is locked first, so
    that a save which landed after the form was opened is found here and not
    overwritten (SavedMeanwhile), and none lands while this one is checked.
    Every entry is checked before anything is stored; a ValidationError is keyed
    by the perspective's key.
    """
    follow_up = _follow_up_to_write(
        follow_up, writer=permissions.writes_analysis_of(user, department)
    )
    _refuse_saved_meanwhile(
        [perspective for perspective, _text, _done in entries],
        stored=_analyses_stored(follow_up, department),
        loaded=loaded,
        empty={"text": "", "done": False},
    )
    problems = {
        perspective.key: problem
        for perspective, text, done in entries
        if (problem := _analysis_problem(text=text, done=done))
    }
    if problems:
        raise ValidationError(problems)
    return [
        analysis_save(
            follow_up=follow_up,
            department=department,
            perspective=perspective,
            text=text,
            done=done,
            user=user,
        )
        for perspective, text, done in entries
    ]


@transaction.atomic
def conclusion_save(
    *, follow_up: FollowUp, perspective: Perspective, text: str, user
) -> Conclusion | None:
    """The management group's joint conclusion for a perspective (empty removes it)."""
    if not permissions.can_record_conclusions(user, follow_up):
        raise PermissionDenied
    text = mask_personnummer(text.strip())
    before = (
        Conclusion.objects.select_for_update()
        .filter(follow_up=follow_up, perspective=perspective)
        .first()
    )
    saved = before.text if before else ""
    if text == saved:
        return before
    # the trail keeps the text, also of a conclusion that is emptied and removed
    TextChange.objects.create(
        follow_up=follow_up,
        kind=TextKind.CONCLUSION,
        perspective=perspective,
        text_before=saved,
        text_after=text,
        changed_by=user,
    )
    if not text:
        before.delete()
        return None
    conclusion, _created = Conclusion.objects.update_or_create(
        follow_up=follow_up,
        perspective=perspective,
        defaults={"text": text, "updated_by": user, "updated_at": timezone.now()},
    )
    return conclusion


@transaction.atomic
def conclusions_save(
    *,
    follow_up: FollowUp,
    entries: list[tuple[Perspective, str]],
    user,
    loaded: dict[str, dict] | None = None,
) -> list[Conclusion | None]:
    """Save the joint conclusions of several perspectives: all of them or none.

    ``entries`` are (perspective, text); ``loaded``: by perspective key, the text
    as the form loaded it. As in ``analyses_save``, the follow-up is locked
    first and a conclusion saved since the form was opened is not overwritten
    (SavedMeanwhile).
    """
    follow_up = _follow_up_to_write(
        follow_up, writer=permissions.records_conclusions(user)
    )
    _refuse_saved_meanwhile(
        [perspective for perspective, _text in entries],
        stored={
            c.perspective_id: {"text": c.text} for c in follow_up.conclusions.all()
        },
        loaded=loaded,
        empty={"text": ""},
    )
    return [
        conclusion_save(
            follow_up=follow_up, perspective=perspective, text=text, user=user
        )
        for perspective, text in entries
    ]


@transaction.atomic
def action_create(
    *,
    follow_up: FollowUp,
    perspective: Perspective,
    title: str,
    owner,
    due_on: datetime.date,
    user,
) -> Action:
    """Record an åtgärd the management group decided.

    A new action cannot be due in the past; one that is overdue stays as it is
    when it is followed up (``action_status_set`` leaves the date alone). The
    follow-up's row is locked as publishing locks it; one locked or published
    since the form was opened is refused (FollowUpClosed).
    """
    follow_up = _follow_up_to_write(
        follow_up, writer=permissions.records_conclusions(user)
    )
    if due_on < timezone.localdate():
        raise ValidationError(
            {"due_on": _("Datumet har redan varit. Välj i dag eller ett senare datum.")}
        )
    action = Action(
        follow_up=follow_up,
        perspective=perspective,
        title=masked_to_fit(title, field="title", max_length=300),
        owner=owner,
        due_on=due_on,
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_status_set(
    *, action: Action, status: str, note: str, user, via_assignment: bool = False
) -> Action:
    """Follow up an action: its owner, the management group or a controller,
    also after the follow-up is published. Every change leaves an ActionChange;
    saving the same läge and comment again leaves none.

    ``via_assignment``: ``user`` set the status on the action's assignment in
    the management group's list, and the change is recorded as made there.
    """
    if not permissions.can_follow_up_action(user, action):
        raise PermissionDenied
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Okänd status.")})
    before = Action.objects.select_for_update().get(pk=action.pk)
    note = masked_to_fit(note, field="note", max_length=300)
    if (before.status, before.status_note) == (status, note):
        return before
    ActionChange.objects.create(
        action=before,
        status_before=before.status,
        status_after=status,
        note_before=before.status_note,
        note_after=note,
        changed_by=user,
        via_assignment=via_assignment,
    )
    action.status = status
    action.status_note = note
    action.save(update_fields=["status", "status_note"])
    return action


class FollowUpIncomplete(ValidationError):
    """Publishing was refused: analyses or values are missing (``gaps``)."""

    def __init__(self, gaps):
        super().__init__(
            _(
                "Uppföljningen är inte komplett: %(analyses)s analyser är inte klara "
                "och %(values)s värden saknas. Bekräfta att den ska publiceras ändå."
            )
            % {"analyses": gaps.analysis_count, "values": gaps.value_count},
            code="incomplete",
        )
        self.gaps = gaps


@transaction.atomic
def follow_up_publish(
    *, follow_up: FollowUp, user, incomplete_confirmed: bool = False
) -> FollowUp:
    """Lock the follow-up and publish it as a complete PDF and an XLSX of all figures.

    A follow-up with analyses that are not klar, or values missing from the
    report, is published only with ``incomplete_confirmed``; otherwise
    FollowUpIncomplete says what is missing.
    """
    from .exports import follow_up_pdf, follow_up_xlsx
    from .selectors import follow_up_gaps

    if not permissions.can_manage(user):
        raise PermissionDenied
    # Its row is locked first and its status read anew: a publishing from
    # another request finishes before this one checks, and a value, note or
    # text being saved (which take the same row) lands before the report is made.
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.status != FollowUpStatus.OPEN:
        raise ValidationError(_("Uppföljningen är redan publicerad."))
    if not incomplete_confirmed:
        gaps = follow_up_gaps(follow_up)
        if gaps:
            raise FollowUpIncomplete(gaps)
    follow_up.status = FollowUpStatus.LOCKED
    follow_up.save(update_fields=["status"])
    name = f"tertialuppfoljning-{follow_up.period.year}-T{follow_up.period.tertial}"
    follow_up.pdf.save(f"{name}.pdf", ContentFile(follow_up_pdf(follow_up)), save=False)
    follow_up.xlsx.save(
        f"{name}.xlsx", ContentFile(follow_up_xlsx(follow_up)), save=False
    )
    follow_up.status = FollowUpStatus.PUBLISHED
    follow_up.published_at = timezone.now()
    follow_up.save()
    return follow_up
