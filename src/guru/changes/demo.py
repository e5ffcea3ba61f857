"""Demo history: two pages whose rules changed this year, so that "Ändrat",
the history, the differences and "visa som den såg ut den …" have something to show.

The current text comes from the demo handbook; the earlier edition is that text
with the old rule put back. Runs once per page: a page that already has more than
one version is left alone.
"""

import copy
import datetime

from django.db import transaction
from django.utils import timezone

from guru.handbook.models import ChangeKind, GuidancePage

from .models import PageVersion

# page slug, section anchor, (current → earlier) replacements, earlier and current dates, note
DEMO_HISTORY = [
    (
        "komplettering",
        "tidsfrist",
        [
            ("14 kalenderdagar", "10 kalenderdagar"),
            ("högst 14 dagar", "högst 10 dagar"),
        ],
        datetime.date(2026, 1, 12),
        datetime.date(2026, 10, 20),
        "Ny tidsfrist för komplettering: 14 kalenderdagar i stället för 10.",
    ),
    (
        "forskott",
        "storlek-och-beslut",
        [("högst 20 procent", "högst 25 procent")],
        datetime.date(2025, 12, 1),
        datetime.date(2026, 9, 15),
        "Förskott får vara högst 20 procent av stödet i stället för 25 procent.",
    ),
]


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))


@transaction.atomic
def demo_history_load() -> int:
    created = 0
    for slug, anchor, replacements, earlier_on, current_on, note in DEMO_HISTORY:
        page = GuidancePage.objects.filter(slug=slug).first()
        versions = list(PageVersion.objects.filter(page_key=getattr(page, "pk", None)))
        if page is None or len(versions) != 1:
            continue
        current = versions[0]
        earlier_content = copy.deepcopy(current.content)
        for section in earlier_content["sections"]:
            if section["anchor"] == anchor:
                for now_text, then_text in replacements:
                    section["html"] = section["html"].replace(now_text, then_text)
        if earlier_content == current.content:
            continue  # the demo text no longer says what the history assumes
        current.number = 2
        current.kind = ChangeKind.SUBSTANTIVE
        current.note = note
        current.published_at = _moment(current_on)
        current.changed_anchors = [anchor]
        current.save()
        PageVersion.objects.create(
            page=page,
            page_key=page.pk,
            number=1,
            published_at=_moment(earlier_on),
            kind=ChangeKind.EDITORIAL,
            note="Första publicerade versionen.",
            title=current.title,
            summary=current.summary,
            url_path=current.url_path,
            area_key=current.area_key,
            area_title=current.area_title,
            content=earlier_content,
        )
        # The page's own dates follow its history ("Senast ändrad" on the page).
        GuidancePage.objects.filter(pk=page.pk).update(
            first_published_at=_moment(earlier_on),
            last_published_at=_moment(current_on),
        )
        created += 1
    return created
