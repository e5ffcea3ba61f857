"""The remissrunda: rounds, proposals that must say something, comments, decisions."""

import datetime
import logging
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from guru.privacy import mask_personnummer, masked_to_fit

from . import permissions
from .models import (
    Aggregation,
    ConsultationRound,
    KeyFigure,
    KeyFigureStatus,
    Notification,
    Proposal,
    ProposalComment,
    ProposalKind,
    ProposalRevision,
    ProposalStatus,
    ProposalSupport,
    RoundEvent,
    RoundEventKind,
    RoundStatus,
)

logger = logging.getLogger(__name__)

# Words that say nothing on their own; a motivation made of little else is vague.
VAGUE_WORDS = {
    "bra", "viktigt", "intressant", "kul", "nyttigt", "bättre", "behövs", "vore",
    "att", "ha", "det", "är", "skulle", "vara", "och", "en", "ett", "som", "mer",
}  # fmt: skip
MIN_WORDS = {"definition": 8, "calculation": 5, "motivation": 12}


def _words(text: str) -> list[str]:
    return re.findall(r"[\wåäöÅÄÖ]+", text.lower())


def proposal_problems(data: dict) -> dict[str, str]:
    """What a proposal lacks, field by field, phrased as guidance in Swedish."""
    problems = {}
    guidance = {
        "definition": _(
            "Beskriv vad som mäts så att två personer skulle räkna likadant "
            "(minst %(n)s ord): vilka ärenden, personer eller kronor ingår?"
        ),
        "calculation": _(
            "Beskriv hur värdet räknas fram (minst %(n)s ord), med täljare och "
            "nämnare om det är en andel."
        ),
        "motivation": _(
            "Förklara vilken fråga eller vilket beslut nyckeltalet ska stödja "
            '(minst %(n)s ord) – "bra att ha" räcker inte.'
        ),
    }
    for name, minimum in MIN_WORDS.items():
        words = _words(data.get(name) or "")
        substantive = [w for w in words if w not in VAGUE_WORDS]
        if len(words) < minimum or len(substantive) < minimum // 2:
            problems[name] = guidance[name] % {"n": minimum}
    if len((data.get("data_source") or "").strip()) < 3:
        problems["data_source"] = _(
            "Ange var uppgiften kommer ifrån (system, register)."
        )
    if len((data.get("frequency") or "").strip()) < 3:
        problems["frequency"] = _("Ange hur ofta uppgiften finns, t.ex. varje månad.")
    if data.get("kind") == ProposalKind.CHANGE and not data.get("key_figure"):
        problems["key_figure"] = _("Välj vilket nyckeltal du vill ändra.")
    return problems


@transaction.atomic
def round_open(*, title: str, closes_on: datetime.date, user, description: str = ""):
    """A controller opens a remissrunda with a closing date."""
    if not permissions.can_manage(user):
        raise PermissionDenied
    _require_not_past(closes_on)
    round_ = ConsultationRound.objects.create(
        title=masked_to_fit(title, field="title", max_length=200),
        description=masked_to_fit(description, field="description"),
        closes_on=closes_on,
        opened_by=user,
    )
    round_announce(round_=round_)
    return round_


