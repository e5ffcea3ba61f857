"""A process area is followed by default once per role and department, "all
departments" included, in the database itself on SQLite and PostgreSQL alike."""

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from guru.accounts.roles import Role
from guru.changes.models import DefaultFollow
from guru.handbook.models import ProcessAreaPage
from tests.factories import UserFactory

ADD = "/admin/snippets/changes/defaultfollow/add/"


def test_the_same_role_for_all_departments_twice_is_refused_in_the_admin(
    client, handbook
):
    # given a default follow of an area for every Handläggare, whatever department
    area = ProcessAreaPage.objects.get(slug="ansokan")
    group = Group.objects.get(name=Role.HANDLAGGARE)
    DefaultFollow.objects.create(area=area, group=group, department=None)

    # when an administrator adds the same again
    client.force_login(UserFactory(username="admin", is_superuser=True))
    response = client.post(ADD, {"area": area.pk, "group": group.pk, "department": ""})

    # then it is refused with a message and not stored twice
    assert response.status_code == 200
    assert "Rollen bevakar redan processområdet för alla avdelningar." in (
        response.content.decode()
    )
    assert DefaultFollow.objects.count() == 1


def test_the_database_refuses_the_same_role_for_all_departments_twice(handbook):
    area = ProcessAreaPage.objects.get(slug="ansokan")
    group = Group.objects.get(name=Role.HANDLAGGARE)
    DefaultFollow.objects.create(area=area, group=group, department=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        DefaultFollow.objects.create(area=area, group=group, department=None)
