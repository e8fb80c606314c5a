"""Business hours: opening days and hours in a time zone, less a country's holidays (docs/support.md).

The calendar keeps, per range of years, a table of business days: each day's opening and closing as
UTC epoch seconds and the business seconds before it. A moment's position on the business clock is
then one bisection, so adding and measuring business time never loops over minutes or days, and the
SLA state of thousands of cases is read in milliseconds. Summer time is handled by converting each
day's local opening and closing separately.
"""
from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: Seconds in the longest year: sizes the table a long addition needs.
_SECONDS_PER_YEAR = 366 * 24 * 3600

Pause = tuple[datetime, datetime]


@dataclass(frozen=True)
class CalendarSpec:
    """What defines business hours: the days, the hours, the time zone and which holidays close."""

    time_zone: str
    weekdays: tuple[int, ...]
    opens: time
    closes: time
    holiday_country: str
    holiday_categories: tuple[str, ...]

    @property
    def business_day_minutes(self) -> int:
        """One business day: the minutes from opening to closing (8 h for 09:00-17:00)."""
        return (self.closes.hour * 60 + self.closes.minute) - (self.opens.hour * 60 + self.opens.minute)


@dataclass(frozen=True)
class _Table:
    """Business days of years first..last: opening, closing and business seconds before each day."""

    first_year: int
    last_year: int
    low: int  # epoch seconds of the first year's start and the last year's end (UTC)
    high: int
    opens: tuple[int, ...]
    closes: tuple[int, ...]
    before: tuple[int, ...]
    ends: tuple[int, ...]  # business seconds up to each day's closing


def epoch_seconds(moment: datetime) -> int:
    """An aware moment as whole epoch seconds (the clock's unit)."""
    if moment.tzinfo is None:
        raise ValueError("business time needs aware datetimes")
    return int(moment.timestamp())


def utc_moment(seconds: int) -> datetime:
    """Epoch seconds as an aware UTC datetime."""
    return datetime.fromtimestamp(seconds, timezone.utc)


