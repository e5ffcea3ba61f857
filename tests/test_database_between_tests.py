"""Transactional tests with and without serialized rollback, in any order.

The tests in this file run in this order (pytest-django keeps a file's order
among the transactional tests). A plain one leaves what ``post_migrate`` makes
after its flush; a serialized one must still restore the data serialized after
the migrations over that, and leave the same for a plain one after it (see
``pytest_fixture_setup`` in ``tests/conftest.py``).
"""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Locale, Page

from guru.accounts.roles import Role
from guru.followup.models import Perspective
from guru.handbook.models import StartPage


def _seeded_data_is_there() -> None:
    assert Perspective.objects.count() == 4
    assert Group.objects.filter(name=Role.REDAKTOR).exists()
    assert Locale.objects.exists() and StartPage.objects.exists()
    # and the content type cache names rows that exist
    page_type = ContentType.objects.get_for_model(Page)
    assert ContentType.objects.filter(pk=page_type.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_plain_transactional_test_first():
    _seeded_data_is_there()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_serialized_test_after_a_plain_one_gets_its_data_back():
    _seeded_data_is_there()


@pytest.mark.django_db(transaction=True)
def test_a_plain_test_after_a_serialized_one_finds_what_post_migrate_makes():
    _seeded_data_is_there()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_serialized_test_after_a_serialized_one_gets_its_data_back():
    _seeded_data_is_there()
