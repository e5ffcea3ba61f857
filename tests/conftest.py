"""Fixtures shared by the whole suite."""

from pathlib import Path

import pytest
from hypothesis import settings

from guru.accounts.roles import Role
from tests.factories import DepartmentFactory, UnitFactory, UserFactory

# No time limit per example: Hypothesis's default deadline (200 ms) made a test
# fail when the shared machine was busy. Speed is measured in benchmarks, not tests.
settings.register_profile("guru", deadline=None)
settings.load_profile("guru")

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


def _restores_serialized_data(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return (
        bool(marker and marker.kwargs.get("serialized_rollback"))
        or "django_db_serialized_rollback" in request.fixturenames
    )


def _flush(django_db_blocker, *, post_migrate: bool) -> None:
    """Empty the test databases that keep serialized data (as Django's flush)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connections

    with django_db_blocker.unblock():
        for alias in connections:
            if hasattr(connections[alias], "_test_serialized_contents"):
                call_command(
                    "flush",
                    database=alias,
                    interactive=False,
                    verbosity=0,
                    inhibit_post_migrate=not post_migrate,
                )
    # Content types come back with other ids; none may be taken from the cache.
    ContentType.objects.clear_cache()


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """Around a test with serialized rollback, leave the database as any other
    transactional test leaves it, and empty it before the restore.

    A transactional test ends with a flush. Without serialized rollback the flush
    sends ``post_migrate``, whose receivers put rows back (content types,
    permissions, the role groups and with them the handbook's locale, root and
    start page, the follow-up's perspectives), and the tests after it count on
    them. With serialized rollback
    Django restores the data serialized after the migrations when the test starts,
    and expects empty tables: on the rows ``post_migrate`` put back it fails on a
    unique key (UNIQUE constraint failed: followup_perspective.key, the first such
    table in the app order). Its own closing flush sends no ``post_migrate``, so a
    plain transactional test after it would find no groups or content types.

    So: empty the database before the restore, and after the test's own flush send
    ``post_migrate`` as a plain transactional test's flush does. ``_django_db_helper``
    is the fixture in which pytest-django sets the test case up (and restores the
    data); the test database is ready by the time this hook runs for it, and a
    finalizer added now runs after the fixture's own teardown.
    """
    if fixturedef.argname == "_django_db_helper" and _restores_serialized_data(request):
        blocker = request.getfixturevalue("django_db_blocker")
        _flush(blocker, post_migrate=False)
        request.addfinalizer(lambda: _flush(blocker, post_migrate=True))
    return (yield)