def merge_spans(spans: Iterable[tuple[int, int]], after: int) -> list[tuple[int, int]]:
    """Pause intervals (epoch seconds) sorted, merged and clipped to begin no earlier than `after`."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted((max(start, after), end) for start, end in spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _spans(pauses: Iterable[Pause], after: int) -> list[tuple[int, int]]:
    return merge_spans(((epoch_seconds(start), epoch_seconds(end)) for start, end in pauses), after)


class BusinessCalendar:
    """Opening hours less holidays. The datetime methods answer whole minutes and aware datetimes; the
    `*_seconds` methods are the same clock on epoch seconds with pre-merged pauses, for hot loops."""

    def __init__(self, spec: CalendarSpec) -> None:
        self.spec = spec
        self.zone = ZoneInfo(spec.time_zone)
        self._table: _Table | None = None
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ tables

    def closed_days(self, year: int) -> dict[date, str]:
        """The holidays that close business in `year`, with their names."""
        found = holidays.country_holidays(self.spec.holiday_country, years=year,
                                          categories=self.spec.holiday_categories)
        return dict(found.items())

    def _build(self, first_year: int, last_year: int) -> _Table:
        opens, closes, before, ends = [], [], [], []
        total = 0
        for year in range(first_year, last_year + 1):
            closed = self.closed_days(year)
            day = date(year, 1, 1)
            while day.year == year:
                if day.weekday() in self.spec.weekdays and day not in closed:
                    start = epoch_seconds(datetime.combine(day, self.spec.opens, tzinfo=self.zone))
                    end = epoch_seconds(datetime.combine(day, self.spec.closes, tzinfo=self.zone))
                    opens.append(start)
                    closes.append(end)
                    before.append(total)
                    total += end - start
                    ends.append(total)
                day += timedelta(days=1)
        low = epoch_seconds(datetime(first_year, 1, 1, tzinfo=timezone.utc))
        high = epoch_seconds(datetime(last_year + 1, 1, 1, tzinfo=timezone.utc))
        return _Table(first_year, last_year, low, high, tuple(opens), tuple(closes), tuple(before), tuple(ends))

    def _covering(self, low: int, high: int) -> _Table:
        """A table covering epoch seconds low..high, built (with a year's margin each side) or widened."""
        table = self._table
        if table is not None and table.low <= low and high < table.high:
            return table
        with self._lock:
            first, last = utc_moment(low).year - 1, utc_moment(high).year + 1
            table = self._table
            if table is not None:
                first, last = min(first, table.first_year), max(last, table.last_year)
            if table is None or first < table.first_year or last > table.last_year:
                table = self._build(first, last)
                self._table = table
            return table

    def _wider(self, table: _Table) -> _Table:
        return self._covering(table.low, table.high + 5 * _SECONDS_PER_YEAR)

    # ------------------------------------------------------------------ the clock on epoch seconds

    @staticmethod
    def _position(table: _Table, seconds: int) -> int:
        """Business seconds from the table's start up to `seconds`."""
        index = bisect_right(table.opens, seconds) - 1
        if index < 0:
            return 0
        return table.before[index] + min(seconds, table.closes[index]) - table.opens[index]

    @staticmethod
    def _earliest_at(table: _Table, position: int) -> int | None:
        """The earliest moment (inside opening hours) whose position is `position` > 0; None past the table."""
        index = bisect_left(table.ends, position)
        if index >= len(table.ends):
            return None
        return table.opens[index] + position - table.before[index]

    def _horizon(self, start: int, seconds: int, spans: list[tuple[int, int]]) -> int:
        """A moment the due time of `seconds` from `start` is very likely before (a table is widened if not)."""
        years_ahead = seconds // (self.spec.business_day_minutes * 60 * 200) + 2  # >= 200 business days a year
        return max(start + years_ahead * _SECONDS_PER_YEAR, spans[-1][1] if spans else start)

    def _used(self, table: _Table, base: int, start: int, end: int, spans: list[tuple[int, int]]) -> int:
        if end <= start:
            return 0
        used = self._position(table, end) - base
        for pause_start, pause_end in spans:
            if pause_start >= end:
                break
            if pause_end > start:
                used -= self._position(table, min(pause_end, end)) - self._position(table, max(pause_start, start))
        return used

    def business_seconds_between(self, start: int, end: int, spans: list[tuple[int, int]]) -> int:
        """Business seconds in [start, end) outside the merged pause `spans` (0 if end <= start)."""
        table = self._covering(start, max(start, end))
        return self._used(table, self._position(table, start), start, end, spans)

    def seconds_until(self, end: int) -> Callable[[int], int]:
        """`business_seconds_between(start, end, [])` as a function of `start`, for many starts and one `end`:
        the end's position is found once, so each start costs one bisection."""
        table = self._covering(end, end)
        end_position = self._position(table, end)
        position = self._position

        def since(start: int) -> int:
            if start >= end:
                return 0
            if start < table.low:
                return self.business_seconds_between(start, end, [])
            return end_position - position(table, start)

        return since

    def add_business_seconds(self, start: int, seconds: int, spans: list[tuple[int, int]]) -> int:
        """The earliest moment `seconds` (> 0) business seconds after `start`, the clock stopped in `spans`."""
        return self.clock(start, start, seconds, spans)[1]  # type: ignore[return-value]

    def clock(self, start: int, end: int, seconds: int | None, spans: list[tuple[int, int]]) -> tuple[int, int | None]:
        """An SLA clock in one pass: (business seconds used from `start` to `end`, the moment `seconds` business
        seconds after `start`, or None without a target), the clock stopped in `spans`."""
        table = self._covering(start, max(end, self._horizon(start, seconds or 0, spans)))
        base = self._position(table, start)
        used = self._used(table, base, start, end, spans)
        if not seconds:
            return used, None
        while (due := self._add(table, base, start, seconds, spans)) is None:
            table = self._wider(table)
            base = self._position(table, start)
        return used, due

    def _add(self, table: _Table, base: int, start: int, seconds: int, spans: list[tuple[int, int]]) -> int | None:
        """Each pause that begins before the due time pushes it on by the pause's business time."""
        target = base + seconds
        for pause_start, pause_end in spans:
            if pause_end <= start:
                continue
            due = self._earliest_at(table, target)
            if due is None or due <= pause_start:
                return due
            target += self._position(table, pause_end) - self._position(table, max(pause_start, start))
        return self._earliest_at(table, target)

    # ------------------------------------------------------------------ the clock on datetimes

    def is_open(self, moment: datetime) -> bool:
        """True when `moment` is within opening hours on a business day (opening included, closing not)."""
        seconds = epoch_seconds(moment)
        table = self._covering(seconds, seconds)
        index = bisect_right(table.opens, seconds) - 1
        return index >= 0 and seconds < table.closes[index]

    def next_opening(self, moment: datetime) -> datetime:
        """`moment` itself when business is open then, else the next opening."""
        seconds = epoch_seconds(moment)
        table = self._covering(seconds, seconds)
        while True:
            index = bisect_right(table.opens, seconds) - 1
            if index >= 0 and seconds < table.closes[index]:
                return moment
            if index + 1 < len(table.opens):
                return utc_moment(table.opens[index + 1])
            table = self._wider(table)

    def business_minutes_between(self, start: datetime, end: datetime, pauses: Iterable[Pause] = ()) -> int:
        """Whole business minutes from `start` to `end`, not counting paused intervals (0 if end <= start)."""
        a = epoch_seconds(start)
        return self.business_seconds_between(a, epoch_seconds(end), _spans(pauses, a)) // 60

    def add_business_time(self, start: datetime, minutes: int, pauses: Iterable[Pause] = ()) -> datetime:
        """The moment `minutes` business minutes after `start`, the clock stopped during `pauses`.

        The answer is the earliest such moment, so it is always within opening hours (a target that
        runs out at closing time is due at closing, not at the next opening).
        """
        if minutes < 0:
            raise ValueError("minutes must not be negative")
        if minutes == 0:
            return self.next_opening(start)
        a = epoch_seconds(start)
        return utc_moment(self.add_business_seconds(a, minutes * 60, _spans(pauses, a)))

    def subtract_business_time(self, end: datetime, minutes: int) -> datetime:
        """A moment from which `minutes` business minutes run until `end` (for back-dating demo cases)."""
        if minutes < 0:
            raise ValueError("minutes must not be negative")
        b = epoch_seconds(end)
        years_back = minutes // (self.spec.business_day_minutes * 200) + 2
        table = self._covering(b - years_back * _SECONDS_PER_YEAR, b)
        target = self._position(table, b) - minutes * 60
        index = bisect_right(table.before, target) - 1
        return utc_moment(table.opens[index] + target - table.before[index])


@lru_cache(maxsize=8)
def business_calendar(spec: CalendarSpec) -> BusinessCalendar:
    """One calendar (and its tables) per specification, shared by every app in the process."""
    return BusinessCalendar(spec)
