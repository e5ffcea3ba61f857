"""Withheld figures stay withheld: not via the total, a gender split or a difference."""

import random
import re

import pytest
from django.urls import reverse

from guru.followup.selectors import (
    data_load,
    figure_grid,
    figure_series,
    periods_until,
    report_build,
)
from guru.followup.suppression import AGENCY, grid_lines, suppressed_cells
from tests.guru.followup import builders

pytestmark = pytest.mark.django_db

SIZES = {"A": (5, 3), "B": (20, 22), "C": (14, 16), "D": (30, 25)}


def _rates(numbers):
    """Distinct numerators per department and gender, denominators by size."""
    return {
        code: {
            "K": (numbers[code][0], SIZES[code][0] * 600),
            "M": (numbers[code][1], SIZES[code][1] * 600),
            "T": (sum(numbers[code]), sum(SIZES[code]) * 600),
        }
        for code in SIZES
    }


@pytest.fixture
def setup(db):
    departments = builders.organisation(SIZES)
    user = builders.controller()
    period = builders.tertial()
    builders.headcounts(period, SIZES)
    figure = builders.key_figure()
    numbers = {"A": (222, 111), "B": (400, 380), "C": (300, 210), "D": (700, 520)}
    builders.ratio_values(figure, period, _rates(numbers), user)
    return departments, figure, period, user


def _row(figure, period):
    report = report_build(period=period, key_figures=[figure])
    return report, next(row for b in report.blocks for row in b.rows)


def test_a_department_of_eight_is_withheld_and_the_total_cannot_reveal_it(setup):
    _departments, figure, period, _user = setup
    # when the report is built
    report, row = _row(figure, period)
    codes = {
        d.code: cell for d, cell in zip(report.departments, row.cells, strict=True)
    }
    # then department A (8 people) is "..", and so is at least one other department
    assert codes["A"].code == ".."
    assert codes["A"].value is None
    assert sum(cell.code == ".." for cell in row.cells) >= 2
    # and the agency total is shown
    assert row.total.value is not None


def test_the_gender_split_does_not_reveal_a_withheld_group(setup):
    _departments, figure, period, _user = setup
    data = data_load(periods=[period], key_figures=[figure])
    grid = figure_grid(data, figure, period)
    ids = {d.code: d.pk for d in data.departments}
    # the three women and five men of A are withheld, and their total too
    assert grid[("K", ids["A"])].missing == ".."
    assert grid[("M", ids["A"])].missing == ".."
    # no gender line (women + men = total, departments = agency) hides exactly one
    for gender in ("K", "M", "T"):
        hidden = [c for c in ids.values() if grid[(gender, c)].missing == ".."]
        assert len(hidden) != 1 or grid[(gender, AGENCY)].missing == ".."
    for column in [*ids.values(), AGENCY]:
        hidden = [g for g in ("K", "M", "T") if grid[(g, column)].missing == ".."]
        assert len(hidden) != 1


def test_a_difference_between_tertials_is_not_shown_when_one_end_is_withheld(setup):
    _departments, figure, period, user = setup
    # given the whole agency was small in the tertial before (nine people)
    previous = builders.tertial(2026, 1)
    builders.headcounts(previous, {"A": (2, 1), "B": (2, 1), "C": (1, 1), "D": (1, 0)})
    builders.ratio_values(
        figure, previous, _rates(dict.fromkeys(SIZES, (10, 10))), user
    )
    # when the report for the later tertial is built
    _report, row = _row(figure, period)
    # then the change against the tertial before is not given (it would reveal it)
    assert row.total.value is not None
    assert row.change_previous == ""
    # and the trend has a gap there rather than a number
    data = data_load(periods=periods_until(period), key_figures=[figure])
    assert figure_series(data, figure)[0] is None


def _text_outside_charts(html: str) -> str:
    return re.sub(r"<svg.*?</svg>", "", html, flags=re.DOTALL)


def test_the_withheld_value_never_reaches_the_page(setup, client):
    _departments, _figure, _period, user = setup
    # A's own rate: 333 / 4800 = 6,9 % – unique among the figures on the page
    client.force_login(user)
    response = client.get(reverse("followup:report", args=[2026, 2]))
    page = _text_outside_charts(response.content.decode())
    assert response.status_code == 200
    assert "6,9" not in page
    response = client.get(
        reverse("followup:key_figure", args=["M2"]) + "?tertial=2026-T2"
    )
    page = _text_outside_charts(response.content.decode())
    assert "6,9" not in page.split("Rådata per enhet")[0]


def test_an_unknown_headcount_withholds_rather_than_shows(setup):
    _departments, figure, _period, user = setup
    other = builders.tertial(2025, 3)
    builders.ratio_values(figure, other, _rates(dict.fromkeys(SIZES, (50, 50))), user)
    data = data_load(periods=[other], key_figures=[figure])
    grid = figure_grid(data, figure, other)
    assert all(
        result.missing == ".." for key, result in grid.items() if key[1] != AGENCY
    )


def _withheld_by_totals_alone(sizes, columns):
    """The totals a suppression blind to the gender split would withhold."""
    counts = {("T", column): sum(sizes[column]) for column in columns}
    counts[("T", AGENCY)] = sum(sum(size) for size in sizes.values())
    hidden = suppressed_cells(
        headcounts=counts, lines=grid_lines(columns=columns, by_gender=False)
    )
    return {column for _row_name, column in hidden}


def test_the_report_withholds_the_same_totals_as_the_full_grid_with_gender_split(
    setup,
):
    # The report reads totals only; which totals are withheld must still follow
    # from the women's and men's groups, exactly as in the full grid.
    _departments, figure, period, _user = setup
    rng = random.Random(6)

    def size():
        return rng.choice([0, rng.randint(1, 10), rng.randint(11, 30)])

    decided_by_gender = 0
    for _ in range(40):
        # given women and men per department: empty, small and large groups
        sizes = {code: (size(), size()) for code in SIZES}
        builders.headcounts(period, sizes)
        # when the report is built, and the whole grid from every raw value
        report, row = _row(figure, period)
        grid = figure_grid(
            data_load(periods=[period], key_figures=[figure]), figure, period
        )
        # then every department's total and the agency's are shown or withheld alike
        shown = [(cell.code, cell.value) for cell in [*row.cells, row.total]]
        expected = [
            (result.missing, result.value if result.is_number else None)
            for result in [
                *(grid[("T", d.pk)] for d in report.departments),
                grid[("T", AGENCY)],
            ]
        ]
        assert shown == expected, sizes
        withheld = {
            d.code
            for d, cell in zip(report.departments, row.cells, strict=True)
            if cell.code == ".."
        } | ({AGENCY} if row.total.code == ".." else set())
        decided_by_gender += withheld != _withheld_by_totals_alone(sizes, list(SIZES))
    # and the check meant something: in some tertials the gender groups changed
    # which totals are withheld
    assert decided_by_gender > 0
