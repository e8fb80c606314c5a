"""The SLA report across customers as CSV and XLSX (docs/support.md), in the reader's language.

XLSX is written with XlsxWriter: a writer only, with no dependencies of its own, that produces files Excel and
LibreOffice open without repair prompts; its text cells are written as text, never as formulas or links
(`strings_to_formulas` and `strings_to_urls` off, and every name written with `write_string`), so a customer
named "=HYPERLINK(…)" stays a name. Met percentages are numbers formatted as percentages; counts and minutes are
whole numbers. The CSV has the same columns and goes through SafeCsvWriter.
"""
from __future__ import annotations

import io
from collections.abc import Callable, Hashable, Sequence
from decimal import Decimal
from typing import Protocol

import xlsxwriter
from flask_babel import gettext

from ledger.documents.csv_safe import Number, SafeCsvWriter
from ledger.domain.periods import Period
from ledger.domain.support.plans import SupportPlans
from ledger.domain.support.sla_groups import GroupRow, met_percent


class TeamReport(Protocol):
    """What the report hands over to be written (ledger.services.support.team_report.TeamSlaReport is one)."""

    period: Period
    group_by: str
    rows: list[GroupRow]
    total: GroupRow
    names: dict[Hashable, str]


def group_labeler(report: TeamReport, plans: SupportPlans, language: str) -> Callable[[Hashable], str]:
    """How a row's group reads: a plan's or a severity's label in `language`, a person's or customer's name,
    "Unassigned" for the cases nobody owns."""
    english = language == "en"

    def label(key: Hashable) -> str:
        if report.group_by == "plan":
            plan = plans.plan(str(key))
            return (plan.label_en if english else plan.label_sv) if plan else str(key)
        if report.group_by == "severity":
            severity = plans.severities.get(key)  # type: ignore[call-overload]
            return f"{key} – {severity.label_en if english else severity.label_sv}" if severity else str(key)
        if key is None:
            return gettext("Unassigned")
        return report.names.get(key, str(key))

    return label


def headings(group_by: str) -> list[str]:
    """The column headings in the request's language; the first names what the rows are grouped by."""
    group = {"plan": gettext("Support plan"), "severity": gettext("Severity"), "assignee": gettext("Assignee"),
             "customer": gettext("Customer")}[group_by]
    return [group, gettext("Cases"), gettext("First response met"), gettext("First response breached"),
            gettext("First response met %"), gettext("Resolution met"), gettext("Resolution breached"),
            gettext("Resolution met %"), gettext("Median first response (business minutes)")]


def _values(label: str, row: GroupRow) -> list[object]:
    return [label, row.cases, row.first_response.met, row.first_response.breached, met_percent(row.first_response),
            row.resolution.met, row.resolution.breached, met_percent(row.resolution),
            row.median_first_response_business_minutes]


def table(report: TeamReport, label: Callable[[Hashable], str]) -> list[list[object]]:
    """The rows as cells (group, counts, met % as a Decimal or None, median minutes or None), then the total."""
    return [_values(label(row.key), row) for row in report.rows] + [_values(gettext("Total"), report.total)]


def report_csv(report: TeamReport, label: Callable[[Hashable], str]) -> str:
    """The report as CSV: headings, a row per group, the total row; met % as a plain number ("66.7")."""
    target = io.StringIO()
    writer = SafeCsvWriter(target)
    writer.writerow(headings(report.group_by))
    for cells in table(report, label):
        writer.writerow([Number(str(cell)) if isinstance(cell, Decimal) else cell for cell in cells])
    return target.getvalue()


def _widths(rows: Sequence[Sequence[object]]) -> list[int]:
    return [min(60, max(10, *(len(str(row[column])) + 2 for row in rows if row[column] is not None)))
            for column in range(len(rows[0]))]


def report_xlsx(report: TeamReport, label: Callable[[Hashable], str]) -> bytes:
    """The report as an XLSX workbook: one sheet named for the month, headings in bold and frozen, met % as
    percentages (0.0 %), the total row in bold."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    bold = workbook.add_format({"bold": True})
    percent = workbook.add_format({"num_format": "0.0%"})
    bold_percent = workbook.add_format({"num_format": "0.0%", "bold": True})
    sheet = workbook.add_worksheet(f"SLA {report.period}")
    heads = headings(report.group_by)
    cells = table(report, label)
    for column, heading in enumerate(heads):
        sheet.write_string(0, column, heading, bold)
    for number, row in enumerate(cells, start=1):
        is_total = number == len(cells)
        for column, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, Decimal):
                sheet.write_number(number, column, float(value / 100), bold_percent if is_total else percent)
            elif isinstance(value, int):
                sheet.write_number(number, column, value, bold if is_total else None)
            else:
                sheet.write_string(number, column, str(value), bold if is_total else None)
    for column, width in enumerate(_widths([heads, *cells])):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 0)
    workbook.close()
    return output.getvalue()
