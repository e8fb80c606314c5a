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
