"""Demo content is dated in office hours on weekdays, never in the future."""

import datetime

import pytest
from django.utils import timezone

from guru.demo.clock import office_moment


def _at(text: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(text))


@pytest.mark.parametrize("number", [0, 3, 7])
@pytest.mark.parametrize("days_ago", [1, 2, 5, 6, 13])
def test_an_earlier_day_gives_a_weekday_in_office_hours(days_ago, number):
    now = _at("2026-12-07 10:00")  # a Monday

    moment = timezone.localtime(office_moment(now, days_ago=days_ago, number=number))

    assert moment < now
    assert moment.weekday() < 5
    assert 8 <= moment.hour < 16
    assert (now.date() - moment.date()).days >= days_ago


def test_a_sunday_moves_back_to_the_friday():
    now = _at("2026-12-07 10:00")

    moment = timezone.localtime(office_moment(now, days_ago=1, number=0))

    assert moment.date() == datetime.date(2026, 12, 4)
    assert moment.time() == datetime.time(8, 0)


def test_a_time_later_today_is_never_after_now():
    now = _at("2026-12-07 09:00")

    assert office_moment(now, days_ago=0, number=7) == now  # 15:31 would be ahead
