import pytest
from django.contrib.auth.models import Group

from guru.accounts.roles import Role
from guru.documents import services
from guru.documents.models import AccessLevel
from tests.factories import UserFactory


@pytest.fixture
def people(db):
    """One user per role that matters for the document space."""
    return {
        "lg": UserFactory(username="lg", roles=[Role.HANDLAGGARE, Role.LEDNINGSGRUPP]),
        "staff": UserFactory(username="staff", roles=[Role.HANDLAGGARE]),
        "admin": UserFactory(
            username="admin", roles=[Role.HANDLAGGARE, Role.ADMINISTRATOR]
        ),
        "editor": UserFactory(username="red", roles=[Role.HANDLAGGARE, Role.REDAKTOR]),
    }


@pytest.fixture
def folders(db):
    """ "Ledningsgruppen" (the group edits, nobody else sees) and "Alla medarbetare"."""
    lg_group = Group.objects.get(name=Role.LEDNINGSGRUPP.value)
    editors = Group.objects.get(name=Role.REDAKTOR.value)
    lg = services.folder_create(name="Ledningsgruppen", groups={lg_group: "edit"})
    everyone = services.folder_create(
        name="Alla medarbetare",
        everyone=AccessLevel.VIEW,
        groups={editors: AccessLevel.EDIT},
    )
    return {
        "lg": lg,
        "lg_meetings": services.folder_create(name="Möten", parent=lg),
        "everyone": everyone,
    }
