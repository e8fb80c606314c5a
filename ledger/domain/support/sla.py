"""A case's SLA clocks, recomputed from its events (docs/support.md): pure, replayable, in business time.

- First response is due `first_response` business time after opening; the first staff reply meets it
  (so does resolving a case nobody answered: the resolution is the answer). Its clock never pauses.
- Resolution is due `resolution` business time after opening, the clock paused while the case waits on
  the customer and while it stays resolved (until reopened); resolving meets it.
- A severity change applies the new severity's targets to the time used since opening (paused time excluded),
  as Zendesk and Jira Service Management do: raising it may breach at once, lowering it gives more time, and
  changing it back and forth never restarts a clock.
- A met target is settled: it keeps the target, due time and verdict it had when met, whatever happens to the
  case's severity later and however often it is read.
- While a case is paused its resolution due time is shown as if the clock restarted now.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import NamedTuple

from ledger.domain.support.business_calendar import BusinessCalendar, epoch_seconds, merge_spans, utc_moment
from ledger.domain.support.plans import Target

#: A target is at risk once this share of it is used.
WARNING_PERCENT = 80
_LEAVING_PAUSE = frozenset({"open", "resolved", "closed"})


class ClockEvent(NamedTuple):
    """What the clocks need of a case event: its kind, when, and the severity or status it set."""

    kind: str
    at: datetime | int
    severity: int | None = None
    status: str | None = None


class TargetState(NamedTuple):
    """One target's clock; `business_minutes_left` is negative once overdue. Moments are kept as epoch seconds
    (cheap to compare and sort) and read as aware UTC datetimes. A named tuple, not a frozen dataclass: a list
    of 10,000 cases builds 20,000 of them, and a frozen dataclass's __init__ cost a tenth of the list."""

    target_business_minutes: int | None
    due_epoch: int | None
    met_epoch: int | None
    business_minutes_used: int
    business_minutes_left: int | None
    paused: bool
    breached: bool

    @property
    def due_at(self) -> datetime | None:
        return None if self.due_epoch is None else utc_moment(self.due_epoch)

    @property
    def met_at(self) -> datetime | None:
        return None if self.met_epoch is None else utc_moment(self.met_epoch)

    @property
    def at_risk(self) -> bool:
        """Past WARNING_PERCENT of the target, still unmet and not yet breached."""
        target = self.target_business_minutes
        return (target is not None and self.met_epoch is None and not self.breached
                and self.business_minutes_used * 100 >= WARNING_PERCENT * target)

    @property
    def used_percent(self) -> int | None:
        """How much of the target is used, in whole percent (may pass 100); None for best effort."""
        target = self.target_business_minutes
        return None if not target else self.business_minutes_used * 100 // target


class SlaState(NamedTuple):
    """Both clocks of a case (a named tuple for the same reason as TargetState)."""

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
    def next_due_epoch(self) -> int | None:
        """The earliest due time (epoch seconds) of a target not met yet, overdue ones included: the sort key."""
        first, resolution = self.first_response, self.resolution
        first_due = first.due_epoch if first.met_epoch is None else None
        resolution_due = resolution.due_epoch if resolution.met_epoch is None else None
        if first_due is None or resolution_due is None:
            return resolution_due if first_due is None else first_due
        return min(first_due, resolution_due)

    @property
    def next_due_at(self) -> datetime | None:
        """next_due_epoch as a datetime."""
        due = self.next_due_epoch
        return None if due is None else utc_moment(due)

    def urgent_target(self) -> tuple[str, TargetState] | None:
        """The target not met yet whose due time comes (or came) first, with its name."""
        pending = [(name, state) for name, state in self.targets() if state.met_epoch is None and state.due_epoch]
        return min(pending, key=lambda item: item[1].due_epoch) if pending else None  # type: ignore[arg-type,return-value]


#: A plan's targets: severity -> {"first_response": Target, "resolution": Target}.
Targets = Mapping[int, Mapping[str, Target]]


