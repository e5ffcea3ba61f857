"""Complementary suppression: no hidden cell can be worked out by subtraction."""

from hypothesis import given, settings
from hypothesis import strategies as st

from guru.followup.suppression import (
    AGENCY,
    GENDER_PARTS,
    TOTAL,
    grid_lines,
    suppressed_cells,
)

COLUMNS = ["A", "B", "C", "D", "E", "F"]


def _grid_headcounts(women: list[int], men: list[int]) -> dict:
    counts = {}
    for column, w, m in zip(COLUMNS, women, men, strict=False):
        counts[("K", column)] = w
        counts[("M", column)] = m
        counts[(TOTAL, column)] = w + m
    columns = COLUMNS[: len(women)]
    counts[("K", AGENCY)] = sum(women)
    counts[("M", AGENCY)] = sum(men)
    counts[(TOTAL, AGENCY)] = sum(women) + sum(men)
    return columns, counts


sizes = st.integers(min_value=0, max_value=60)


@settings(deadline=None)  # a busy shared machine must not fail the property
@given(st.data())
def test_every_additive_line_hides_none_or_at_least_two_cells(data):
    n = data.draw(st.integers(min_value=2, max_value=6))
    women = data.draw(st.lists(sizes, min_size=n, max_size=n))
    men = data.draw(st.lists(sizes, min_size=n, max_size=n))
    columns, counts = _grid_headcounts(women, men)
    lines = grid_lines(columns=columns, by_gender=True)

    hidden = suppressed_cells(headcounts=counts, lines=lines)

    # every small group is hidden
    for cell, count in counts.items():
        if 0 < count <= 10:
            assert cell in hidden
    # and no line lets one hidden cell be computed from the total and the others
    for line in lines:
        cells = [c for c in (*line.parts, line.total) if counts[c] > 0]
        hidden_here = [c for c in cells if c in hidden]
        assert len(hidden_here) != 1 or len(cells) == 1, (line, hidden_here)


def test_a_small_department_is_not_revealed_by_the_agency_total():
    # given one department of 8 people among larger ones
    columns = ["A", "B", "C"]
    counts = {(TOTAL, "A"): 8, (TOTAL, "B"): 40, (TOTAL, "C"): 25, (TOTAL, AGENCY): 73}
    # when cells are suppressed without a gender split
    hidden = suppressed_cells(
        headcounts=counts, lines=grid_lines(columns=columns, by_gender=False)
    )
    # then the smallest other department is hidden too, and the total stays
    assert hidden == {(TOTAL, "A"), (TOTAL, "C")}


def test_few_women_hide_the_men_of_the_same_department_too():
    columns = ["A", "B"]
    counts = {
        ("K", "A"): 4, ("M", "A"): 30, (TOTAL, "A"): 34,
        ("K", "B"): 20, ("M", "B"): 25, (TOTAL, "B"): 45,
        ("K", AGENCY): 24, ("M", AGENCY): 55, (TOTAL, AGENCY): 79,
    }  # fmt: skip
    hidden = suppressed_cells(
        headcounts=counts, lines=grid_lines(columns=columns, by_gender=True)
    )
    assert ("K", "A") in hidden and ("M", "A") in hidden
    # the women of B must go as well, or agency women minus B's women reveals A's
    assert ("K", "B") in hidden and ("M", "B") in hidden
    assert (TOTAL, "A") not in hidden


def test_a_department_with_only_men_hides_the_total_when_the_men_are_hidden():
    columns = ["A", "B"]
    counts = {
        ("K", "A"): 0, ("M", "A"): 7, (TOTAL, "A"): 7,
        ("K", "B"): 20, ("M", "B"): 25, (TOTAL, "B"): 45,
        ("K", AGENCY): 20, ("M", AGENCY): 32, (TOTAL, AGENCY): 52,
    }  # fmt: skip
    hidden = suppressed_cells(
        headcounts=counts, lines=grid_lines(columns=columns, by_gender=True)
    )
    assert {("M", "A"), (TOTAL, "A")} <= hidden
    assert all(r in GENDER_PARTS or r == TOTAL for r, _c in hidden)
