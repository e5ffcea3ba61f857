"""`manage.py followup_bench`, which the README and docs/benchmarks.md name, runs."""

from io import StringIO

import pytest
from django.core.management import call_command

from guru.followup.models import KeyFigure, Value


@pytest.mark.django_db
def test_the_bench_measures_the_report_and_an_import_and_leaves_nothing_behind():
    # given the database as it is
    before = (Value.objects.count(), KeyFigure.objects.count())
    out = StringIO()

    # when
    call_command("followup_bench", "--repeat", "1", stdout=out)

    # then it rendered the whole report and imported every row, then rolled back
    text = out.getvalue()
    assert "report 10 avd × 40 nyckeltal × 9 tertial (400 celler, 21600 värden)" in text
    assert "import 10000 rader" in text
    assert (Value.objects.count(), KeyFigure.objects.count()) == before
