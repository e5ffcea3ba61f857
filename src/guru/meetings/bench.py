"""Time the PDF and calendar exports on the demo meetings (see docs/benchmarks.md).

Run after ``load_demo``:
``python manage.py shell -c "from guru.meetings.bench import run; run()"``
"""

import time

from django.contrib.auth import get_user_model

from .exports import meeting_pdf, meetings_ical
from .models import Meeting


def _timed(function, rounds: int) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        function()
    return (
        (time.perf_counter() - wall) / rounds * 1000,
        (time.process_time() - cpu) / rounds * 1000,
    )


def run(rounds: int = 10) -> None:
    """Print milliseconds (wall and CPU) per agenda PDF, minutes PDF and .ics."""
    meeting = Meeting.objects.active().filter(locked_at__isnull=False).first()
    user = get_user_model().objects.get(username="gd")
    meeting_pdf(meeting=meeting, part="protokoll", user=user)  # warm up fonts
    for part in ("dagordning", "protokoll"):
        size = len(meeting_pdf(meeting=meeting, part=part, user=user))
        wall, cpu = _timed(
            lambda p=part: meeting_pdf(meeting=meeting, part=p, user=user), rounds
        )
        print(f"{part}.pdf  {size:>6} bytes  {wall:6.0f} ms wall  {cpu:6.0f} ms CPU")
    wall, cpu = _timed(lambda: meetings_ical(user=user, base_url=""), rounds * 10)
    print(f"kalender.ics              {wall:6.1f} ms wall  {cpu:6.1f} ms CPU")
