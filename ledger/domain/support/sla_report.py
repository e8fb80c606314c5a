"""A month's SLA report: cases met and breached per target and severity, and the median first response."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ledger.domain.support.plans import SEVERITIES, TARGET_KINDS
from ledger.domain.support.sla import SlaState, TargetState


@dataclass(frozen=True)
class Tally:
    """How a target went over a set of cases: met in time, breached, still running, or best effort."""

    met: int = 0
    breached: int = 0
    pending: int = 0
    best_effort: int = 0

    def add(self, state: TargetState) -> "Tally":
        if state.target_business_minutes is None:
            return Tally(self.met, self.breached, self.pending, self.best_effort + 1)
        if state.breached:
            return Tally(self.met, self.breached + 1, self.pending, self.best_effort)
        if state.met_at is not None:
            return Tally(self.met + 1, self.breached, self.pending, self.best_effort)
        return Tally(self.met, self.breached, self.pending + 1, self.best_effort)


@dataclass(frozen=True)
class SeverityRow:
    """One severity's cases and how each target went."""

    severity: int
    cases: int
    first_response: Tally
    resolution: Tally


@dataclass(frozen=True)
class SlaSummary:
    """Totals per target, a row per severity, and the median first response in business minutes."""

    cases: int
    first_response: Tally
    resolution: Tally
    severities: list[SeverityRow]
    median_first_response_business_minutes: int | None


def median_minutes(values: Sequence[int]) -> int | None:
    """The median, rounded down to a whole minute; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) // 2


def summarize(cases: Sequence[tuple[int, SlaState]]) -> SlaSummary:
    """Summarize (severity, SLA state) pairs; every severity gets a row, with zeros where it had no cases."""
    totals = {kind: Tally() for kind in TARGET_KINDS}
    rows = {severity: {kind: Tally() for kind in TARGET_KINDS} for severity in SEVERITIES}
    counts = dict.fromkeys(SEVERITIES, 0)
    first_responses = []
    for severity, state in cases:
        counts[severity] += 1
        for kind, target in state.targets():
            totals[kind] = totals[kind].add(target)
            rows[severity][kind] = rows[severity][kind].add(target)
        if state.first_response.met_at is not None:
            first_responses.append(state.first_response.business_minutes_used)
    return SlaSummary(
        cases=len(cases), first_response=totals["first_response"], resolution=totals["resolution"],
        severities=[SeverityRow(severity, counts[severity], rows[severity]["first_response"],
                                rows[severity]["resolution"]) for severity in SEVERITIES],
        median_first_response_business_minutes=median_minutes(first_responses),
    )
