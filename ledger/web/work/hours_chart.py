"""Hours per group as an SVG bar chart: one bar per group, split into included, debited and waiting for review.

Pure arithmetic (no Flask, no SQL); the template `staff/_hours_chart.html` draws it inline, with no script or
style attribute (the pages' Content-Security-Policy allows neither), its colours from the stylesheet.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH, RIGHT, TOP, AXIS_HEIGHT = 190, 96, 8, 26  # room right of the bars for their totals
BAR_HEIGHT, BAR_GAP = 20, 8
#: More groups than this are drawn as the largest ones and one bar for the rest (the table lists them all).
MAX_BARS = 12
MAX_LABEL_LENGTH = 28
#: A phone draws the chart about 330 px wide, close to one unit per pixel: shorter labels, the same bars.
PHONE_WIDTH, PHONE_LABEL_WIDTH, PHONE_RIGHT, PHONE_LABEL_LENGTH = 340, 104, 62, 14
KINDS = ("included", "debited", "review")


@dataclass(frozen=True)
class Segment:
    """One part of a bar: its kind (included, debited, review), where it starts and how wide it is."""

    kind: str
    x: float
    width: float
    minutes: int


@dataclass(frozen=True)
class Bar:
    """A group's bar: its label, its row and its parts."""

    label: str
    y: float
    label_y: float
    segments: tuple[Segment, ...]
    minutes: int
    end_x: float


@dataclass(frozen=True)
class HoursChart:
    """Everything the template draws."""

    width: int
    height: int
    left: float
    right: float
    axis_y: float
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, int], ...]
    bar_height: int = BAR_HEIGHT

    @property
    def empty(self) -> bool:
        """True when no minutes were logged."""
        return not self.bars


def tick_step(most_minutes: int, intervals: int = 4) -> int:
    """Gridline spacing in minutes: 15 and 30 minutes, then 1, 2, 5, 10, 20, 50 … hours."""
    for step in (15, 30):
        if step * intervals >= most_minutes:
            return step
    hours = 1
    while True:
        for factor in (1, 2, 5):
            if factor * hours * 60 * intervals >= most_minutes:
                return factor * hours * 60
        hours *= 10


def _short(label: str, length: int) -> str:
    return label if len(label) <= length else label[:length - 1] + "…"


def hours_chart(groups: Sequence[tuple[str, int, int, int]], rest_label: str, *, width: int = WIDTH,
                label_width: int = LABEL_WIDTH, right_margin: int = RIGHT,
                label_length: int = MAX_LABEL_LENGTH) -> HoursChart:
    """Scale [(label, included, debited, review minutes)] into bars; past MAX_BARS the smallest share one bar."""
    groups = [group for group in groups if sum(group[1:]) > 0]
    if len(groups) > MAX_BARS:
        largest = sorted(groups, key=lambda group: -sum(group[1:]))
        kept, rest = largest[:MAX_BARS - 1], largest[MAX_BARS - 1:]
        groups = [group for group in groups if group in kept]
        groups.append((rest_label, *(sum(group[index] for group in rest) for index in (1, 2, 3))))
    left, right = label_width, width - right_margin
    most = max((sum(group[1:]) for group in groups), default=0)
    step = tick_step(most or 60)
    axis_end = max(step, -(-most // step) * step)
    scale = (right - left) / axis_end
    bars = []
    for index, (label, *minutes) in enumerate(groups):
        y = TOP + index * (BAR_HEIGHT + BAR_GAP)
        x, segments = float(left), []
        for kind, value in zip(KINDS, minutes, strict=True):
            if value:
                length = round(value * scale, 1)
                segments.append(Segment(kind, round(x, 1), length, value))
                x += length
        bars.append(Bar(_short(label, label_length), y, y + BAR_HEIGHT * 0.7, tuple(segments), sum(minutes), round(x, 1)))
    axis_y = TOP + len(bars) * (BAR_HEIGHT + BAR_GAP)
    ticks = tuple((round(left + value * scale, 1), value) for value in range(0, axis_end + 1, step))
    return HoursChart(width, int(axis_y + AXIS_HEIGHT), left, right, axis_y, tuple(bars), ticks)


def phone_hours_chart(groups: Sequence[tuple[str, int, int, int]], rest_label: str) -> HoursChart:
    """The same chart drawn for a phone's width, its labels short enough to stay legible."""
    return hours_chart(groups, rest_label, width=PHONE_WIDTH, label_width=PHONE_LABEL_WIDTH,
                       right_margin=PHONE_RIGHT, label_length=PHONE_LABEL_LENGTH)
