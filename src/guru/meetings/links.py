"""What an agenda item can be about elsewhere in Guru ("Gäller").

An item links to a tertial follow-up, a KPI consultation round or a document in
the document space. Those apps own their models; the item keeps a generic link,
and the choices offered are only what the person editing the agenda may open.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from guru.documents.models import Document
from guru.documents.permissions import can_open_document
from guru.documents.selectors import documents_visible_to
from guru.followup.models import ConsultationRound, FollowUp


def _linkable(user) -> dict[str, tuple[str, models.QuerySet]]:
    return {
        "uppfoljning": (_("Tertialuppföljningar"), FollowUp.objects.all()),
        "remiss": (_("Remissrundor om nyckeltal"), ConsultationRound.objects.all()),
        "dokument": (
            _("Dokumentrummet"),
            documents_visible_to(user=user).order_by("folder__name", "title"),
        ),
    }


# The choice that keeps a link the editor may not see (see ``link_choices``).
KEEP_HIDDEN = "behall"


def link_visible(target: models.Model | None, user) -> bool:
    """Whether ``user`` may see what an item links to.

    Documents follow the document space's folders; follow-ups and KPI rounds are
    open to everyone who may edit an agenda. A target that no longer exists shows
    only its label.
    """
    if isinstance(target, Document):
        return can_open_document(user, target)
    return True


def link_value(target: models.Model | None) -> str:
    if target is None:
        return ""
    prefix = {FollowUp: "uppfoljning", ConsultationRound: "remiss"}.get(
        type(target), "dokument"
    )
    return f"{prefix}:{target.pk}"


def link_choices(user, *, kept: models.Model | None = None) -> list:
    """What ``user`` may link an item to; ``kept`` is a link they may not see.

    The kept link is offered as "keep", unnamed, so that saving the item does not
    drop it (the way hidden attachments are kept).
    """
    choices: list = [("", _("Inget"))]
    if kept is not None:
        choices.append(
            (
                KEEP_HIDDEN,
                _("Behåll nuvarande (ett dokument som du inte har tillgång till)"),
            )
        )
    for prefix, (label, queryset) in _linkable(user).items():
        options = [(f"{prefix}:{obj.pk}", str(obj)) for obj in queryset]
        if options:
            choices.append((label, options))
    return choices


def link_resolve(
    value: str, user, *, kept: models.Model | None = None
) -> models.Model | None:
    """The object behind a choice, or None; only what ``user`` may open, or the
    ``kept`` link they may not."""
    if value == KEEP_HIDDEN and kept is not None:
        return kept
    prefix, _sep, pk = (value or "").partition(":")
    entry = _linkable(user).get(prefix)
    if entry is None or not pk.isdigit():
        return None
    return entry[1].filter(pk=int(pk)).first()