@transaction.atomic
def round_announce(*, round_: ConsultationRound) -> int:
    """E-mail everyone who may propose that the round is open, one e-mail each;
    return how many. Only the first call for a round sends anything.

    The round is marked as announced in the same transaction, and the e-mails go
    after the commit; one address that fails does not stop the others.
    """
    now = timezone.now()
    claimed = ConsultationRound.objects.filter(
        pk=round_.pk, announced_at__isnull=True
    ).update(announced_at=now)
    if not claimed:
        return 0
    round_.announced_at = now
    recipients = list(
        permissions.proposers()
        .exclude(pk=round_.opened_by_id)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    _round_email_each(
        round_,
        recipients,
        subject=_("Remissrunda om nyckeltal: %(title)s") % {"title": round_.title},
        template="followup/email/round_opened.txt",
    )
    return len(recipients)


def _round_email_each(
    round_: ConsultationRound,
    recipients: list[str],
    *,
    subject: str,
    template: str,
    context: dict | None = None,
) -> None:
    """E-mail each of ``recipients`` on their own (no shared recipient list) about
    the round, after the commit; an address that fails does not stop the others."""
    body = render_to_string(
        template,
        {
            "round": round_,
            "base_url": settings.WAGTAILADMIN_BASE_URL,
            **(context or {}),
        },
    )

    def send() -> None:
        # Queued (the default), each e-mail becomes a row in the outbox; sent
        # directly, they share one SMTP session.
        connection = get_connection()
        for recipient in recipients:
            try:
                send_mail(subject, body, None, [recipient], connection=connection)
            except OSError:
                logger.exception(
                    "Could not e-mail round %s to one recipient", round_.pk
                )

    transaction.on_commit(send)


def _require_open(round_: ConsultationRound) -> None:
    if not round_.is_open:
        raise ValidationError(_("Remissrundan är stängd."))


@transaction.atomic
def round_close(*, round_: ConsultationRound, user) -> ConsultationRound:
    """A controller closes a remissrunda before its last day; who and when are kept.

    A closed round takes no proposals, comments or support; decisions go on.
    """
    round_ = _round_locked(round_, user)
    _require_open(round_)
    round_.status = RoundStatus.CLOSED
    round_.closed_by = user
    round_.closed_at = timezone.now()
    round_.save(update_fields=["status", "closed_by", "closed_at"])
    _round_event(round_, user, RoundEventKind.CLOSED, before=round_.closes_on)
    return round_


def _round_locked(round_: ConsultationRound, user) -> ConsultationRound:
    """The round, locked for a change by ``user``, who must be one who runs it."""
    if not permissions.can_run_round(user, round_):
        raise PermissionDenied
    return ConsultationRound.objects.select_for_update().get(pk=round_.pk)


def _round_event(round_: ConsultationRound, user, kind: str, *, before) -> None:
    RoundEvent.objects.create(
        round=round_,
        kind=kind,
        user=user,
        closes_on_before=before,
        closes_on_after=round_.closes_on,
    )


# A round's last day is today or later; the forms refuse an earlier one so too.
CLOSES_ON_PAST = gettext_lazy(
    "Sista dagen har redan varit. Välj i dag eller en senare dag."
)


def closes_on_passed(closes_on: datetime.date) -> bool:
    """Whether a round's last day has already been (the rule of the forms too)."""
    return closes_on < timezone.localdate()


def _require_not_past(closes_on: datetime.date) -> None:
    if closes_on_passed(closes_on):
        raise ValidationError({"closes_on": CLOSES_ON_PAST})


def earlier_close_told(round_: ConsultationRound, user) -> list[str]:
    """The addresses told when ``user`` moves the round's last day earlier: whoever
    has proposed something in the round (any status; Guru keeps no unsent drafts),
    active, with an address, except ``user``."""
    return list(
        permissions.proposers()
        .filter(pk__in=round_.proposals.values("proposer"))
        .exclude(pk=user.pk)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )


def _earlier_unconfirmed(
    round_: ConsultationRound, closes_on: datetime.date, told: int
) -> ValidationError:
    told_text = (
        ngettext(
            "%(n)d person som har lämnat förslag får då e-post om den nya dagen.",
            "%(n)d personer som har lämnat förslag får då e-post om den nya dagen.",
            told,
        )
        % {"n": told}
        if told
        else _("Ingen har lämnat förslag i remissrundan, så ingen får e-post.")
    )
    return ValidationError(
        {
            "confirm_earlier": _(
                "Den nya sista dagen, %(new)s, är tidigare än den nuvarande, "
                "%(old)s. Kryssa i rutan om remissrundan ska stänga tidigare. %(told)s"
            )
            % {
                "new": closes_on.isoformat(),
                "old": round_.closes_on.isoformat(),
                "told": told_text,
            }
        }
    )


@transaction.atomic
def round_closes_on_change(
    *,
    round_: ConsultationRound,
    closes_on: datetime.date,
    user,
    earlier_confirmed: bool = False,
) -> ConsultationRound:
    """A controller moves an open round's last day, to today or later.

    The change is kept as a ``RoundEvent`` (who, when, the day before and after);
    the same day again changes nothing and leaves none. A later day e-mails nobody:
    the round's page and the list show the last day as it is now. An earlier day
    cuts the time its proposers planned with, so it takes ``earlier_confirmed``
    and e-mails each of them (``earlier_close_told``) after the commit.
    """
    round_ = _round_locked(round_, user)
    _require_open(round_)
    _require_not_past(closes_on)
    before = round_.closes_on
    if closes_on == before:
        return round_
    told = earlier_close_told(round_, user) if closes_on < before else []
    if closes_on < before and not earlier_confirmed:
        raise _earlier_unconfirmed(round_, closes_on, len(told))
    round_.closes_on = closes_on
    round_.save(update_fields=["closes_on"])
    _round_event(round_, user, RoundEventKind.CLOSES_ON_CHANGED, before=before)
    if told:
        _round_email_each(
            round_,
            told,
            subject=_("Remissrundan stänger tidigare: %(title)s")
            % {"title": round_.title},
            template="followup/email/round_closes_earlier.txt",
            context={"closes_on_before": before},
        )
    return round_


@transaction.atomic
def round_reopen(
    *, round_: ConsultationRound, closes_on: datetime.date, user
) -> ConsultationRound:
    """A controller reopens a closed round – closed early, or its last day passed –
    with a new last day, today or later; it then takes proposals, comments and
    support again.

    Who closed it early is kept in its ``RoundEvent`` rows, not on the round; the
    reopening is one too. The opening e-mail is not sent again.
    """
    round_ = _round_locked(round_, user)
    if round_.is_open:
        raise ValidationError(_("Remissrundan är redan öppen."))
    _require_not_past(closes_on)
    before = round_.closes_on
    round_.status = RoundStatus.OPEN
    round_.closes_on = closes_on
    round_.closed_by = None
    round_.closed_at = None
    round_.save(update_fields=["status", "closes_on", "closed_by", "closed_at"])
    _round_event(round_, user, RoundEventKind.REOPENED, before=before)
    return round_


# What the proposer writes, and may edit while the proposal can still change.
PROPOSAL_FIELDS = (
    "kind", "key_figure", "name", "perspective", "definition",
    "calculation", "data_source", "frequency", "motivation",
)  # fmt: skip
DECIDED = (ProposalStatus.ACCEPTED, ProposalStatus.REJECTED)


def _proposal_fields(data: dict) -> dict:
    """The proposal's fields from ``data``, checked for substance, personnummer masked.

    A new key figure concerns no existing one, whatever the form sent.
    """
    problems = proposal_problems(data)
    if problems:
        raise ValidationError(problems)
    fields = {
        name: masked_to_fit(
            data[name],
            field=name,
            max_length=Proposal._meta.get_field(name).max_length,
        )
        if isinstance(data[name], str)
        else data[name]
        for name in PROPOSAL_FIELDS
    }
    if fields["kind"] == ProposalKind.NEW:
        fields["key_figure"] = None
    return fields


@transaction.atomic
def proposal_submit(*, round_: ConsultationRound, proposer, data: dict) -> Proposal:
    """Any employee proposes; a vague proposal is refused with guidance."""
    _require_open(round_)
    fields = _proposal_fields(data)
    return Proposal.objects.create(round=round_, proposer=proposer, **fields)


def proposal_unchangeable(proposal: Proposal) -> str:
    """Why nobody may add to, edit or withdraw the proposal now ("" while one may)."""
    if proposal.status == ProposalStatus.WITHDRAWN:
        return _("Förslaget är återkallat.")
    if proposal.status in DECIDED:
        return _("Förslaget är redan beslutat.")
    if not proposal.round.is_open:
        return _("Remissrundan är stängd.")
    return ""


def _require_proposer(proposal: Proposal, user) -> None:
    if not permissions.owns_proposal(user, proposal):
        raise PermissionDenied
    reason = proposal_unchangeable(proposal)
    if reason:
        raise ValidationError(reason)


def _snapshot(proposal: Proposal) -> dict:
    """The proposer's fields as plain JSON (related objects by primary key)."""
    snapshot = {name: getattr(proposal, name) for name in PROPOSAL_FIELDS}
    snapshot["key_figure"] = proposal.key_figure_id
    snapshot["perspective"] = proposal.perspective_id
    return snapshot


@transaction.atomic
def proposal_edit(*, proposal: Proposal, user, data: dict) -> Proposal:
    """The proposer rewrites an undecided proposal while the round is open.

    The text as it was is kept as a ``ProposalRevision`` with who and when; an edit
    that changes nothing leaves no revision.
    """
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _require_proposer(proposal, user)
    fields = _proposal_fields(data)
    before = _snapshot(proposal)
    for name, value in fields.items():
        setattr(proposal, name, value)
    if _snapshot(proposal) == before:
        return proposal
    ProposalRevision.objects.create(proposal=proposal, edited_by=user, before=before)
    proposal.save(update_fields=list(PROPOSAL_FIELDS))
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, user) -> Proposal:
    """The proposer takes back an undecided proposal while the round is open.

    The proposal stays, marked återkallad with who and when; nobody comments on,
    supports or decides it after that.
    """
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _require_proposer(proposal, user)
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.withdrawn_by = user
    proposal.withdrawn_at = timezone.now()
    proposal.save(update_fields=["status", "withdrawn_by", "withdrawn_at"])
    return proposal


