"""The hours report as CSV and as XLSX, headed in the reader's language, with numbers a spreadsheet adds up.

Minutes are whole numbers in their own columns and values are kronor (or euro) in theirs, never text such as
"1 tim 30 min" or "1 499,00 kr". The XLSX is written with XlsxWriter: every cell by its type (write_number,
write_string, write_datetime), so no description can become a formula, and row by row in constant memory, so a
month of 100,000 tasks does not sit in memory twice. Its first sheet is the report, its second every task.
"""
from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, time
from typing import IO, Any, Protocol

import xlsxwriter
from flask_babel import gettext

from ledger.documents.activity_csv import OUTCOMES
from ledger.documents.csv_safe import SafeCsvWriter, amount

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Typed cells only: a string is never read as a formula, a number or a link.
WORKBOOK_OPTIONS = {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
                    "strings_to_urls": False}


class Report(Protocol):
    """What an hours report hands over (ledger.services.work.hours_reports.HoursReport is one)."""

    label: str
    group_by: str
    rows: list[Any]
    total: Any
    currencies: list[str]

    def lines(self) -> Iterator[Any]:
        """Every task of the report, for the task sheet."""


def group_heading(group_by: str) -> str:
    """The first column's heading: what the rows are."""
    return {"customer": gettext("Customer"), "staff": gettext("Staff member"),
            "category": gettext("Kind of work")}[group_by]


def _figure_headings(currencies: list[str]) -> list[str]:
    return [gettext("Tasks"), gettext("Minutes logged"), gettext("Included (minutes)"),
            gettext("Debited work (minutes)"), gettext("Billed minutes (rounded)"), gettext("In review (minutes)"),
            *(gettext("Value (%(currency)s)", currency=currency) for currency in currencies)]


def _figures(totals: Any, currencies: list[str]) -> list[int]:
    """The totals' minute counts, then their value per currency in minor units."""
    return [totals.tasks, totals.logged_minutes, totals.included_minutes, totals.debited_minutes,
            totals.billed_minutes, totals.review_minutes,
            *(totals.value_minor.get(currency, 0) for currency in currencies)]


def hours_csv(report: Report, group_name: Callable[[Any], str]) -> str:
    """The report's rows and total as CSV: minutes as whole numbers, values as plain decimals (950.00)."""
    values_from = 6
    target = io.StringIO()
    writer = SafeCsvWriter(target)
    writer.writerow([group_heading(report.group_by), *_figure_headings(report.currencies)])
    for name, totals in [*((group_name(row), row.totals) for row in report.rows), (gettext("Total"), report.total)]:
        figures = _figures(totals, report.currencies)
        writer.writerow([name, *figures[:values_from], *(amount(value) for value in figures[values_from:])])
    return target.getvalue()


def _line_headings() -> list[str]:
    return [gettext("Task"), gettext("Date"), gettext("Customer"), gettext("Staff member"), gettext("Kind of work"),
            gettext("Description"), gettext("Decision"), gettext("Minutes"), gettext("Billed minutes"),
            gettext("Value"), gettext("Currency")]


def hours_xlsx(report: Report, target: IO[bytes], *, group_name: Callable[[Any], str],
               category_label: Callable[[str], str], unknown_person: str) -> None:
    """Write the report (first sheet) and every task behind it (second sheet) as an XLSX workbook to `target`."""
    workbook = xlsxwriter.Workbook(target, WORKBOOK_OPTIONS)
    workbook.set_properties({"title": gettext("Hours %(period)s", period=report.label)})
    bold = workbook.add_format({"bold": True})
    money = workbook.add_format({"num_format": "#,##0.00"})
    money_bold = workbook.add_format({"num_format": "#,##0.00", "bold": True})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    _summary_sheet(workbook, report, group_name, bold, money, money_bold)
    _task_sheet(workbook, report.lines(), category_label, unknown_person, bold, money, day)
    workbook.close()


def _summary_sheet(workbook: Any, report: Report, group_name: Callable[[Any], str], bold: Any, money: Any,
                   money_bold: Any) -> None:
    sheet = workbook.add_worksheet(gettext("Hours %(period)s", period=report.label)[:31])
    headings = [group_heading(report.group_by), *_figure_headings(report.currencies)]
    sheet.set_column(0, 0, 32)
    sheet.set_column(1, len(headings) - 1, 16)
    sheet.freeze_panes(1, 1)
    sheet.write_row(0, 0, headings, bold)
    values_from = 7
    rows = [*((group_name(row), row.totals, None) for row in report.rows), (gettext("Total"), report.total, bold)]
    for number, (name, totals, style) in enumerate(rows, start=1):
        sheet.write_string(number, 0, name, style)
        for column, figure in enumerate(_figures(totals, report.currencies), start=1):
            if column < values_from:
                sheet.write_number(number, column, figure, style)
            else:
                sheet.write_number(number, column, figure / 100, money_bold if style else money)


def _task_sheet(workbook: Any, lines: Iterable[Any], category_label: Callable[[str], str], unknown_person: str,
                bold: Any, money: Any, day: Any) -> None:
    sheet = workbook.add_worksheet(gettext("Tasks"))
    headings = _line_headings()
    for column, width in enumerate((9, 11, 28, 22, 26, 50, 26, 9, 9, 12, 8)):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 0)
    sheet.write_row(0, 0, headings, bold)
    outcomes = {key: str(label) for key, label in OUTCOMES.items()}
    categories: dict[str, str] = {}
    row = 0
    for row, line in enumerate(lines, start=1):
        if line.category not in categories:
            categories[line.category] = category_label(line.category)
        sheet.write_number(row, 0, line.task_id)
        sheet.write_datetime(row, 1, datetime.combine(line.work_date, time.min), day)
        sheet.write_string(row, 2, line.customer)
        sheet.write_string(row, 3, line.staff or unknown_person)
        sheet.write_string(row, 4, categories[line.category])
        sheet.write_string(row, 5, line.description)
        sheet.write_string(row, 6, outcomes.get(line.outcome, line.outcome))
        sheet.write_number(row, 7, line.minutes)
        sheet.write_number(row, 8, line.billed_minutes)
        sheet.write_number(row, 9, line.value_minor / 100, money)
        sheet.write_string(row, 10, line.currency)
    sheet.autofilter(0, 0, max(row, 1), len(headings) - 1)
