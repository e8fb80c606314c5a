"""Months and days in the business's time zone (Europe/Stockholm), as UTC bounds for the ledger."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from ledger.domain.errors import InvalidInput
from ledger.domain.problems import N_, define_messages

BUSINESS_TIMEZONE = ZoneInfo("Europe/Stockholm")
MESSAGES = define_messages({
    "not_a_month": N_("%(value)s is not a month; write it as YYYY-MM, for example 2026-11."),
})
_PERIOD = re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])$")


def day_start_utc(day: date) -> datetime:
    """Midnight at the start of `day` in Stockholm, as a UTC moment."""
    return datetime.combine(day, time.min, tzinfo=BUSINESS_TIMEZONE).astimezone(timezone.utc)


def days_utc(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    """UTC bounds [start, end) of the Stockholm days from `first` to `last` inclusive; None where unbounded.

    The calendar's ends (0001-01-01, 9999-12-31) have no UTC moment on the far side of Stockholm's offset, so a
    bound there means "from the beginning" or "to the end", which is what a client asking for them means too.
    """
    start = end = None
    if first is not None and first > date.min:
        start = day_start_utc(first)
    if last is not None and last < date.max:
        end = day_start_utc(last + timedelta(days=1))
    return start, end


def local_date(moment: datetime) -> date:
    """The Stockholm calendar date of a moment."""
    return moment.astimezone(BUSINESS_TIMEZONE).date()


@dataclass(frozen=True, order=True)
class Period:
    """A calendar month, YYYY-MM."""

    year: int
    month: int

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return self.next().first_day - timedelta(days=1)

    def next(self) -> "Period":
        return Period(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> "Period":
        return Period(self.year - 1, 12) if self.month == 1 else Period(self.year, self.month - 1)

    @property
    def start_utc(self) -> datetime:
        return day_start_utc(self.first_day)

    @property
    def end_utc(self) -> datetime:
        """The first moment after the period (exclusive bound)."""
        return day_start_utc(self.next().first_day)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def parse_period(text: object, field: str = "period") -> Period:
    """Parse "2026-11"; raise InvalidInput naming `field` otherwise."""
    match = _PERIOD.fullmatch(text) if isinstance(text, str) else None
    if match is None or not 2000 <= int(match[1]) <= 2999:
        raise InvalidInput.single(field, "not_a_month", value=repr(text)[:50])
    return Period(int(match[1]), int(match[2]))


def period_of(day: date) -> Period:
    """The month a date belongs to."""
    return Period(day.year, day.month)