def proposal_closed_to_others(proposal: Proposal) -> str:
    """Why nobody may comment on or support the proposal now ("" while one may):
    that needs an open round and a proposal not withdrawn (a decided one may
    still be discussed until the round ends)."""
    if not proposal.round.is_open:
        return _("Remissrundan är stängd.")
    if proposal.status == ProposalStatus.WITHDRAWN:
        return _("Förslaget är återkallat.")
    return ""


def _require_open_for_others(proposal: Proposal) -> None:
    reason = proposal_closed_to_others(proposal)
    if reason:
        raise ValidationError(reason)


@transaction.atomic
def proposal_comment(*, proposal: Proposal, author, text: str) -> ProposalComment:
    _require_open_for_others(proposal)
    text = text.strip()
    if not text:
        raise ValidationError(_("Skriv en kommentar."))
    return ProposalComment.objects.create(
        proposal=proposal, author=author, text=mask_personnummer(text)
    )


@transaction.atomic
def proposal_support_toggle(*, proposal: Proposal, user) -> bool:
    """Support a proposal, or take the support back; returns whether supported."""
    _require_open_for_others(proposal)
    if proposal.proposer_id == user.pk:
        raise ValidationError(_("Du kan inte stödja ditt eget förslag."))
    support = ProposalSupport.objects.filter(proposal=proposal, user=user)
    if support.exists():
        support.delete()
        return False
    ProposalSupport.objects.create(proposal=proposal, user=user)
    return True


