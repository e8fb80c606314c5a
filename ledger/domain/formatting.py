"""Language-neutral text helpers used in domain messages (English; the edges translate codes)."""
from __future__ import annotations

from ledger.domain.minutes import hours_and_minutes


def describe_minutes(minutes: int) -> str:
    """Minutes as "45 min", "2 h" or "-1 h 30 min" for error messages."""
    hours, rest = hours_and_minutes(abs(minutes))
    sign = "-" if minutes < 0 else ""
    if hours and rest:
        return f"{sign}{hours} h {rest} min"
    if hours:
        return f"{sign}{hours} h"
    return f"{sign}{rest} min"


def invoice_number(invoice: object) -> str:
    """An invoice's number as it is written everywhere (docs/einvoice.md): series and number, F1004; empty for a draft."""
    number = getattr(invoice, "number", None)
    return "" if number is None else f"{getattr(invoice, 'series', None) or ''}{number}"
