"""Support cases: open, list, read, respond, change status and severity; the month's SLA report (docs/api.md)."""
from __future__ import annotations

from typing import Any

from ledger.api.auth import authenticate, current_actor, idempotency_key
from ledger.api.blueprint import ApiBlueprint
from ledger.api.customers.schemas import IdempotencyHeaders
from ledger.api.support.schemas import (
    CaseDetailOut,
    CaseIn,
    CaseListQuery,
    CaseOut,
    RespondIn,
    SeverityIn,
    SlaReportOut,
    SlaReportQuery,
    StatusIn,
)
from ledger.domain.periods import parse_period
from ledger.services.support import case_reads, cases, queues, sla_reports

blp = ApiBlueprint("cases", __name__, url_prefix="/api/v1", description="Support cases and their SLA clocks")
blp.before_request(authenticate)


@blp.route("/cases", methods=["POST"])
@blp.arguments(CaseIn)
@blp.arguments(IdempotencyHeaders, location="headers")
@blp.response(201, CaseDetailOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def open_case(data: dict[str, Any], headers: dict[str, Any]) -> Any:
    """Open a case (staff; a customer user for its own customer); over quota beyond the plan's incidents."""
    key = idempotency_key(headers, "open_case", data)
    return cases.open_case(data, actor=current_actor(), idempotency=key)


@blp.route("/cases", methods=["GET"])
@blp.arguments(CaseListQuery, location="query")
@blp.response(200, CaseOut(many=True))
def list_cases(query: dict[str, Any]) -> Any:
    """Cases, the nearest breach first (at_risk=true: the least business time left first), by assignee (me, none,
    a user id), customer, plan, severity, status, breached and at risk (a customer user: its own)."""
    return queues.find_cases(queues.filters_from_query(query), actor=current_actor(), limit=query["limit"])


@blp.route("/cases/<int:case_id>")
@blp.response(200, CaseDetailOut)
@blp.alt_response(404, response="NOT_FOUND")
def get_case(case_id: int) -> Any:
    """One case with its events, SLA clocks and logged work."""
    return case_reads.get_case(case_id, actor=current_actor())


@blp.route("/cases/<int:case_id>/respond", methods=["POST"])
@blp.arguments(RespondIn)
@blp.response(200, CaseDetailOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def respond_to_case(data: dict[str, Any], case_id: int) -> Any:
    """Reply on the case: staff's first reply meets first response; a customer's reply resumes the clock."""
    return cases.respond_to_case(case_id, data["message"], actor=current_actor())


@blp.route("/cases/<int:case_id>/status", methods=["POST"])
@blp.arguments(StatusIn)
@blp.response(200, CaseDetailOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def change_case_status(data: dict[str, Any], case_id: int) -> Any:
    """Set the status (staff): waiting_on_customer pauses the resolution clock; resolved meets it."""
    return cases.change_case_status(case_id, data["status"], data.get("note"), actor=current_actor())


@blp.route("/cases/<int:case_id>/severity", methods=["POST"])
@blp.arguments(SeverityIn)
@blp.response(200, CaseDetailOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def change_case_severity(data: dict[str, Any], case_id: int) -> Any:
    """Change the severity with a reason (staff); the new targets apply to the time used since opening, never a fresh clock."""
    return cases.change_case_severity(case_id, data["severity"], data["reason"], actor=current_actor())


@blp.route("/customers/<int:customer_id>/sla-report")
@blp.arguments(SlaReportQuery, location="query")
@blp.response(200, SlaReportOut)
@blp.alt_response(404, response="NOT_FOUND")
def sla_report(query: dict[str, Any], customer_id: int) -> Any:
    """A month's cases with met and breached per target and severity, and the median first response."""
    return sla_reports.sla_report(customer_id, parse_period(query["period"]), actor=current_actor())