# What a draft revision does not take over from the figure it changes.
_NOT_REVISED = {"id", "code", "status", "revision_of"}
# What a draft takes from the proposal (the rest is the figure's, or defaults).
_FROM_PROPOSAL = ("name", "perspective_id", "definition", "calculation", "data_source")


def _draft_fields(proposal: Proposal) -> dict:
    """A new figure's draft starts from the proposal alone; a change's draft is a
    revision of the figure it concerns: that figure's rules (aggregation, scale,
    privacy, owner …) with the proposed name, perspective and text."""
    fields: dict = {"aggregation": Aggregation.SUM}
    current = proposal.key_figure if proposal.kind == ProposalKind.CHANGE else None
    if current is not None:
        fields = {
            field.attname: getattr(current, field.attname)
            for field in KeyFigure._meta.concrete_fields
            if field.name not in _NOT_REVISED
        }
        fields["revision_of_id"] = current.pk
    return {
        **fields,
        **{name: getattr(proposal, name) for name in _FROM_PROPOSAL},
        "status": KeyFigureStatus.DRAFT,
    }


def _draft_key_figure(proposal: Proposal) -> KeyFigure:
    """The proposal's draft key figure – a new one, or a draft revision of the one a
    change concerns (which stays as it is until a controller puts the revision in
    use); one retired by an earlier decision returns, with the proposal's text as it
    reads now (the proposer may have edited it in between)."""
    code = f"F{proposal.pk}"
    fields = _draft_fields(proposal)
    figure, _created = KeyFigure.objects.get_or_create(code=code, defaults=fields)
    if figure.status == KeyFigureStatus.RETIRED:
        for name in (*_FROM_PROPOSAL, "status"):
            setattr(figure, name, fields[name])
        figure.save(update_fields=[*_FROM_PROPOSAL, "status"])
    return figure


