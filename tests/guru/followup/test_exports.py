"""The published XLSX shows the report's figures: same rounding, numbers as numbers."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from guru.accounts.models import Unit
from guru.followup.exports import follow_up_xlsx
from guru.followup.models import FollowUp, Perspective, Target, Value
from guru.followup.selectors import report_build
from tests.guru.followup import builders

pytestmark = pytest.mark.django_db

SIZES = {"A": (20, 20), "B": (25, 25)}


@pytest.fixture
def follow_up(db):
    """A sum with one decimal whose figures all end in a half: 1,25 and 1,00."""
    builders.organisation(SIZES)
    controller = builders.controller()
    figure = builders.key_figure(
        code="V1",
        name="Inkomna ärenden (tusental)",
        perspective=Perspective.objects.get(key="verksamhet"),
        aggregation="sum",
        scale=Decimal(1),
        decimals=1,
        individual_based=False,
        privacy_class="open",
        direction="higher",
    )
    earlier, current = builders.tertial(number=1), builders.tertial(number=2)
    for period, values in (
        (earlier, {"A": "1", "B": "1"}),
        (current, {"A": "1.25", "B": "1"}),
    ):
        for code, value in values.items():
            unit = Unit.objects.get(code=f"{code}-1")
            Value.objects.create(
                key_figure=figure,
                period=period,
                department=unit.department,
                unit=unit,
                value=Decimal(value),
                entered_by=controller,
            )
    return FollowUp.objects.create(period=current, opened_by=controller)


def _report_number(text: str) -> float:
    return float(text.replace("\u00a0", "").replace("\u2212", "-").replace(",", "."))


def test_the_xlsx_rounds_every_figure_as_the_report_does(follow_up):
    # given a report whose figures end in a half (1,25 and a total of 2,25)
    report = report_build(period=follow_up.period)
    row = next(row for block in report.blocks for row in block.rows)
    shown = [c.text for c in row.cells] + [row.total.text]
    assert shown == ["1,3", "1,0", "2,3"]
    # when the XLSX is made
    workbook = load_workbook(io.BytesIO(follow_up_xlsx(follow_up)))
    # then its numbers are the report's, rounded half up as there
    sheet = list(workbook["Verksamhet"].iter_rows(min_row=2, values_only=True))
    assert list(sheet[0][3:6]) == [_report_number(text) for text in shown]
    every = workbook["Alla värden"].iter_rows(min_row=2, values_only=True)
    in_t2 = {r[3]: r[5] for r in every if r[0] == "V1" and r[2] == "2026 T2"}
    assert in_t2 == {"Avdelning A": 1.3, "Avdelning B": 1.0, "Myndigheten": 2.3}


def test_the_changes_are_numbers_excel_can_calculate_with(follow_up):
    # given a total that rose by 0,25 since the tertial before
    report = report_build(period=follow_up.period)
    row = next(row for block in report.blocks for row in block.rows)
    assert row.change_previous == "+0,3"
    # when the XLSX is made
    workbook = load_workbook(io.BytesIO(follow_up_xlsx(follow_up)))
    # then the change is the number 0.3, shown with its sign and one decimal
    change = workbook["Verksamhet"].cell(row=2, column=9)
    assert change.value == 0.3
    assert change.number_format == "+#,##0.0;-#,##0.0;#,##0.0"
    # and no change against last year (no figures then) is an empty cell
    assert workbook["Verksamhet"].cell(row=2, column=10).value is None


def test_each_perspective_sheet_has_the_reports_läge_as_a_word(follow_up):
    # given a report whose total, 2,3, is far below its target 3,5
    report = report_build(period=follow_up.period)
    row = next(row for block in report.blocks for row in block.rows)
    assert (row.target_text, row.total.light) == ("3,5", "rod")
    # when the XLSX is made
    sheet = load_workbook(io.BytesIO(follow_up_xlsx(follow_up)))["Verksamhet"]
    # then the sheet has the page's Läge column after the target, in words
    header = [cell.value for cell in sheet[1]]
    assert header[header.index("Mål") + 1] == "Läge"
    column = header.index("Läge") + 1
    assert sheet.cell(row=2, column=column).value == "Rött"
    # and a figure without a target has no light: the cell is empty
    Target.objects.all().delete()
    sheet = load_workbook(io.BytesIO(follow_up_xlsx(follow_up)))["Verksamhet"]
    assert sheet.cell(row=2, column=column).value is None