def target_clock(calendar: BusinessCalendar, target: Target, start: int, met: int | None, now: int,
                 spans: list[tuple[int, int]], paused: bool) -> TargetState:
    """One target's clock from `start`, met at `met` or still running at `now`, stopped in `spans`."""
    minutes = target.business_minutes
    used_seconds, due = calendar.clock(start, met if met is not None else now, minutes and minutes * 60, spans)
    used = used_seconds // 60
    if minutes is None or due is None:
        return TargetState(None, None, met, used, None, paused and met is None, False)
    breached = met > due if met is not None else now > due
    return TargetState(minutes, due, met, used, minutes - used, paused and met is None, breached)


def _seconds(at: datetime | int) -> int:
    """An event time as epoch seconds; reads may hand them over as such already."""
    return at if isinstance(at, int) else epoch_seconds(at)


class ClockFacts(NamedTuple):
    """What a case's events say for its clocks, before any plan, calendar or `now` is applied: a fold of the
    events, so it holds for as long as the case has no new event. Both clocks run from `opened`; a met target
    is measured by the severity in force when it was met, an unmet one by the severity in force now."""

    severity: int
    opened: int
    first_met: int | None
    first_met_severity: int
    resolved: int | None
    resolved_severity: int
    pauses: tuple[tuple[int, int], ...]  # the pauses that ended, in event order
    paused_since: int | None  # waiting on the customer, or resolved, since then


def fold_events(events: Sequence[ClockEvent]) -> ClockFacts:
    """Replay a case's events (the first is `opened`; anything with kind, at (a datetime or epoch seconds),
    severity and status will do) into the facts its clocks are measured from."""
    opened = events[0]
    severity = first_met_severity = resolved_severity = opened.severity or 0
    opened_at = _seconds(opened.at)
    first_met: int | None = None
    resolved: int | None = None
    pauses: list[tuple[int, int]] = []
    paused_since: int | None = None
    for event in events[1:]:
        kind, status = event.kind, event.status
        at = _seconds(event.at)
        if kind == "responded":
            if first_met is None:
                first_met, first_met_severity = at, severity
        elif kind == "severity" and event.severity:
            severity = event.severity
        elif status is not None:
            if paused_since is not None and status in _LEAVING_PAUSE and (resolved is None or status == "open"):
                pauses.append((paused_since, at))
                paused_since = None
            if status == "waiting_on_customer":
                paused_since = at
            elif status == "resolved" and resolved is None:  # resolved again without a reopen: already met
                resolved = paused_since = at
                resolved_severity = severity
                if first_met is None:
                    first_met, first_met_severity = at, severity
            elif status == "open":
                resolved = None
    return ClockFacts(severity, opened_at, first_met, first_met_severity, resolved, resolved_severity,
                      tuple(pauses), paused_since)


def spans_before(spans: list[tuple[int, int]], moment: int) -> list[tuple[int, int]]:
    """The pauses as they stood at `moment`: a met target's due time is the one it had when it was met."""
    return [(start, min(end, moment)) for start, end in spans if start < moment]


def state_of(facts: ClockFacts, targets: Targets, calendar: BusinessCalendar, now: datetime | int) -> SlaState:
    """Both clocks as of `now` (a datetime or epoch seconds) from the facts, by the plan's `targets` per severity."""
    current = now if isinstance(now, int) else epoch_seconds(now)
    first_severity = facts.severity if facts.first_met is None else facts.first_met_severity
    first = target_clock(calendar, targets[first_severity]["first_response"], facts.opened, facts.first_met, current,
                         [], False)
    resolved = facts.resolved
    if resolved is not None:
        spans = spans_before(merge_spans(facts.pauses, facts.opened), resolved)
        resolution = target_clock(calendar, targets[facts.resolved_severity]["resolution"], facts.opened, resolved,
                                  current, spans, False)
        return SlaState(first, resolution)
    paused_since = facts.paused_since
    pauses = list(facts.pauses)
    if paused_since is not None:
        pauses.append((paused_since, max(paused_since, current)))
    spans = merge_spans(pauses, facts.opened) if pauses else pauses
    resolution = target_clock(calendar, targets[facts.severity]["resolution"], facts.opened, None, current, spans,
                              paused_since is not None)
    return SlaState(first, resolution)


def sla_state(events: Sequence[ClockEvent], targets: Targets, calendar: BusinessCalendar, now: datetime) -> SlaState:
    """Replay a case's events into both clocks as of `now`, by the plan's `targets` per severity."""
    return state_of(fold_events(events), targets, calendar, now)
