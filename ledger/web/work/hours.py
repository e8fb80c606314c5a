"""Hours pages: "My hours" (the signed-in staff member's week and month) and the hours report of a month, each
with a table, a bar chart and (the report) downloads as CSV and XLSX."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from flask_babel import gettext

from ledger.domain.errors import InvalidInput
from ledger.domain.periods import Period, local_date, parse_period, period_of
from ledger.domain.work.hours_report import GROUPINGS
from ledger.domain.work.week_sheet import Week, parse_week
from ledger.services.clock import utcnow
from ledger.services.work.hours_reports import HoursReport, hours_report as read_hours_report, my_hours as read_my_hours
from ledger.services.work.rules import active_catalogue
from ledger.web.access import STAFF, actor, roles_required
from ledger.web.forms import bilingual
from ledger.web.work.hours_chart import HoursChart, hours_chart, phone_hours_chart

READERS = ("admin", "staff", "finance")


def register(bp: Blueprint) -> None:
    """Add My hours and the hours report to the staff blueprint."""
    bp.add_url_rule("/my-hours", view_func=my_hours)
    bp.add_url_rule("/reports/hours", view_func=hours_report)


def group_name(row: Any) -> str:
    """A group's name on the page: the customer's or person's, or the kind of work's label."""
    if isinstance(row.key, str):
        category = active_catalogue().category(row.key)
        return bilingual(category.label_sv, category.label_en) if category is not None else row.key
    return row.name or gettext("Logged by the system")


def charts_of(report: HoursReport) -> dict[str, HoursChart]:
    """The report's groups as bars of included, debited and in-review minutes, drawn wide and for a phone."""
    groups = [(group_name(row), row.totals.included_minutes, row.totals.debited_minutes, row.totals.review_minutes)
              for row in report.rows]
    return {"wide": hours_chart(groups, gettext("Others")), "phone": phone_hours_chart(groups, gettext("Others"))}


def _period_arg(name: str, default: Period) -> tuple[Period, str | None]:
    text = request.args.get(name, "").strip()
    if not text:
        return default, None
    try:
        return parse_period(text, name), None
    except InvalidInput:
        return default, gettext("Write the month as YYYY-MM, for example %(example)s.", example=str(default))


@roles_required(*STAFF)
def my_hours() -> Any:
    """The signed-in staff member's week (?week=YYYY-Www) and month (?period=YYYY-MM): logged, included, debited,
    per customer."""
    today = local_date(utcnow())
    try:
        week = parse_week(request.args["week"]) if request.args.get("week") else Week.of(today)
    except InvalidInput:
        week = Week.of(today)
    period, error = _period_arg("period", period_of(today))
    mine = read_my_hours(actor=actor(), week=week, period=period)
    return render_template("staff/my_hours.html", mine=mine, error=error, group_name=group_name,
                           charts=charts_of(mine.month_report),
                           chart_title=gettext("My hours in %(period)s per customer", period=str(period)))


@roles_required(*READERS)
def hours_report() -> Any:
    """A month's hours of every customer (?period=YYYY-MM) per customer, staff member or kind of work (?group_by=),
    with a chart and downloads."""
    period, error = _period_arg("period", period_of(local_date(utcnow())))
    group_by = request.args.get("group_by", "customer")
    if group_by not in GROUPINGS:
        group_by, error = "customer", error or gettext("Group by customer, staff member or kind of work.")
    report = read_hours_report(period, group_by, actor=actor())
    return render_template("staff/hours_report.html", report=report, period=period, group_by=group_by,
                           error=error, group_name=group_name, charts=charts_of(report),
                           chart_title=gettext("Hours in %(period)s", period=str(period))), 422 if error else 200
