"""Administrators manage folders and their group permissions in Wagtail's admin."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from guru.accounts.roles import Role
from guru.documents import services
from guru.documents.models import Folder
from guru.documents.permissions import access_map
from tests.factories import UserFactory


def test_administrator_creates_a_folder_with_group_permission(client, people):
    lg_group = Group.objects.get(name=Role.LEDNINGSGRUPP.value)
    client.force_login(people["admin"])
    response = client.post(
        "/admin/snippets/documents/folder/add/",
        {
            "name": "Ledningsgruppen",
            "parent": "",
            "description": "",
            "everyone": "",
            "access-TOTAL_FORMS": "1",
            "access-INITIAL_FORMS": "0",
            "access-MIN_NUM_FORMS": "0",
            "access-MAX_NUM_FORMS": "1000",
            "access-0-group": str(lg_group.pk),
            "access-0-level": "edit",
            "access-0-id": "",
            "access-0-ORDER": "1",
            "access-0-DELETE": "",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    folder = Folder.objects.get(name="Ledningsgruppen")
    assert access_map(people["lg"]).can_edit(folder.pk)
    assert not access_map(people["staff"]).can_view(folder.pk)


def test_caseworker_cannot_reach_the_folder_admin(client, people):
    client.force_login(people["staff"])
    response = client.get("/admin/snippets/documents/folder/")
    assert response.status_code in (302, 403)


def test_folder_cannot_be_moved_into_its_own_subfolder(folders):
    top = folders["lg"]
    child = folders["lg_meetings"]
    top.parent = child
    with pytest.raises(ValidationError):
        top.full_clean()


def test_a_cycle_in_the_data_does_not_hang_the_permission_check(people, folders):
    Folder.objects.filter(pk=folders["lg"].pk).update(parent=folders["lg_meetings"])
    user = UserFactory(username="ny", roles=[Role.LEDNINGSGRUPP])
    Folder.objects.filter(pk=folders["lg"].pk).update(inherit_access=True)
    # the check returns (no endless walk round the cycle), one rule for both
    access = access_map(user)
    assert access.can_view(folders["lg"].pk) == access.can_view(
        folders["lg_meetings"].pk
    )


def test_folder_names_are_unique_within_a_parent(folders):
    with pytest.raises(ValidationError, match="finns redan"):
        services.folder_create(name="möten", parent=folders["lg"])
