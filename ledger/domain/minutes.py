"""Time in whole minutes: rounding to a customer's billing increment and bounds."""
from __future__ import annotations

#: A single task can take at most one day.
MAX_TASK_MINUTES = 1440
#: The largest hour package or adjustment accepted in one entry (10 000 hours).
MAX_ENTRY_MINUTES = 600_000
#: Bounds for a customer's agreement terms.
MAX_BILLING_INCREMENT_MINUTES = 240
MAX_LIMIT_MINUTES = 10_000_000


def round_up_minutes(minutes: int, increment: int) -> int:
    """Round `minutes` up to the next multiple of `increment` (increment 1 keeps exact time)."""
    if increment < 1:
        raise ValueError("billing increment must be at least 1 minute")
    if minutes < 0:
        raise ValueError("minutes must not be negative")
    return -(-minutes // increment) * increment


def hours_and_minutes(minutes: int) -> tuple[int, int]:
    """Split a (possibly negative) number of minutes into signed whole hours and minutes."""
    sign = -1 if minutes < 0 else 1
    hours, rest = divmod(abs(minutes), 60)
    return sign * hours, sign * rest
