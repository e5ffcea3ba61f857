"""Ledningsgruppen's demo content loads once, with everything the issue lists."""

import pytest
import yaml
from django.contrib.auth import get_user_model

from guru.accounts.services import organisation_sync, roles_sync, user_sync
from guru.demo.services import ORGANISATION_FILE
from guru.documents.models import Document
from guru.documents.permissions import can_view_folder
from guru.documents.selectors import folder_path
from guru.meetings import selectors
from guru.meetings.demo import meetings_demo_load
from guru.meetings.models import (
    AgendaItemAttachment,
    Assignment,
    AssignmentStatus,
    Decision,
    Meeting,
    NewsArticle,
    Plan,
    PlanAttachment,
    PlanVersion,
)

User = get_user_model()


@pytest.fixture
def demo_people(db):
    data = yaml.safe_load(ORGANISATION_FILE.read_text(encoding="utf-8"))
    roles_sync()
    organisation_sync(departments=data["departments"])
    for person in data["users"]:
        user_sync(
            username=person["username"],
            first_name=person["first_name"],
            last_name=person["last_name"],
            unit_code=person["unit"],
            roles=person["roles"],
        )


def _counts():
    return [
        model.objects.count()
        for model in (Meeting, Decision, Assignment, NewsArticle, Plan, PlanVersion)
    ]


def test_the_demo_has_two_meetings_every_status_news_and_two_plans_once(
    demo_people,
):
    # when loaded twice
    meetings_demo_load(password="demo-losenord-123")
    first = _counts()
    meetings_demo_load(password="demo-losenord-123")

    # then nothing was added the second time
    assert _counts() == first
    assert first[0] == 2 and first[4] == 2
    past, coming = Meeting.objects.order_by("starts_at")
    assert past.is_locked and not coming.is_locked
    assert set(Assignment.objects.values_list("status", flat=True)) == set(
        AssignmentStatus.values
    )
    assert selectors.overdue_deliverables()
    assert {d.description for d in selectors.follow_up_deliverables(coming)} >= {
        "Diskussionsunderlag",
        "Projektplan",
    }
    article = NewsArticle.objects.get()
    assert article.is_published
    assert "Bemanning" not in article.body  # the internal item stays internal
    assert article.title.endswith(
        "Tertialuppföljning med fyra fokus och Guru som vägleder"
    )


def test_the_demo_attachments_are_documents_in_ledningsgruppens_folders_once(
    demo_people,
):
    # when loaded twice
    meetings_demo_load(password="demo-losenord-123")
    first = (
        Document.objects.count(),
        AgendaItemAttachment.objects.count(),
        PlanAttachment.objects.count(),
    )
    meetings_demo_load(password="demo-losenord-123")

    # then the second load added no document and no attachment
    assert (
        Document.objects.count(),
        AgendaItemAttachment.objects.count(),
        PlanAttachment.objects.count(),
    ) == first
    assert first[1] >= 3 and first[2] == 2
    attached = [a.document for a in AgendaItemAttachment.objects.all()] + [
        a.document for a in PlanAttachment.objects.all()
    ]
    paths = {folder_path(document.folder) for document in attached}
    past, coming = Meeting.objects.order_by("starts_at")
    assert paths == {
        f"Ledningsgruppen / Möten / {past.label}",
        f"Ledningsgruppen / Möten / {coming.label}",
        "Ledningsgruppen / Planer",
    }
    # only the group opens them
    gd, staff = (User.objects.get(username=name) for name in ("gd", "handlaggare"))
    assert all(can_view_folder(gd, document.folder) for document in attached)
    assert not any(can_view_folder(staff, document.folder) for document in attached)
