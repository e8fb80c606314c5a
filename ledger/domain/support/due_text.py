"""Due times as a customer reads them in a mail: Stockholm time with the weekday, "mån 21 dec 16:30"."""
from __future__ import annotations

from datetime import datetime

from ledger.domain.periods import BUSINESS_TIMEZONE

WEEKDAYS = {
    "sv": ("mån", "tis", "ons", "tors", "fre", "lör", "sön"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
MONTHS = {
    "sv": ("jan", "feb", "mars", "apr", "maj", "juni", "juli", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def weekday_time(moment: datetime, language: str) -> str:
    """A moment in Stockholm time with its weekday: "mån 21 dec 16:30" / "Mon 21 Dec 16:30" (due times are at
    most weeks ahead, so the year is left out)."""
    local = moment.astimezone(BUSINESS_TIMEZONE)
    names = language if language in WEEKDAYS else "sv"
    return (f"{WEEKDAYS[names][local.weekday()]} {local.day} {MONTHS[names][local.month - 1]} "
            f"{local.hour:02d}:{local.minute:02d}")
