"""A case's SLA clocks, recomputed from its events (DESIGN.md §9): pure, replayable, in business time.

- First response is due `first_response` business time after opening; the first staff reply meets it
  (so does resolving a case nobody answered: the resolution is the answer). Its clock never pauses.
- Resolution is due `resolution` business time after opening, the clock paused while the case waits on
  the customer and while it stays resolved (until reopened); resolving meets it.
- A severity change re-targets each unmet clock from that moment with the new severity's target;
  pauses are kept (a case waiting on the customer stays paused).
- While a case is paused its resolution due time is shown as if the clock restarted now.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from ledger.domain.business_calendar import BusinessCalendar, epoch_seconds, merge_spans, utc_moment
from ledger.domain.plans import TARGET_KINDS, Target

#: A target is at risk once this share of it is used.
WARNING_PERCENT = 80


class ClockEvent(NamedTuple):
    """What the clocks need of a case event: its kind, when, and the severity or status it set."""

    kind: str
    at: datetime
    severity: int | None = None
    status: str | None = None


@dataclass(frozen=True)
class TargetState:
    """One target's clock; `business_minutes_left` is negative once overdue."""

    target_business_minutes: int | None
    due_at: datetime | None
    met_at: datetime | None
    business_minutes_used: int
    business_minutes_left: int | None
    paused: bool
    breached: bool

    @property
    def at_risk(self) -> bool:
        """Past WARNING_PERCENT of the target, still unmet and not yet breached."""
        target = self.target_business_minutes
        return (target is not None and self.met_at is None and not self.breached
                and self.business_minutes_used * 100 >= WARNING_PERCENT * target)

    @property
    def used_percent(self) -> int | None:
        """How much of the target is used, in whole percent (may pass 100); None for best effort."""
        target = self.target_business_minutes
        return None if not target else self.business_minutes_used * 100 // target


@dataclass(frozen=True)
class SlaState:
    """Both clocks of a case."""

    first_response: TargetState
    resolution: TargetState

    def targets(self) -> tuple[tuple[str, TargetState], ...]:
        return (("first_response", self.first_response), ("resolution", self.resolution))

    @property
    def breached(self) -> bool:
        return self.first_response.breached or self.resolution.breached

    @property
    def at_risk(self) -> bool:
        return self.first_response.at_risk or self.resolution.at_risk

    @property
    def next_due_at(self) -> datetime | None:
        """The earliest due time of a target not met yet (overdue ones included): what to sort lists by."""
        dues = [state.due_at for _, state in self.targets() if state.met_at is None and state.due_at is not None]
        return min(dues) if dues else None


TargetsOf = Callable[[int], dict[str, Target]]


def _clock(calendar: BusinessCalendar, target: Target, start: int, met: int | None, now: int,
           spans: list[tuple[int, int]], paused: bool) -> TargetState:
    end = met if met is not None else now
    used = calendar.business_seconds_between(start, end, spans) // 60
    met_at = utc_moment(met) if met is not None else None
    minutes = target.business_minutes
    if minutes is None:
        return TargetState(None, None, met_at, used, None, paused and met is None, False)
    due = calendar.add_business_seconds(start, minutes * 60, spans)
    breached = met > due if met is not None else now > due
    return TargetState(minutes, utc_moment(due), met_at, used, minutes - used, paused and met is None, breached)


def sla_state(events: Sequence[ClockEvent], targets_of: TargetsOf, calendar: BusinessCalendar,
              now: datetime) -> SlaState:
    """Replay a case's events (the first is `opened`) into both clocks as of `now`."""
    opened = events[0]
    severity = opened.severity or 0
    opened_at = epoch_seconds(opened.at)
    starts = {"first_response": opened_at, "resolution": opened_at}
    met: dict[str, int | None] = {"first_response": None, "resolution": None}
    pauses: list[tuple[int, int]] = []
    paused_since: int | None = None  # waiting on the customer, or resolved, since then
    for event in events[1:]:
        at = epoch_seconds(event.at)
        if event.kind == "responded":
            met["first_response"] = met["first_response"] or at
        elif event.kind == "severity" and event.severity:
            severity = event.severity
            for kind in TARGET_KINDS:
                if met[kind] is None:
                    starts[kind] = at
        elif event.status is not None:
            if paused_since is not None and event.status in ("open", "resolved", "closed") and (
                    met["resolution"] is None or event.status == "open"):
                pauses.append((paused_since, at))
                paused_since = None
            if event.status == "waiting_on_customer":
                paused_since = at
            elif event.status == "resolved":
                met["resolution"] = at
                met["first_response"] = met["first_response"] or at
                paused_since = at
            elif event.status == "open":
                met["resolution"] = None
    current = epoch_seconds(now)
    waiting = paused_since is not None and met["resolution"] is None
    if paused_since is not None:
        pauses.append((paused_since, max(paused_since, current)))
    targets = targets_of(severity)
    first = _clock(calendar, targets["first_response"], starts["first_response"], met["first_response"],
                   current, [], False)
    spans = merge_spans(pauses, starts["resolution"])
    resolution = _clock(calendar, targets["resolution"], starts["resolution"], met["resolution"], current,
                        spans, waiting)
    return SlaState(first, resolution)
