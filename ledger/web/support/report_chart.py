"""The SLA report's met % as an SVG bar chart: two bars per group (first response, resolution) on a 0-100 % axis
(no Flask, no SQL; the template draws it inline, styled by classes: the CSP allows no inline style)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

WIDTH = 640
#: Room for the group names on the left, the percent labels at the bars' ends, and the axis below.
LEFT, RIGHT, TOP, AXIS = 170, 56, 8, 28
BAR, GAP, GROUP_GAP = 14, 3, 14
MAX_LABEL = 24
TICKS = (0, 25, 50, 75, 100)


@dataclass(frozen=True)
class Bar:
    """One target's met % of a group; `width` 0 and `percent` None when nothing is decided yet."""

    target: str
    y: float
    width: float
    percent: Decimal | None


@dataclass(frozen=True)
class BarGroup:
    """A group's name (shortened to fit) and its two bars."""

    label: str
    full_label: str
    label_y: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class ReportChart:
    """Everything the template draws."""

    width: int
    height: int
    left: int
    right: int
    axis_y: float
    ticks: tuple[tuple[float, int], ...]
    groups: tuple[BarGroup, ...]

    @property
    def empty(self) -> bool:
        """True when no group has a decided target: there is nothing to draw."""
        return all(bar.percent is None for group in self.groups for bar in group.bars)


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[:MAX_LABEL - 1].rstrip() + "…"


def met_percent_chart(rows: Sequence[tuple[str, Decimal | None, Decimal | None]]) -> ReportChart:
    """Scale [(group name, first response met %, resolution met %)] into bars, one group below the other."""
    right = WIDTH - RIGHT
    span = right - LEFT
    groups = []
    y = float(TOP)
    for label, first, resolution in rows:
        bars = []
        for index, (target, percent) in enumerate((("first_response", first), ("resolution", resolution))):
            width = 0.0 if percent is None else round(float(percent) / 100 * span, 1)
            bars.append(Bar(target, y + index * (BAR + GAP), width, percent))
        groups.append(BarGroup(_short(label), label, round(y + BAR + GAP / 2 + 4, 1), tuple(bars)))
        y += 2 * BAR + GAP + GROUP_GAP
    axis_y = y - GROUP_GAP + 4
    ticks = tuple((round(LEFT + tick / 100 * span, 1), tick) for tick in TICKS)
    return ReportChart(WIDTH, int(axis_y + AXIS), LEFT, right, axis_y, ticks, tuple(groups))
