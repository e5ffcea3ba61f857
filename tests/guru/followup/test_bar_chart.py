"""The bar chart across departments (followup.charts.bar_chart)."""

from decimal import Decimal

from guru.followup.charts import bar_chart


def test_the_own_department_is_marked_by_a_bold_name_not_colour_alone():
    # WCAG 1.4.1: the own bar's darker blue is not the only sign
    svg = bar_chart(
        bars=[("Ekonomiavdelningen", Decimal("84.7")), ("HR", Decimal("81.4"))],
        title="Andel beslut i tid",
        highlight="Ekonomiavdelningen",
    )
    assert 'class="chart__tick chart__tick--own"><title>Ekonomiavdelningen' in svg
    assert 'class="chart__tick"><title>HR' in svg
