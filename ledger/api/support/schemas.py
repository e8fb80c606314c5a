"""Wire formats of support cases, their SLA clocks and events, and the month's SLA report (docs/api.md)."""
from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import validate

from ledger.api.fields import WholeNumber
from ledger.api.support.conversation_schemas import MessageOut
from ledger.api.work.schemas import TaskOut
from ledger.domain.support.cases import EVENT_KINDS, MAX_MESSAGE_LENGTH, MAX_NOTE_LENGTH, MAX_SUBJECT_LENGTH, STATUSES
from ledger.domain.support.plans import CHANNELS, SEVERITIES
from ledger.routing import MAX_ID, parse_id

_SEVERITY = validate.Range(SEVERITIES[0], SEVERITIES[-1])


class TargetOut(ma.Schema):
    """One SLA clock, exactly as docs/api.md names it; null target and due time mean best effort."""

    target_business_minutes = ma.fields.Integer(allow_none=True)
    due_at = ma.fields.DateTime(allow_none=True, metadata={"description": "UTC"})
    met_at = ma.fields.DateTime(allow_none=True, metadata={"description": "UTC"})
    business_minutes_used = ma.fields.Integer()
    business_minutes_left = ma.fields.Integer(allow_none=True, metadata={"description": "negative when overdue"})
    paused = ma.fields.Boolean()
    breached = ma.fields.Boolean()


class SlaOut(ma.Schema):
    """Both clocks of a case."""

    first_response = ma.fields.Nested(TargetOut)
    resolution = ma.fields.Nested(TargetOut)


class _Flat:
    """A CaseView seen as one object: the case's columns, its SLA state and what the read carried."""

    def __init__(self, view: Any) -> None:
        self._case, self.sla, self.events, self.work = view.case, view.sla, view.events, view.work
        self.at_risk = view.sla.at_risk
        conversation = getattr(view, "conversation", None)
        self.messages = conversation.messages if conversation is not None else []
        self.notes = conversation.notes if conversation is not None else None
        self.follows_case_id = conversation.follows_case_id if conversation is not None else None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._case, name)


class CaseOut(ma.Schema):
    """A case: current status and severity, the plan it was opened under, its quota and its SLA clocks."""

    id = ma.fields.Integer()
    customer_id = ma.fields.Integer()
    status = ma.fields.String(metadata={"enum": list(STATUSES)})
    severity = ma.fields.Integer()
    plan = ma.fields.String()
    over_quota = ma.fields.Boolean()
    opened_at = ma.fields.DateTime()
    opened_by = ma.fields.Integer(allow_none=True)
    resolved_at = ma.fields.DateTime(allow_none=True)
    subject = ma.fields.String()
    description = ma.fields.String()
    channel = ma.fields.String(metadata={"enum": list(CHANNELS)})
    reporter_contact_id = ma.fields.Integer(allow_none=True)
    assignee_id = ma.fields.Integer(allow_none=True, metadata={"description": "the staff member who owns the case"})
    at_risk = ma.fields.Boolean(metadata={"description": "a target past 80 %, not yet met or breached"})
    sla = ma.fields.Nested(SlaOut)

    @ma.pre_dump
    def _flatten(self, view: Any, **kwargs: Any) -> _Flat:
        return _Flat(view)


class CaseEventOut(ma.Schema):
    """One event of a case's history."""

    seq = ma.fields.Integer()
    kind = ma.fields.String(metadata={"enum": list(EVENT_KINDS)})
    at = ma.fields.DateTime()
    actor_id = ma.fields.Integer(allow_none=True)
    severity = ma.fields.Integer(allow_none=True)
    status = ma.fields.String(allow_none=True, metadata={"enum": [*STATUSES, None]})
    message = ma.fields.String(allow_none=True)
    assignee_id = ma.fields.Integer(allow_none=True, metadata={"description": "an `assigned` event: to whom"})


class CaseWorkOut(ma.Schema):
    """Time logged on the case."""

    included_minutes = ma.fields.Integer()
    debited_minutes = ma.fields.Integer()
    review_minutes = ma.fields.Integer()
    tasks = ma.fields.List(ma.fields.Nested(TaskOut))


