"""The words of support cases in the page's language: statuses, channels, events, severities, plans, refusals."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext, lazy_pgettext
from flask_babel import lazy_gettext as _l

from ledger.domain.errors import DomainError
from ledger.domain.problems import Problem, is_code, registered_messages
from ledger.domain.support.conversation import INTERNAL_KINDS
from ledger.domain.support.escalation import parse_escalation_note
from ledger.domain.support.waiting import parse_rule_note
from ledger.formatting import register_parameter_words, spoken_list
from ledger.services.people.users import display_names
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
    "assigned": _l("Assignee changed"),
    "escalated": _l("Escalated"),
    "reminded": _l("Reminder sent"),
    "note": _l("Internal note"),
}
#: Events the customer's portal leaves out: internal notes and the team's own work (the case read leaves them out too).
INTERNAL_EVENT_KINDS = INTERNAL_KINDS
TARGET_LABELS = {"first_response": _l("First response"), "resolution": _l("Resolution")}
AGREEMENT_STATUS_LABELS = {
    "upcoming": lazy_pgettext("agreement status", "Starts later"),
    "active": lazy_pgettext("agreement status", "Active"),
    "expiring": lazy_pgettext("agreement status", "Expiring"),
    "expired": lazy_pgettext("agreement status", "Expired"),
    "cancelled": lazy_pgettext("agreement status", "Cancelled"),
}


def channel_words(channels: Any) -> str:
    """Channels in the page's words, as a sentence says them: "e-post och chatt" / "e-mail and chat"."""
    def word(channel: str) -> str:
        label = _label(CHANNEL_LABELS, channel)  # a label starts with a capital; mid-sentence it does not
        return label[:1].lower() + label[1:]

    return word(channels) if isinstance(channels, str) else spoken_list([word(channel) for channel in channels])


register_parameter_words("channels", channel_words)
register_parameter_words("channel", channel_words)


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


def system_note(event: Any, staff: bool) -> str:
    """What a rule or the team's jobs wrote on the case, in words: the reminder and the automatic resolution (with
    the rule's name for staff only: a customer never sees a rule id), an escalation, an assignment; else ""."""
    rule = parse_rule_note(event.message) if event.actor_id is None else None
    if rule is not None and event.kind in ("reminded", "resolved"):
        name, days = rule
        if event.kind == "reminded":
            text = gettext("The customer was reminded after %(days)s business days waiting for their reply.",
                           days=days)
        else:
            text = gettext("Resolved automatically: no reply from the customer in %(days)s business days.", days=days)
        return gettext("%(note)s (rule %(rule)s)", note=text, rule=name) if staff else text
    escalation = parse_escalation_note(event.message) if event.kind == "escalated" else None
    if escalation is not None:
        target, level = escalation
        if level == "at_risk":
            return gettext("%(target)s: 80 %% of the target used; the assignee and the support lead were told.",
                           target=str(TARGET_LABELS[target]))
        return gettext("%(target)s: the target was breached; the assignee and the support lead were told.",
                       target=str(TARGET_LABELS[target]))
    if event.kind == "assigned":
        if event.assignee_id is None:
            return gettext("No assignee: back to the team.")
        name = display_names([event.assignee_id]).get(event.assignee_id, "")
        return gettext("Assigned to %(name)s.", name=name)
    return ""


def case_refusal(error: DomainError) -> str:
    """A refusal about a case in the page's language, with statuses and channels said in words too."""
    if not is_code(error.code):
        return describe(error)
    params = dict(error.params)
    for name in ("from_status", "to_status", "status"):
        if name in params:
            params[name] = _label(STATUS_LABELS, params[name])
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
        "system_note": system_note,
        "internal_event_kinds": INTERNAL_EVENT_KINDS,
    }
