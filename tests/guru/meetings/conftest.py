"""People and a meeting for ledningsgruppen's tests."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from guru.accounts.roles import Role
from guru.accounts.services import roles_sync
from guru.documents import services as documents
from guru.documents.models import AccessLevel
from guru.meetings import services
from tests.factories import DepartmentFactory, UnitFactory, UserFactory


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    """An aware datetime in Stockholm time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def org(db):
    roles_sync()
    communications = DepartmentFactory(code="VST", name="Verksamhetsstöd")
    business = DepartmentFactory(code="FÖR", name="Företagsstöd")
    return {
        "VST-KOM": UnitFactory(code="VST-KOM", department=communications),
        "FÖR-N": UnitFactory(code="FÖR-N", department=business),
    }


@pytest.fixture
def gd(org):
    return UserFactory(
        username="gd",
        first_name="Greta",
        last_name="Dahl",
        unit=org["VST-KOM"],
        roles=[Role.HANDLAGGARE, Role.LEDNINGSGRUPP],
    )


@pytest.fixture
def head(org):
    return UserFactory(
        username="chef",
        first_name="Anders",
        last_name="Wik",
        unit=org["FÖR-N"],
        roles=[Role.HANDLAGGARE, Role.AVDELNINGSCHEF, Role.LEDNINGSGRUPP],
    )


@pytest.fixture
def secretary(org):
    """The note-taker: not a member of the group."""
    return UserFactory(
        username="sekreterare",
        first_name="Siri",
        last_name="Nord",
        unit=org["VST-KOM"],
        roles=[Role.HANDLAGGARE],
    )


@pytest.fixture
def administrator(org):
    return UserFactory(
        username="admin", unit=org["VST-KOM"], roles=[Role.ADMINISTRATOR]
    )


@pytest.fixture
def staff(org):
    return UserFactory(
        username="medarbetare", unit=org["FÖR-N"], roles=[Role.HANDLAGGARE]
    )


@pytest.fixture
def meeting(gd, head, secretary):
    return services.meeting_create(
        starts_at=at(datetime.date(2026, 3, 27)),
        ends_at=at(datetime.date(2026, 3, 27), 12),
        place="Stora konferensrummet",
        participants=[gd, head],
        note_taker=secretary,
        adjuster=gd,
        created_by=gd,
    )


@pytest.fixture
def later_meeting(gd, head, secretary):
    return services.meeting_create(
        starts_at=at(datetime.date(2026, 4, 10)),
        place="Stora konferensrummet",
        participants=[gd, head],
        note_taker=secretary,
        adjuster=head,
        created_by=gd,
    )


@pytest.fixture
def coming_meeting(gd, head, secretary):
    """A meeting two weeks from today: one a new deliverable can be due at."""
    return services.meeting_create(
        starts_at=at(timezone.localdate() + datetime.timedelta(days=14)),
        participants=[gd, head],
        note_taker=secretary,
        adjuster=head,
        created_by=gd,
    )


@pytest.fixture
def item(meeting, head):
    return services.agenda_item_create(
        meeting=meeting,
        title="Tertialuppföljning",
        kind="beslut",
        presenters=[head],
        planned_minutes=30,
    )


@pytest.fixture
def two_deliverables(head):
    """An assignment of ``head``'s with two dated deliverables, Underlag and Plan."""
    return services.assignment_create(
        title="Kommunikation om ERUF",
        owner=head,
        ordered_by="GD",
        deliverables=[
            {"description": "Underlag", "due_date": datetime.date(2026, 4, 1)},
            {"description": "Plan", "due_date": datetime.date(2026, 5, 1)},
        ],
    )


@pytest.fixture
def folders(org):
    """ "Ledningsgruppen" (the group changes it, nobody else sees it), "Möten" in it,
    and "Alla medarbetare" (everybody reads)."""
    group = Group.objects.get(name=Role.LEDNINGSGRUPP.value)
    lg = documents.folder_create(
        name="Ledningsgruppen", groups={group: AccessLevel.EDIT}
    )
    return {
        "lg": lg,
        "lg_meetings": documents.folder_create(name="Möten", parent=lg),
        "everyone": documents.folder_create(
            name="Alla medarbetare", everyone=AccessLevel.VIEW
        ),
    }


@pytest.fixture
def secret(org):
    """A document in a folder that only Administratör may open."""
    folder = documents.folder_create(
        name="Personalärenden",
        groups={Group.objects.get(name=Role.ADMINISTRATOR.value): AccessLevel.EDIT},
    )
    return documents.document_upload(
        folder=folder, name="Lönekartläggning.txt", data=b"Hemliga uppgifter."
    )
