"""The words of support cases in the page's language: statuses, channels, events, severities, plans, refusals."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from ledger.domain.errors import DomainError
from ledger.domain.problems import Problem, is_code, registered_messages
from ledger.services.support.plans import active_plans
from ledger.web.errors import describe, translate
from ledger.web.forms import bilingual

# Statuses of a case ("ett ärende") and of an agreement take other Swedish words than a task's or a customer's.
STATUS_LABELS = {
    "open": lazy_pgettext("case status", "Open"),
    "waiting_on_customer": lazy_pgettext("case status", "Waiting on the customer"),
    "resolved": lazy_pgettext("case status", "Resolved"),
    "closed": lazy_pgettext("case status", "Closed"),
}
#: What the staff form offers to do from each status (the service refuses anything else).
STATUS_ACTIONS = {
    "open": lazy_pgettext("case action", "Back to open"),
    "reopen": lazy_pgettext("case action", "Reopen"),
    "waiting_on_customer": lazy_pgettext("case action", "Wait on the customer"),
    "resolved": lazy_pgettext("case action", "Resolve"),
    "closed": lazy_pgettext("case action", "Close"),
}
CHANNEL_LABELS = {"email": _l("E-mail"), "chat": _l("Chat"), "phone": _l("Phone"), "remote": _l("Remote assistance")}
EVENT_LABELS = {
    "opened": _l("Opened"),
    "responded": _l("Reply from support"),
    "customer_replied": _l("Reply from the customer"),
    "status": _l("Status changed"),
    "severity": _l("Severity changed"),
    "resolved": _l("Resolved"),
    "reopened": _l("Reopened"),
    "note": _l("Internal note"),
}
TARGET_LABELS = {"first_response": _l("First response"), "resolution": _l("Resolution")}
AGREEMENT_STATUS_LABELS = {
    "upcoming": lazy_pgettext("agreement status", "Starts later"),
    "active": lazy_pgettext("agreement status", "Active"),
    "expiring": lazy_pgettext("agreement status", "Expiring"),
    "expired": lazy_pgettext("agreement status", "Expired"),
    "cancelled": lazy_pgettext("agreement status", "Cancelled"),
}


def severity_label(level: int) -> str:
    """ "1 – Brådskande" / "1 – Urgent"."""
    severity = active_plans().severities.get(level)
    return f"{level} – {bilingual(severity.label_sv, severity.label_en)}" if severity else str(level)


def severity_definition(level: int) -> str:
    severity = active_plans().severities.get(level)
    return bilingual(severity.definition_sv, severity.definition_en) if severity else ""


def plan_label(plan_id: str) -> str:
    plan = active_plans().plan(plan_id)
    return bilingual(plan.label_sv, plan.label_en) if plan else plan_id


def _label(labels: dict[str, Any], value: Any) -> str:
    return str(labels.get(value, value))


def case_refusal(error: DomainError) -> str:
    """A refusal about a case in the page's language, with statuses and channels said in words too."""
    if not is_code(error.code):
        return describe(error)
    params = dict(error.params)
    for name in ("from_status", "to_status", "status"):
        if name in params:
            params[name] = _label(STATUS_LABELS, params[name])
    if "channels" in params:
        params["channels"] = ", ".join(_label(CHANNEL_LABELS, channel) for channel in params["channels"])
    return translate(Problem(error.code, registered_messages()[error.code], params))


def case_helpers() -> dict[str, Any]:
    """What the case templates use to put codes into words."""
    return {
        "status_label": lambda value: _label(STATUS_LABELS, value),
        "channel_label": lambda value: _label(CHANNEL_LABELS, value),
        "event_label": lambda value: _label(EVENT_LABELS, value),
        "target_label": lambda value: _label(TARGET_LABELS, value),
        "agreement_status_label": lambda value: _label(AGREEMENT_STATUS_LABELS, value),
        "severity_label": severity_label,
        "severity_definition": severity_definition,
        "plan_label": plan_label,
    }
