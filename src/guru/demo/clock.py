"""When demo content was written: in office hours on a weekday, never in the future."""

import datetime

from django.utils import timezone


def office_moment(now: datetime.datetime, *, days_ago: int, number: int):
    """A moment between 08:00 and 15:59 about ``days_ago`` days before ``now``.

    A weekend day moves back to the Friday before; ``number`` spreads the times
    over the day. The result is never later than ``now``.
    """
    day = timezone.localdate(now) - datetime.timedelta(days=days_ago)
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    at = datetime.time(8 + number % 8, 13 * number % 60)
    return min(now, timezone.make_aware(datetime.datetime.combine(day, at)))
