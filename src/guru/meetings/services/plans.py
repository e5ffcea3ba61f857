"""Plans are saved as a whole; each save is a numbered version with a diff."""

import html
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guru.privacy import mask_fields

from ..models import Plan, PlanActivity, PlanAttachment, PlanVersion
from ..models.plans import PLAN_TEXT_FIELDS


def plan_sections(plan: Plan) -> list[dict]:
    """The plan as sections in ``guru.changes.diff``'s format (anchor, heading, html)."""
    sections = [
        {
            "anchor": "oversikt",
            "heading": _("Översikt"),
            "html": html.escape(
                f"{plan.get_kind_display()} · {plan.result_area} · {plan.period} · "
                f"{_('ägare')} {plan.owner} · {_('beställare')} {plan.ordered_by} · "
                f"{plan.get_status_display()}"
            ),
        }
    ]
    for name in PLAN_TEXT_FIELDS:
        label = str(Plan._meta.get_field(name).verbose_name)
        sections.append(
            {
                "anchor": name,
                "heading": label[:1].upper() + label[1:],
                "html": "".join(
                    f"<p>{html.escape(line)}</p>"
                    for line in getattr(plan, name).splitlines()
                    if line.strip()
                ),
            }
        )
    rows = "".join(
        f"<p>{html.escape(a.what)} – {html.escape(str(a.responsible))} – "
        f"{html.escape(a.when)}</p>"
        for a in plan.activities.select_related("responsible")
    )
    sections.append(
        {"anchor": "aktiviteter", "heading": _("Aktiviteter"), "html": rows}
    )
    return sections


@transaction.atomic
def plan_save(
    *,
    plan: Plan,
    activities: Iterable[dict],
    user,
    note: str = "",
    documents: Iterable | None = None,
) -> PlanVersion:
    """Save a new or changed plan with its activities and record a version.

    ``plan`` carries the new field values (unsaved changes); ``activities`` are
    dicts with ``what``, ``responsible`` and ``when``, in order.
    """
    mask_fields(plan, "title", "result_area", "ordered_by", *PLAN_TEXT_FIELDS)
    plan.full_clean()
    plan.updated_at = timezone.now()
    plan.version += 1
    plan.save()
    plan.activities.all().delete()
    rows = []
    for position, data in enumerate(activities, start=1):
        if not (data.get("what") or "").strip():
            continue
        if data.get("responsible") is None or not (data.get("when") or "").strip():
            raise ValidationError(
                {"activities": _("Varje aktivitet behöver en ansvarig och en tid.")}
            )
        activity = PlanActivity(
            plan=plan,
            position=position,
            what=data["what"],
            responsible=data["responsible"],
            when=data["when"],
        )
        try:
            mask_fields(activity, "what", "when")
        except ValidationError as error:
            # The activities are a formset of their own on the plan's form.
            raise ValidationError({"activities": error.messages}) from None
        rows.append(activity)
    PlanActivity.objects.bulk_create(rows)
    if documents is not None:
        plan.attachments.exclude(document__in=list(documents)).delete()
        for document in documents:
            PlanAttachment.objects.get_or_create(plan=plan, document=document)
    return PlanVersion.objects.create(
        plan=plan,
        number=plan.version,
        status=plan.status,
        sections=plan_sections(plan),
        note=note.strip(),
        saved_by=user,
    )
