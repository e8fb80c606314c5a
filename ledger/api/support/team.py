"""Running a support team (docs/support.md): assign a case, and the month's SLA report across customers as JSON, CSV
or XLSX (headings in the request's language: Accept-Language, default Swedish)."""
from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import Response
from flask_babel import get_locale
from marshmallow import validate

from ledger.api.auth import authenticate, current_actor
from ledger.api.blueprint import ApiBlueprint
from ledger.api.fields import WholeNumber
from ledger.api.support.schemas import CaseDetailOut
from ledger.documents.sla_report_files import group_labeler, report_csv, report_xlsx
from ledger.domain.periods import parse_period
from ledger.domain.support.sla_groups import GROUPINGS, met_percent
from ledger.services.support import assignment, team_report
from ledger.services.support.plans import active_plans

blp = ApiBlueprint("case_team", __name__, url_prefix="/api/v1", description="Assignment and the team's SLA report")
blp.before_request(authenticate)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BINARY = {"type": "string", "format": "binary"}


class CaseAssignIn(ma.Schema):
    """Whom the case goes to: a user who can take cases (GET /users?role=staff), or null for nobody."""

    user_id = WholeNumber(required=True, allow_none=True, validate=validate.Range(1, 2**31 - 1))


class TeamReportQuery(ma.Schema):
    """Which month, grouped how, in which format."""

    period = ma.fields.String(required=True, validate=validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$",
                                                                       error="Write the month as YYYY-MM."))
    group_by = ma.fields.String(load_default="plan", validate=validate.OneOf(GROUPINGS))
    format = ma.fields.String(load_default="json", validate=validate.OneOf(["json", "csv", "xlsx"]))


class TargetTotalsOut(ma.Schema):
    """How one target went over the group's cases: met in time, breached, met % of those decided."""

    met = ma.fields.Integer()
    breached = ma.fields.Integer()
    met_percent = ma.fields.Float(allow_none=True, metadata={
        "description": "met / (met + breached) × 100, one decimal; null when none is decided yet"})


class GroupRowOut(ma.Schema):
    """One group of the month's cases."""

    group = ma.fields.Raw(allow_none=True, metadata={
        "description": "the plan id, the severity, the assignee's user id (null: nobody) or the customer id"})
    label = ma.fields.String(allow_none=True)
    cases = ma.fields.Integer()
    first_response = ma.fields.Nested(TargetTotalsOut)
    resolution = ma.fields.Nested(TargetTotalsOut)
    median_first_response_business_minutes = ma.fields.Integer(allow_none=True)


class TeamReportOut(ma.Schema):
    """The month's cases of every customer, grouped, and the total."""

    period = ma.fields.String()
    group_by = ma.fields.String(metadata={"enum": list(GROUPINGS)})
    rows = ma.fields.List(ma.fields.Nested(GroupRowOut))
    total = ma.fields.Nested(GroupRowOut)


def _totals(tally: Any) -> dict[str, Any]:
    percent = met_percent(tally)
    return {"met": tally.met, "breached": tally.breached, "met_percent": None if percent is None else float(percent)}


def _row(row: Any, label: str | None) -> dict[str, Any]:
    return {"group": row.key, "label": label, "cases": row.cases, "first_response": _totals(row.first_response),
            "resolution": _totals(row.resolution),
            "median_first_response_business_minutes": row.median_first_response_business_minutes}


def _download(content: str | bytes, mimetype: str, filename: str) -> Response:
    body = "\ufeff" + content if isinstance(content, str) else content  # a BOM: Excel reads the CSV as UTF-8
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"',
                                                      "Cache-Control": "private, no-store"})


@blp.route("/cases/<int:case_id>/assign", methods=["POST"])
@blp.arguments(CaseAssignIn)
@blp.response(200, CaseDetailOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def assign_case(data: dict[str, Any], case_id: int) -> Any:
    """Assign the case to a staff member or admin, or to nobody (`null`); event `assigned`, the assignee is mailed."""
    return assignment.assign_case(case_id, data["user_id"], actor=current_actor())


@blp.route("/sla-report")
@blp.arguments(TeamReportQuery, location="query")
@blp.response(200, TeamReportOut)
@blp.doc(responses={"200": {"description": "The report; with format=csv or format=xlsx, a download", "content": {
    "application/json": {"schema": TeamReportOut}, "text/csv": {"schema": BINARY}, XLSX: {"schema": BINARY}}}})
def sla_report(query: dict[str, Any]) -> Any:
    """A month's cases of every customer grouped by plan, severity, assignee or customer: met, breached and met %
    per target, the median first response in business minutes (staff, admins, finance)."""
    report = team_report.team_sla_report(parse_period(query["period"]), query["group_by"], actor=current_actor())
    locale = get_locale()
    label = group_labeler(report, active_plans(), locale.language if locale else "sv")
    filename = f"sla-report-{report.period}-{report.group_by}"
    if query["format"] == "csv":
        return _download(report_csv(report, label), "text/csv", f"{filename}.csv")
    if query["format"] == "xlsx":
        return _download(report_xlsx(report, label), XLSX, f"{filename}.xlsx")
    english = group_labeler(report, active_plans(), "en")
    return {"period": str(report.period), "group_by": report.group_by,
            "rows": [_row(row, None if row.key is None and report.group_by == "assignee" else english(row.key))
                     for row in report.rows],
            "total": _row(report.total, None)}
