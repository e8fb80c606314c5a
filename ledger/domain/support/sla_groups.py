"""The SLA report across customers (docs/support.md): a month's cases grouped by plan, severity, assignee or customer,
with met and breached per target, the met percentage and the median first response in business minutes.

The met percentage counts the targets decided so far: met in time against breached (met late, or overdue). Targets
still running within their time and best-effort targets are in neither, so a month still open is not judged on
cases that may yet be met. It is rounded half up to one decimal; None when nothing is decided.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ledger.domain.support.sla import SlaState
from ledger.domain.support.sla_report import Tally, median_minutes

GROUPINGS = ("plan", "severity", "assignee", "customer")
_ONE_DECIMAL = Decimal("0.1")


def met_percent(tally: Tally) -> Decimal | None:
    """Met in time as a percentage of the targets decided (met + breached), one decimal; None when none is."""
    decided = tally.met + tally.breached
    if not decided:
        return None
    return (Decimal(tally.met * 100) / decided).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass
class GroupRow:
    """One group's cases: how each target went and the median first response (business minutes)."""

    key: Hashable
    cases: int = 0
    first_response: Tally = field(default_factory=Tally)
    resolution: Tally = field(default_factory=Tally)
    first_response_minutes: list[int] = field(default_factory=list, repr=False)

    @property
    def median_first_response_business_minutes(self) -> int | None:
        """The median business minutes to a first response met (in time or late), rounded down."""
        return median_minutes(self.first_response_minutes)

    def add(self, state: SlaState) -> None:
        """Count one case."""
        self.cases += 1
        self.first_response = self.first_response.add(state.first_response)
        self.resolution = self.resolution.add(state.resolution)
        if state.first_response.met_epoch is not None:
            self.first_response_minutes.append(state.first_response.business_minutes_used)


def group_rows(cases: Iterable[tuple[Hashable, SlaState]], keys: Sequence[Hashable] = ()) -> tuple[list[GroupRow],
                                                                                                    GroupRow]:
    """The rows of (group key, SLA state) pairs, one per key in `keys` (even with no cases) and then one per other
    key in the order first met, and the row of all of them together (key None)."""
    rows = {key: GroupRow(key) for key in keys}
    total = GroupRow(None)
    for key, state in cases:
        row = rows.get(key)
        if row is None:
            row = rows[key] = GroupRow(key)
        row.add(state)
        total.add(state)
    return list(rows.values()), total