def _draft_key_figure_withdraw(proposal: Proposal) -> None:
    """A proposal no longer antagen takes back its draft key figure (or revision).

    The draft is retired, not deleted, so that it returns if the proposal is
    accepted again; a key figure already made active is left to the controllers.
    """
    figure = proposal.resulting_key_figure
    if figure is None or figure.status != KeyFigureStatus.DRAFT:
        return
    figure.status = KeyFigureStatus.RETIRED
    figure.save(update_fields=["status"])
    proposal.resulting_key_figure = None


@transaction.atomic
def proposal_decide(
    *, proposal: Proposal, status: str, motivation: str, user
) -> Proposal:
    """Set a proposal's status; antagen makes a draft key figure; tell the proposer.

    The proposer is told only when the decision changes (its status or its
    motivation): saving the same decision again sends nothing.
    """
    if not permissions.can_decide_proposal(user, proposal):
        raise PermissionDenied
    if status not in ProposalStatus.values or status == ProposalStatus.WITHDRAWN:
        raise ValidationError(_("Okänd status."))
    if proposal.status == ProposalStatus.WITHDRAWN:
        raise ValidationError(_("Förslaget är återkallat och kan inte beslutas."))
    if status == ProposalStatus.REJECTED and not motivation.strip():
        raise ValidationError({"motivation": _("Motivera varför förslaget avslås.")})
    motivation = masked_to_fit(motivation, field="motivation")
    if (status, motivation) == (proposal.status, proposal.decision_motivation):
        return proposal
    proposal.status = status
    proposal.decision_motivation = motivation
    if status == ProposalStatus.ACCEPTED:
        if proposal.resulting_key_figure is None:
            proposal.resulting_key_figure = _draft_key_figure(proposal)
    else:
        _draft_key_figure_withdraw(proposal)
    proposal.save()
    _decision_tell(proposal)
    return proposal


def _decision_tell(proposal: Proposal) -> None:
    """A notice in Guru and an e-mail (after the commit) about the new decision."""
    label = ProposalStatus(proposal.status).label
    text = _("Ditt förslag ”%(name)s” har status: %(status)s.") % {
        "name": proposal.name,
        "status": label,
    }
    url = reverse("followup:proposal", args=[proposal.pk])
    Notification.objects.create(user=proposal.proposer, text=text[:300], url=url)
    if not proposal.proposer.email:
        return
    body = text
    if proposal.decision_motivation:
        body += "\n\n" + _("Motivering: %(m)s") % {"m": proposal.decision_motivation}
    link = settings.WAGTAILADMIN_BASE_URL + url  # an e-mail needs the whole address
    body += "\n\n" + _("Läs mer i Guru: %(url)s") % {"url": link}
    recipient = proposal.proposer.email
    transaction.on_commit(
        lambda: send_mail(_("Ditt förslag till nyckeltal"), body, None, [recipient])
    )
