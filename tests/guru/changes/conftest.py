import datetime

import pytest
from django.utils import timezone
from wagtail.rich_text import RichText

from guru.changes.models import PageVersion
from guru.handbook.models import ChangeKind, GuidancePage


def publish_change(
    page,
    *,
    kind=ChangeKind.SUBSTANTIVE,
    note="Ny tidsfrist för komplettering, 14 dagar i stället för 10.",
    section=None,
    text=None,
    title=None,
    summary=None,
    intro=None,
    user=None,
):
    """Edit a page as an editor would and publish it; return its new version."""
    page = GuidancePage.objects.get(pk=page.pk)
    page.change_kind = kind
    page.change_note = note
    if title:
        page.title = title
    if summary:
        page.summary = summary
    if intro:
        page.intro = intro
    if section is not None:
        page.body = [
            (
                "section",
                {
                    "heading": s["heading"],
                    "anchor": s["anchor"],
                    "body": RichText(
                        text if s["anchor"] == section else s["body"].source
                    ),
                },
            )
            for s in page.sections
        ]
    page.full_clean()
    page.save_revision(user=user).publish(user=user, skip_permission_checks=True)
    return PageVersion.objects.filter(page_key=page.pk).latest("number")


def backdate(version, day: datetime.date, hour: int = 12):
    """Pretend a version was published on ``day`` (at noon, Swedish time)."""
    version.published_at = timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour))
    )
    version.save(update_fields=["published_at"])
    return version


@pytest.fixture
def komplettering(handbook):
    return handbook["komplettering"]
