"""The staff page of the SLA report across customers (docs/support.md): the month's table per plan, severity, assignee or
customer, a bar chart of the met %, and the CSV and XLSX downloads of the same report."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal
from flask import Blueprint, Response, render_template, request
from flask_babel import force_locale, get_locale

from ledger.documents.sla_report_files import group_labeler, headings, report_csv, report_xlsx
from ledger.domain.support.sla_groups import GROUPINGS, met_percent
from ledger.locales import LANGUAGES
from ledger.services.support.plans import active_plans
from ledger.services.support.team_report import TeamSlaReport, team_sla_report
from ledger.web.access import STAFF, actor, roles_required
from ledger.web.downloads import csv_attachment
from ledger.web.support.report_chart import met_percent_chart
from ledger.web.support.staff import month_of_request
from ledger.web.support.team_forms import TeamReportForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def percent(value: Decimal | None) -> str:
    """A met % in the page's language, one decimal: "66,7 %" / "66.7 %"; a dash when nothing is decided."""
    if value is None:
        return "–"
    locale = get_locale()
    english = locale is not None and locale.language == "en"
    return format_decimal(value, format="0.0", locale="en" if english else "sv_SE") + "\xa0%"


def register(bp: Blueprint) -> None:
    """Add the report page and its downloads to the staff blueprint."""
    bp.add_url_rule("/sla-report", view_func=team_sla_report_page)
    bp.add_url_rule("/sla-report.csv", view_func=team_sla_report_csv)
    bp.add_url_rule("/sla-report.xlsx", view_func=team_sla_report_xlsx)


def _report() -> tuple[TeamSlaReport, Any, str | None]:
    """The report the query asks for (?period=YYYY-MM, default this month; ?group_by=, default plan)."""
    period, error = month_of_request()
    group_by = request.args.get("group_by", "plan")
    group_by = group_by if group_by in GROUPINGS else "plan"
    report = team_sla_report(period, group_by, actor=actor())
    return report, group_labeler(report, active_plans(), _language()), error


def _language() -> str:
    locale = get_locale()
    return locale.language if locale else LANGUAGES[0]


def _file_language() -> str:
    """The language of a download: the page's the link was on (?lang=), else the request's own."""
    asked = request.args.get("lang", "")
    return asked if asked in LANGUAGES else _language()


@roles_required(*STAFF)
def team_sla_report_page() -> Any:
    """The month's met and breached per target for every customer, grouped, with a chart and the downloads."""
    report, label, error = _report()
    form = TeamReportForm(formdata=None, period=str(report.period), group_by=report.group_by)
    chart = met_percent_chart([(label(row.key), met_percent(row.first_response), met_percent(row.resolution))
                               for row in report.rows if row.cases])
    query = {"period": str(report.period), "group_by": report.group_by, "lang": _language()}
    return render_template("staff/team_sla_report.html", report=report, label=label, form=form, chart=chart,
                           error=error, met_percent=met_percent, percent=percent, query=query,
                           heads=headings(report.group_by)), 422 if error else 200


@roles_required(*STAFF)
def team_sla_report_csv() -> Response:
    """The report as CSV, headings in the page's language."""
    with force_locale(_file_language()):
        report, label, _error = _report()
        text = report_csv(report, label)
    return csv_attachment(text, f"sla-report-{report.period}-{report.group_by}.csv")


@roles_required(*STAFF)
def team_sla_report_xlsx() -> Response:
    """The report as an XLSX workbook, headings in the page's language."""
    with force_locale(_file_language()):
        report, label, _error = _report()
        content = report_xlsx(report, label)
    return Response(content, mimetype=XLSX, headers={
        "Content-Disposition": f'attachment; filename="sla-report-{report.period}-{report.group_by}.xlsx"'})
