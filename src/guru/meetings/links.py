"""What an agenda item can be about elsewhere in Guru ("Gäller").

An item links to a tertial follow-up, a KPI consultation round or a document in
the document space. Those apps own their models; the item keeps a generic link,
and the choices offered are only what the person editing the agenda may open.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

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


def link_value(target: models.Model | None) -> str:
    if target is None:
        return ""
    prefix = {FollowUp: "uppfoljning", ConsultationRound: "remiss"}.get(
        type(target), "dokument"
    )
    return f"{prefix}:{target.pk}"


def link_choices(user) -> list:
    choices: list = [("", _("Inget"))]
    for prefix, (label, queryset) in _linkable(user).items():
        options = [(f"{prefix}:{obj.pk}", str(obj)) for obj in queryset]
        if options:
            choices.append((label, options))
    return choices


def link_resolve(value: str, user) -> models.Model | None:
    """The object behind a choice, or None; only what ``user`` may open."""
    prefix, _sep, pk = (value or "").partition(":")
    entry = _linkable(user).get(prefix)
    if entry is None or not pk.isdigit():
        return None
    return entry[1].filter(pk=int(pk)).first()
