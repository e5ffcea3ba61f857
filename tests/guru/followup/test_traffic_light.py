"""The traffic light judges the figure the report shows, not its unrounded value."""

from decimal import Decimal

import pytest
from django.urls import reverse

from guru.followup.models import FollowUp
from guru.followup.rules import GREEN, YELLOW, traffic_light
from guru.followup.selectors import report_build
from tests.guru.followup import builders

pytestmark = pytest.mark.django_db


def test_a_value_that_rounds_to_the_target_is_green():
    # given sjukfrånvaro 3,544 shown with one decimal, and the target 3,5 (lower is better)
    light = traffic_light(
        Decimal("3.544"),
        target=Decimal("3.5"),
        direction="lower",
        tolerance_percent=Decimal(10),
        decimals=1,
    )
    # then the shown 3,5 meets the target
    assert light == GREEN
    # and a value shown as 3,6 does not
    assert (
        traffic_light(
            Decimal("3.55"),
            target=Decimal("3.5"),
            direction="lower",
            tolerance_percent=Decimal(10),
            decimals=1,
        )
        == YELLOW
    )


def test_a_target_is_judged_as_shown_too():
    # given the target 3,45 shown as 3,5 and the value 3,5 (lower is better)
    light = traffic_light(
        Decimal("3.5"),
        target=Decimal("3.45"),
        direction="lower",
        tolerance_percent=Decimal(10),
        decimals=1,
    )
    # then "3,5 | Mål 3,5" is met
    assert light == GREEN
    # and so is a band whose upper edge is shown as the value
    band = traffic_light(
        Decimal("80.4"),
        target=Decimal("70"),
        band_high=Decimal("79.96"),
        direction="band",
        tolerance_percent=Decimal(5),
        decimals=0,
    )
    assert band == GREEN


@pytest.fixture
def sick_leave(db):
    """Sjukfrånvaro 2026 T2 at 3,544 % in both departments, the target 3,5."""
    builders.organisation({"A": (20, 20), "B": (25, 25)})
    controller = builders.controller()
    figure = builders.key_figure(individual_based=False, privacy_class="open")
    period = builders.tertial(number=2)
    builders.ratio_values(
        figure,
        period,
        {code: {"T": (3544, 100000)} for code in ("A", "B")},
        controller,
    )
    return figure, period, controller


def test_the_report_shows_3_5_against_the_target_3_5_as_green(sick_leave):
    _figure, period, _controller = sick_leave
    # when the report is built
    report = report_build(period=period)
    row = next(row for block in report.blocks for row in block.rows)
    # then the figure reads 3,5, the target is met and every light is green
    assert row.total.text == "3,5"
    assert [c.light for c in [*row.cells, row.total]] == [GREEN, GREEN, GREEN]


def test_the_report_page_and_the_key_figure_page_say_grönt(sick_leave, client):
    figure, period, controller = sick_leave
    FollowUp.objects.create(period=period, opened_by=controller)
    client.force_login(controller)
    # when the report is read
    html = client.get(reverse("followup:report", args=[2026, 2])).content.decode()
    # then its light column says Grönt, not Gult
    assert 'class="light light--gron">Grönt</span>' in html
    assert "light--gul" not in html
    # and the key figure page colours the cells green
    page = client.get(
        reverse("followup:key_figure", args=[figure.code]) + "?tertial=2026-T2"
    ).content.decode()
    assert "cell--gron" in page
    assert "cell--gul" not in page
