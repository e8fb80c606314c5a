"""Support cases (docs/support.md): what a case report must hold, how its status may move, the incident quota."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ledger.domain.errors import Conflict, FieldErrors, InvalidInput
from ledger.domain.problems import N_, define_messages
from ledger.domain.support.plans import CHANNELS, SEVERITIES, Plan
from ledger.domain.text import checked_line, checked_text

STATUSES = ("open", "waiting_on_customer", "resolved", "closed")
#: Cases whose clocks still run (or are paused): what "open cases" means in lists and warnings.
OPEN_STATUSES = ("open", "waiting_on_customer")
EVENT_KINDS = ("opened", "responded", "customer_replied", "status", "severity", "resolved", "reopened", "note", "assigned",
               "escalated", "reminded")
#: Events of the team's own work (who owns the case, what was escalated): never shown to the customer.
TEAM_EVENT_KINDS = ("assigned", "escalated")
#: Where a case may go from each status; a resolved case may be reopened within REOPEN_DAYS.
TRANSITIONS = {
    "open": ("waiting_on_customer", "resolved"),
    "waiting_on_customer": ("open", "resolved"),
    "resolved": ("open", "closed"),
    "closed": (),
}
REOPEN_DAYS = 14
MAX_SUBJECT_LENGTH = 200
MAX_MESSAGE_LENGTH = 5000
MAX_NOTE_LENGTH = 1000

MESSAGES = define_messages({
    "case_not_found": N_("Case %(case_id)s does not exist."),
    "case_transition_not_allowed": N_("A case that is %(from_status)s cannot become %(to_status)s."),
    "case_reopen_window_passed": N_(
        "A resolved case can be reopened within %(days)s days; this one was resolved on %(resolved_on)s."),
    "case_same_severity": N_("The case already has severity %(severity)s."),
    "case_severity_fixed": N_("The severity of a case that is %(status)s cannot change."),
    "case_closed": N_("The case is closed; it takes no more replies."),
    "case_customer_closed": N_("Customer %(customer_id)s is closed; no new cases can be opened."),
    "channel_not_in_plan": N_("The %(plan)s plan gives support by %(channels)s."),
    "contact_not_of_customer": N_("Contact %(contact_id)s is not a current contact of this customer."),
    "case_of_other_customer": N_("Case %(case_id)s belongs to another customer."),
    "severity_not_a_level": N_("Must be a severity from %(low)s (urgent) to %(high)s (low)."),
})


@dataclass(frozen=True)
class CaseReport:
    """A customer's problem report, checked: the input of opening a case."""

    customer_id: int
    severity: int
    subject: str
    description: str
    channel: str
    reporter_contact_id: int | None


def checked_severity(errors: FieldErrors, value: Any, field: str = "severity") -> int:
    """A severity 1-4 (1 is the most urgent), or a coded problem on `field`."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in SEVERITIES:
        errors.add(field, "severity_not_a_level", low=SEVERITIES[0], high=SEVERITIES[-1])
        return 0
    return value


def _whole_id(errors: FieldErrors, field: str, value: Any, *, required: bool) -> int | None:
    if value is None:
        if required:
            errors.add(field, "required")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        errors.add(field, "not_whole_number")
        return None
    if not 1 <= value <= 2**31 - 1:
        errors.add(field, "out_of_range", low=1, high=2**31 - 1)
        return None
    return value


def check_case_report(data: dict[str, Any]) -> CaseReport:
    """Validate a case report's shape; raise InvalidInput naming every bad field (the plan is checked later)."""
    errors = FieldErrors()
    customer_id = _whole_id(errors, "customer_id", data.get("customer_id"), required=True)
    severity = checked_severity(errors, data.get("severity"))
    subject = checked_line(errors, "subject", data.get("subject"), MAX_SUBJECT_LENGTH)
    description = checked_text(errors, "description", data.get("description"), MAX_MESSAGE_LENGTH)
    channel = data.get("channel")
    if channel not in CHANNELS:
        errors.add("channel", "one_of", choices=CHANNELS)
    reporter = _whole_id(errors, "reporter_contact_id", data.get("reporter_contact_id"), required=False)
    errors.raise_if_any()
    return CaseReport(customer_id, severity, subject, description, channel, reporter)  # type: ignore[arg-type]


def check_channel(plan: Plan, channel: str) -> None:
    """A case comes in by one of its plan's channels (Professional: e-mail and chat only)."""
    if channel not in plan.channels:
        raise InvalidInput.single("channel", "channel_not_in_plan", plan=plan.label_en, channels=plan.channels)


def is_over_quota(opened_earlier_this_month: int, incidents_per_month: int) -> bool:
    """The N+1th case opened in a calendar month, beyond the plan's incidents per month, is over quota."""
    return opened_earlier_this_month >= incidents_per_month


def transition_kind(from_status: str, to_status: str, resolved_at: datetime | None, now: datetime) -> str:
    """The event a status change writes (status, resolved or reopened); refuse moves the workflow forbids.

    :raise InvalidInput: not a status.  :raise Conflict: not allowed from here, or the reopen window passed.
    """
    if to_status not in STATUSES:
        raise InvalidInput.single("status", "one_of", choices=STATUSES)
    if to_status not in TRANSITIONS[from_status]:
        raise Conflict(code="case_transition_not_allowed", from_status=from_status, to_status=to_status)
    if to_status == "resolved":
        return "resolved"
    if from_status == "resolved" and to_status == "open":
        if resolved_at is not None and now - resolved_at > timedelta(days=REOPEN_DAYS):
            raise Conflict(code="case_reopen_window_passed", days=REOPEN_DAYS, resolved_on=resolved_at.date())
        return "reopened"
    return "status"
