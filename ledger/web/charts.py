"""A balance history as an SVG step chart: scaled points, axis ticks and the zero line (no Flask, no SQL)."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

WIDTH, HEIGHT = 640, 260
#: Room for hour labels on the left and date labels below; the last date label is centred on the right edge.
LEFT, RIGHT, TOP, BOTTOM = 84, 40, 14, 34
MAX_MONTH_TICKS = 6
MAX_DAY_TICKS = 5
#: A phone draws the chart about 330 px wide, close to one user unit per pixel: fewer, larger labels.
PHONE_WIDTH, PHONE_HEIGHT, PHONE_DATE_TICKS = 340, 240, 3
#: Below this span the x axis is labelled with days rather than months.
MONTH_AXIS_DAYS = 56


@dataclass(frozen=True)
class Point:
    """A balance on a day, and where it is drawn."""

    x: float
    y: float
    day: date
    minutes: int


@dataclass(frozen=True)
class DateTick:
    """A label under the x axis: 2026-10 for a month, 2026-10-06 for a day."""

    x: float
    label: str


@dataclass(frozen=True)
class HourTick:
    """A gridline with its balance in minutes (the template formats it as hours)."""

    y: float
    minutes: int


@dataclass(frozen=True)
class Chart:
    """Everything the SVG template draws; `points` are the first day, each change and the last day."""

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    zero_y: float
    points: tuple[Point, ...]
    path: str
    date_ticks: tuple[DateTick, ...]
    hour_ticks: tuple[HourTick, ...]

    @property
    def empty(self) -> bool:
        """True when there is nothing to draw."""
        return not self.points

    @property
    def first(self) -> Point | None:
        """The first day's point."""
        return self.points[0] if self.points else None

    @property
    def last(self) -> Point | None:
        """Today's point, marked with a dot."""
        return self.points[-1] if self.points else None

    @property
    def lowest_minutes(self) -> int:
        """The lowest balance drawn."""
        return min((point.minutes for point in self.points), default=0)

    @property
    def highest_minutes(self) -> int:
        """The highest balance drawn."""
        return max((point.minutes for point in self.points), default=0)


def balance_changes(history: Sequence[tuple[date, int]]) -> list[tuple[date, int]]:
    """The same step function with fewer rows: the first day, every day the balance changed, and the last day."""
    rows: list[tuple[date, int]] = []
    for index, (day, minutes) in enumerate(history):
        if not rows or minutes != rows[-1][1] or index == len(history) - 1:
            rows.append((day, minutes))
    return rows


def _steps() -> Iterator[int]:
    """Gridline spacings in minutes: 15 and 30 min, then 1, 2, 5, 10, 20, 50 … hours."""
    yield 15
    yield 30
    hours = 1
    while True:
        for factor in (1, 2, 5):
            yield factor * hours * 60
        hours *= 10


def _hour_step(span_minutes: int, intervals: int = 4) -> int:
    return next(step for step in _steps() if step * intervals >= span_minutes)


def _month_starts(first: date, last: date, max_ticks: int = MAX_MONTH_TICKS) -> list[date]:
    month = date(first.year, first.month, 1)
    if month < first:
        month = (month + timedelta(days=32)).replace(day=1)
    months = []
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    every = -(-len(months) // max_ticks) if months else 1
    return months[::every]


def _tick_days(first: date, last: date, max_ticks: int = MAX_DAY_TICKS) -> list[date]:
    span = (last - first).days
    intervals = min(span, max_ticks - 1)
    if intervals == 0:
        return [first]
    return [first + timedelta(days=round(span * i / intervals)) for i in range(intervals + 1)]


def balance_chart(history: Sequence[tuple[date, int]], *, width: int = WIDTH, height: int = HEIGHT,
                  max_date_ticks: int | None = None) -> Chart:
    """Scale [(day, balance in minutes)] (days ascending) into a step chart whose y range always holds zero."""
    left, right, top, bottom = LEFT, width - RIGHT, TOP, height - BOTTOM
    rows = balance_changes(history)
    values = [minutes for _, minutes in rows]
    low, high = min([0, *values]), max([0, *values])
    if low == high:
        high = 60  # a flat zero line still gets an axis of one hour
    step = _hour_step(high - low)
    axis_low, axis_high = (low // step) * step, -(-high // step) * step

    def y_of(minutes: int) -> float:
        return round(top + (axis_high - minutes) / (axis_high - axis_low) * (bottom - top), 1)

    if not rows:
        return Chart(width, height, left, right, top, bottom, y_of(0), (), "", (),
                     tuple(HourTick(y_of(m), m) for m in range(axis_low, axis_high + 1, step)))
    first, last = history[0][0], history[-1][0]
    span = (last - first).days

    def x_of(day: date) -> float:
        if span == 0:
            return round((left + right) / 2, 1)
        return round(left + (day - first).days / span * (right - left), 1)

    points = tuple(Point(x_of(day), y_of(minutes), day, minutes) for day, minutes in rows)
    # Balances are end-of-day values: hold each level until the day of the next change, then step.
    path = f"M{points[0].x},{points[0].y}" + "".join(f" H{p.x} V{p.y}" for p in points[1:])
    if span >= MONTH_AXIS_DAYS:
        months = _month_starts(first, last, max_date_ticks or MAX_MONTH_TICKS)
        date_ticks = tuple(DateTick(x_of(day), f"{day.year:04d}-{day.month:02d}") for day in months)
    else:
        days = _tick_days(first, last, max_date_ticks or MAX_DAY_TICKS)
        date_ticks = tuple(DateTick(x_of(day), day.isoformat()) for day in days)
    hour_ticks = tuple(HourTick(y_of(m), m) for m in range(axis_low, axis_high + 1, step))
    return Chart(width, height, left, right, top, bottom, y_of(0), points, path, date_ticks, hour_ticks)


def phone_balance_chart(history: Sequence[tuple[date, int]]) -> Chart:
    """The same chart drawn for a phone's width, with at most three date labels so they stay legible."""
    return balance_chart(history, width=PHONE_WIDTH, height=PHONE_HEIGHT, max_date_ticks=PHONE_DATE_TICKS)