class CaseDetailOut(CaseOut):
    """A case with its events, the work logged on it and its conversation (`notes` for staff only)."""

    events = ma.fields.List(ma.fields.Nested(CaseEventOut))
    work = ma.fields.Nested(CaseWorkOut)
    messages = ma.fields.List(ma.fields.Nested(MessageOut), metadata={"description": "the public conversation"})
    notes = ma.fields.List(ma.fields.Nested(MessageOut), metadata={"description": "internal notes (staff only)"})
    follows_case_id = ma.fields.Integer(allow_none=True,
                                        metadata={"description": "the closed case a mail opened this one after"})

    @ma.post_dump
    def _without_notes_for_customers(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        if data.get("notes") is None:
            data.pop("notes", None)
        return data


class CaseIn(ma.Schema):
    """A problem report."""

    customer_id = WholeNumber(required=True, validate=validate.Range(1, MAX_ID))
    severity = WholeNumber(required=True, validate=_SEVERITY, metadata={"description": "1 urgent … 4 low"})
    subject = ma.fields.String(required=True, validate=validate.Length(1, MAX_SUBJECT_LENGTH))
    description = ma.fields.String(required=True, validate=validate.Length(1, MAX_MESSAGE_LENGTH))
    channel = ma.fields.String(required=True, validate=validate.OneOf(CHANNELS))
    reporter_contact_id = WholeNumber(allow_none=True, validate=validate.Range(1, MAX_ID))


def _assignee_filter(value: str) -> None:
    """`me`, `none`, or a user id the database can hold (1 to MAX_ID, ASCII digits)."""
    if value not in ("me", "none") and parse_id(value) is None:
        raise ma.ValidationError("Give me, none or a user's id.")


class CaseListQuery(ma.Schema):
    """Filters of the case list."""

    customer_id = ma.fields.Integer(validate=validate.Range(1, MAX_ID))
    status = ma.fields.String(validate=validate.OneOf(STATUSES))
    breached = ma.fields.Boolean()
    assignee = ma.fields.String(validate=_assignee_filter,
                                metadata={"description": "me, none (nobody) or a user id (staff)"})
    plan = ma.fields.String(validate=validate.Length(1, 32))
    severity = ma.fields.Integer(validate=_SEVERITY)
    at_risk = ma.fields.Boolean(metadata={"description": "a target past 80 %, not yet met or breached"})
    limit = ma.fields.Integer(load_default=500, validate=validate.Range(1, 10_000))


class RespondIn(ma.Schema):
    """A reply on the case."""

    message = ma.fields.String(required=True, validate=validate.Length(1, MAX_MESSAGE_LENGTH))


class StatusIn(ma.Schema):
    """The case's new status, with an optional note."""

    status = ma.fields.String(required=True, validate=validate.OneOf(STATUSES))
    note = ma.fields.String(allow_none=True, validate=validate.Length(max=MAX_NOTE_LENGTH))


class SeverityIn(ma.Schema):
    """The case's new severity and why."""

    severity = WholeNumber(required=True, validate=_SEVERITY)
    reason = ma.fields.String(required=True, validate=validate.Length(1, MAX_NOTE_LENGTH))


class SlaReportQuery(ma.Schema):
    """Which month."""

    period = ma.fields.String(required=True, validate=validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$",
                                                                       error="Write the month as YYYY-MM."))


class TallyOut(ma.Schema):
    met = ma.fields.Integer()
    breached = ma.fields.Integer()
    pending = ma.fields.Integer()
    best_effort = ma.fields.Integer()


class SeverityRowOut(ma.Schema):
    severity = ma.fields.Integer()
    cases = ma.fields.Integer()
    first_response = ma.fields.Nested(TallyOut)
    resolution = ma.fields.Nested(TallyOut)


class SlaReportOut(ma.Schema):
    """A customer's month: its cases, met and breached per target and severity, the median first response."""

    customer_id = ma.fields.Integer()
    period = ma.fields.String()
    case_count = ma.fields.Integer()
    over_quota = ma.fields.Integer(metadata={"description": "cases opened beyond the plan's incidents"})
    first_response = ma.fields.Nested(TallyOut)
    resolution = ma.fields.Nested(TallyOut)
    severities = ma.fields.List(ma.fields.Nested(SeverityRowOut))
    median_first_response_business_minutes = ma.fields.Integer(allow_none=True)
    cases = ma.fields.List(ma.fields.Nested(CaseOut))

    @ma.pre_dump
    def _flatten(self, report: Any, **kwargs: Any) -> dict[str, Any]:
        summary = report.summary
        return {"customer_id": report.customer_id, "period": str(report.period), "case_count": summary.cases,
                "over_quota": report.over_quota, "first_response": summary.first_response,
                "resolution": summary.resolution, "severities": summary.severities,
                "median_first_response_business_minutes": summary.median_first_response_business_minutes,
                "cases": report.cases}
