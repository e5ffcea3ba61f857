"""Fixtures shared by the whole suite."""

from pathlib import Path

import pytest

from guru.accounts.roles import Role
from tests.factories import DepartmentFactory, UnitFactory, UserFactory

FIXTURES = Path(__file__).parent / "guru" / "handbook" / "fixtures"


@pytest.fixture
def units(db):
    """The two units that the fixture handbook names as owners."""
    legal = DepartmentFactory(code="RÄTT", name="Rättsavdelningen")
    return {
        "RÄTT-HS": UnitFactory(
            code="RÄTT-HS", name="Enheten för handläggarstöd", department=legal
        ),
        "RÄTT-JUR": UnitFactory(
            code="RÄTT-JUR", name="Juridiska enheten", department=legal
        ),
    }


@pytest.fixture
def editor(units):
    return UserFactory(
        username="redaktor",
        unit=units["RÄTT-HS"],
        roles=[Role.HANDLAGGARE, Role.REDAKTOR],
    )


@pytest.fixture
def second_editor(units):
    return UserFactory(
        username="redaktor2",
        unit=units["RÄTT-HS"],
        roles=[Role.HANDLAGGARE, Role.REDAKTOR],
    )


@pytest.fixture
def caseworker(units):
    return UserFactory(
        username="handlaggare", unit=units["RÄTT-JUR"], roles=[Role.HANDLAGGARE]
    )


@pytest.fixture
def handbook(editor, second_editor):
    """The small fixture handbook (two areas, two pages) imported into the site."""
    from guru.handbook.models import GuidancePage
    from guru.handbook.services import handbook_import

    handbook_import(directory=FIXTURES / "good")
    return {page.slug: page for page in GuidancePage.objects.all()}


@pytest.fixture
def restrict(db):
    """Restrict a page and its subtree to groups, as Wagtail's privacy dialog does.

    ``restrict(page)`` lets only Redaktörer in; the fixture's caseworker is outside.
    """
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    def restrict_page(page, roles=(Role.REDAKTOR,)) -> PageViewRestriction:
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.set(Group.objects.filter(name__in=roles))
        return restriction

    return restrict_page
