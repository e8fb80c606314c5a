"""The words of the outbox: what kind of message each is and how far it got, in the page's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

#: Every kind of message the product queues (the `kind` of queue_mail), as staff read it.
KIND_LABELS = {
    "invoice_issued": _l("Invoice"),
    "invoice_reminder": _l("Payment reminder"),
    "low_balance": _l("Low balance"),
    "renewal_notice": _l("Renewal notice"),
    "password_reset": _l("Link to set a password"),
    "sla_at_risk": _l("SLA at risk"),
    "sla_breached": _l("SLA breached"),
    "case_opened": _l("Case opened"),
    "case_reply": _l("Reply on a case"),
    "case_waiting": _l("Case waits on the customer"),
    "case_waiting_reminder": _l("Reminder: the case waits on the customer"),
    "case_resolved": _l("Case resolved"),
    "case_opened_staff": _l("New case (to staff)"),
    "case_customer_wrote": _l("The customer wrote (to staff)"),
    "case_assigned": _l("Case assigned (to staff)"),
}
#: A kind added without a label above still never shows its code on a page.
OTHER_KIND = _l("Other message")
#: The state of one message ("ett meddelande": köat, skickat) …
STATUS_LABELS = {
    "queued": lazy_pgettext("one message", "Queued"),
    "sent": lazy_pgettext("one message", "Sent"),
    "failed": lazy_pgettext("one message", "Failed"),
}
#: … and of the messages a filter shows (köade, skickade).
FILTER_LABELS = {
    "queued": lazy_pgettext("messages", "Queued"),
    "sent": lazy_pgettext("messages", "Sent"),
    "failed": lazy_pgettext("messages", "Failed"),
}


def kind_label(kind: str) -> str:
    """What kind of message this is, in words: never its code."""
    return str(KIND_LABELS.get(kind, OTHER_KIND))


def status_label(status: str) -> str:
    """How far one message got: queued, sent or failed, in words."""
    return str(STATUS_LABELS.get(status, status))
