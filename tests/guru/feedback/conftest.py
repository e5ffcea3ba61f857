"""Fixtures for the feedback tests: an open test period on the fixture handbook."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Site

from guru.feedback.models import CommentPeriodSetting


@pytest.fixture
def period(db):
    """Set the site-wide test period; returns a setter for other dates."""

    def set_period(starts_on=None, ends_on=None) -> CommentPeriodSetting:
        site = Site.objects.get(is_default_site=True)
        setting = CommentPeriodSetting.for_site(site)
        setting.starts_on, setting.ends_on = starts_on, ends_on
        setting.save()
        return setting

    return set_period


@pytest.fixture
def open_period(handbook, period):
    today = timezone.localdate()
    return period(
        today - datetime.timedelta(days=7), today + datetime.timedelta(days=30)
    )


@pytest.fixture
def page(handbook, open_period):
    return handbook["komplettering"]


@pytest.fixture
def reader(client, caseworker):
    client.force_login(caseworker)
    return client
