"""The words of the mail desk in the page's language: why a message is in the inbox, what became of it."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

INBOX_REASON_LABELS = {
    "unknown_sender": _l("The sender is no contact of any customer"),
    "several_customers": _l("The sender is a contact of several customers"),
    "not_a_contact_of_case": _l("It names a case of a customer the sender is no contact of"),
    "automatic": _l("Automatic mail (an auto-reply, a bounce, a list): never answered"),
    "rate_limited": _l("More new cases from this sender in an hour than allowed"),
    "too_large": _l("Larger than the mail size limit: its files were not kept"),
    "customer_closed": _l("The customer is closed"),
    "channel_not_in_plan": _l("The customer's plan gives no support by e-mail"),
}
INBOX_STATUS_LABELS = {
    "open": lazy_pgettext("inbox item", "Waiting"),
    "ignored": lazy_pgettext("inbox item", "Automatic"),
    "case_made": lazy_pgettext("inbox item", "Case made"),
    "discarded": lazy_pgettext("inbox item", "Discarded"),
}
INBOX_VIEW_LABELS = {"open": _l("Waiting"), "automatic": _l("Automatic"), "done": _l("Dealt with")}
SKIPPED_LABELS = {
    "file_too_large": _l("not kept: larger than 10 MB"),
    "message_too_large": _l("not kept: the message was larger than the mail size limit"),
}


def size_text(size_bytes: int) -> str:
    """A file's size in whole kB (at least 1)."""
    return f"{max(1, (size_bytes + 1023) // 1024)}\xa0kB"


def mail_helpers() -> dict[str, Any]:
    """What the mail desk's templates use to put codes into words."""
    return {
        "inbox_reason_label": lambda value: str(INBOX_REASON_LABELS.get(value, value)),
        "inbox_status_label": lambda value: str(INBOX_STATUS_LABELS.get(value, value)),
        "inbox_view_label": lambda value: str(INBOX_VIEW_LABELS.get(value, value)),
        "skipped_label": lambda value: str(SKIPPED_LABELS.get(value, value)),
        "size_text": size_text,
    }
