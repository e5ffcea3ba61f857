"""Which pages Doris may answer from, for every kind of Wagtail view restriction."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from wagtail.models import PageViewRestriction

from guru.accounts.roles import Role
from guru.assistant.permissions import viewable
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _restrict(page, kind, **fields):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=kind, **fields
    )


def _sees(page, user, session=None) -> bool:
    return viewable([page], user, session) == [page]


def test_an_unrestricted_page_is_for_everyone_who_asks(handbook, caseworker):
    page = handbook["komplettering"]
    assert _sees(page, caseworker)
    assert _sees(page, AnonymousUser())

    _restrict(page, PageViewRestriction.NONE)  # "Public" in Wagtail's privacy dialog

    assert _sees(page, caseworker)
    assert _sees(page, AnonymousUser())


def test_a_login_restriction_keeps_out_only_the_anonymous(handbook, caseworker):
    page = handbook["komplettering"]
    _restrict(page, PageViewRestriction.LOGIN)

    assert _sees(page, caseworker)
    assert not _sees(page, AnonymousUser())
    assert not _sees(page, None)


def test_a_group_restriction_lets_in_its_groups_and_superusers(
    handbook, caseworker, editor
):
    page = handbook["komplettering"]
    restriction = _restrict(page, PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name=Role.REDAKTOR))

    assert _sees(page, editor)
    assert _sees(page, UserFactory(username="root", is_superuser=True))
    assert not _sees(page, caseworker)
    assert not _sees(page, AnonymousUser())
    assert not _sees(page, None)


def test_a_password_restriction_opens_only_to_a_session_that_gave_it(
    handbook, caseworker
):
    page = handbook["komplettering"]
    restriction = _restrict(page, PageViewRestriction.PASSWORD, password="hemligt")
    key = PageViewRestriction.passed_view_restrictions_session_key

    assert not _sees(page, caseworker)
    assert not _sees(page, caseworker, session={})
    assert not _sees(page, caseworker, session={key: [restriction.pk + 1]})
    assert _sees(page, caseworker, session={key: [restriction.pk]})


def test_a_restriction_on_an_area_covers_its_pages(handbook, caseworker):
    page = handbook["komplettering"]
    _restrict(page.get_parent(), PageViewRestriction.LOGIN)

    assert _sees(page, caseworker)
    assert not _sees(page, AnonymousUser())
