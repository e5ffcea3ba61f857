"""Who may do what in the handbook and the admin: one row per capability.

Each role gets a user holding only that role (plus "anonymous"), and each
capability is checked the way a user meets it: through HTTP or Wagtail's own
permission checks.
"""

import pytest
from django.urls import reverse
from wagtail.models import Workflow

from guru.accounts.roles import Role
from tests.factories import UserFactory

ANONYMOUS = "anonym"
EVERYONE = {*Role, ANONYMOUS}

# The specification: capability -> the roles that have it.
EXPECTED = {
    "read_guidance": set(Role),
    # Controllers keep key figures, targets and headcounts in the admin's snippets.
    "open_admin": {Role.REDAKTOR, Role.CONTROLLER, Role.ADMINISTRATOR},
    "edit_guidance": {Role.REDAKTOR, Role.ADMINISTRATOR},
    "publish_directly": {Role.ADMINISTRATOR},
    "approve_someone_elses_change": {Role.REDAKTOR, Role.ADMINISTRATOR},
    "upload_documents": {Role.REDAKTOR, Role.ADMINISTRATOR},
    "manage_users": {Role.ADMINISTRATOR},
    "manage_organisation": {Role.ADMINISTRATOR},
}


def _status(client, url):
    return client.get(url).status_code


def read_guidance(client, user, page):
    return _status(client, page.url) == 200


def open_admin(client, user, page):
    return _status(client, reverse("wagtailadmin_home")) == 200


def edit_guidance(client, user, page):
    return _status(client, reverse("wagtailadmin_pages:edit", args=[page.pk])) == 200


def publish_directly(client, user, page):
    return user is not None and page.permissions_for_user(user).can_publish()


def approve_someone_elses_change(client, user, page):
    submitter = UserFactory(username="inskickare", roles=[Role.REDAKTOR])
    revision = page.save_revision(user=submitter)
    workflow = Workflow.objects.get(name="Granskning av vägledning")
    workflow.start(page, submitter)
    page.refresh_from_db()
    task = page.current_workflow_task
    assert revision.pk == page.latest_revision_id
    return user is not None and bool(task.get_actions(page, user))


def upload_documents(client, user, page):
    return _status(client, reverse("wagtaildocs:add_multiple")) == 200


def manage_users(client, user, page):
    return _status(client, reverse("wagtailusers_users:index")) == 200


def manage_organisation(client, user, page):
    return _status(client, reverse("wagtailsnippets_accounts_unit:list")) == 200


CHECKS = {name: globals()[name] for name in EXPECTED}


@pytest.mark.parametrize("capability", sorted(EXPECTED))
@pytest.mark.parametrize("role", sorted(EVERYONE, key=str))
def test_permission_matrix(client, handbook, role, capability):
    # given a user with exactly one role (or nobody logged in)
    user = None
    if role != ANONYMOUS:
        user = UserFactory(username=f"matris-{Role(role).name.lower()}", roles=[role])
        client.force_login(user)
    page = handbook["komplettering"]

    # when they try the capability
    allowed = CHECKS[capability](client, user, page)

    # then it is allowed exactly for the roles in the specification
    assert allowed == (role in EXPECTED[capability]), (
        f"{role} {'may' if allowed else 'may not'} {capability}"
    )


def test_every_role_exists_as_a_group_after_migrate(db):
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}


def test_wagtail_default_groups_do_not_grant_rights_beside_guru_roles(db):
    from django.contrib.auth.models import Group

    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
