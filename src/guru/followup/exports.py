"""The published follow-up as a PDF (WeasyPrint) and as an XLSX of all figures."""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from guru.pdf import pdf_render

from .models import FollowUp
from .rules import GREEN, RED, YELLOW, round_half_up
from .selectors import (
    data_load,
    figure_grid,
    follow_up_context,
    key_figures_active,
    periods_until,
    report_build,
)
from .suppression import AGENCY

# The agency's light against the target, in the word the report's Läge column shows.
LIGHT_WORDS = {GREEN: "Grönt", YELLOW: "Gult", RED: "Rött"}


def follow_up_pdf(follow_up: FollowUp) -> bytes:
    """The whole follow-up: actions, report per perspective, analyses, conclusions."""
    return pdf_render("followup/print.html", follow_up_context(follow_up))


def follow_up_xlsx(follow_up: FollowUp) -> bytes:
    """Every key figure × department for the tertial, one sheet per perspective.

    Withheld cells are written as ".." exactly as in the report.
    """
    report = report_build(period=follow_up.period)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for block in report.blocks:
        sheet = workbook.create_sheet(block.perspective.label[:31])
        header = [
            "Kod",
            "Nyckeltal",
            "Enhet",
            *[d.name for d in report.departments],
            "Myndigheten",
            "Mål",
            "Läge",
            "Förändring mot föregående tertial",
            "Förändring mot samma tertial i fjol",
        ]
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in block.rows:
            decimals = row.key_figure.decimals
            sheet.append(
                [
                    row.key_figure.code,
                    row.key_figure.name,
                    row.key_figure.measure_unit,
                    *[_cell(c.value, c.code, decimals) for c in row.cells],
                    _cell(row.total.value, row.total.code, decimals),
                    _cell(row.target, None, decimals),
                    LIGHT_WORDS.get(row.total.light),
                    _cell(row.change_previous_value, None, decimals),
                    _cell(row.change_year_value, None, decimals),
                ]
            )
            # the figures up to the target; after the light, the two changes
            line = sheet[sheet.max_row]
            for cell in line[3:-3]:
                cell.number_format = _number_format(decimals)
            for cell in line[-2:]:
                cell.number_format = _number_format(decimals, signed=True)
    _all_values_sheet(workbook, follow_up)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _all_values_sheet(workbook: Workbook, follow_up: FollowUp) -> None:
    """Every figure for every department and the agency, by gender, over the
    tertials of the report – exactly what the report may show (withheld as "..")."""
    key_figures = key_figures_active()
    periods = periods_until(follow_up.period)
    data = data_load(periods=periods, key_figures=key_figures)
    sheet = workbook.create_sheet("Alla värden")
    sheet.append(["Kod", "Nyckeltal", "Tertial", "Organisation", "Kön", "Värde"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    names = {d.pk: d.name for d in data.departments}
    names[AGENCY] = "Myndigheten"
    genders = {"T": "Totalt", "K": "Kvinnor", "M": "Män"}
    for figure in key_figures:
        for period in periods:
            grid = figure_grid(data, figure, period)
            for (gender, column), result in sorted(
                grid.items(), key=lambda item: (str(item[0][1]), item[0][0])
            ):
                value = result.value if result.is_number else None
                sheet.append(
                    [
                        figure.code,
                        figure.name,
                        period.label,
                        names[column],
                        genders[gender],
                        _cell(value, result.missing, figure.decimals),
                    ]
                )
                sheet.cell(sheet.max_row, 6).number_format = _number_format(
                    figure.decimals
                )


def _cell(value: Decimal | None, code: str | None, decimals: int):
    """A number rounded as the report rounds it, or the report's code for none."""
    if value is None:
        return code
    return float(round_half_up(value, decimals=decimals))


def _number_format(decimals: int, *, signed: bool = False) -> str:
    """Excel's format for the figure's decimals; a change gets its sign."""
    number = "#,##0" + ("." + "0" * decimals if decimals else "")
    return f"+{number};-{number};{number}" if signed else number
