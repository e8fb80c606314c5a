"""SLA clocks made ready ahead of `now`, so that reading thousands of them costs one step each (docs/support.md).

A case's clocks are a function of its events, its plan's targets, the calendar and `now`. Most of that work
does not depend on `now`: a met target is settled for good (its due time is the one it had when met), and a
running clock that nothing stops any more
(no pause still open) only adds the business time from its last stop to `now`. `prepare` does that work once;
`state_at` finishes it for any `now` and gives exactly what `sla_state` gives (a property test holds them
equal). A pause still open holds the clock's use where it was and moves only its due time, one addition.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from ledger.domain.support.business_calendar import BusinessCalendar, merge_spans
from ledger.domain.support.plans import Target
from ledger.domain.support.sla import (
    ClockFacts,
    SlaState,
    Targets,
    TargetState,
    spans_before,
    state_of,
    target_clock,
)


class RunningClock(NamedTuple):
    """An unmet target's clock from `since` on, when nothing stops it any more."""

    target_business_minutes: int | None
    due_epoch: int | None
    since: int
    used_seconds: int  # business seconds used up to `since`


class HeldClock(NamedTuple):
    """An unmet target whose clock a pause still open holds: its use stands still and, if the pause began before
    the due time, the due time is as if the clock restarted `now` with what was left."""

    target_business_minutes: int | None
    left_seconds: int  # business seconds left when the pause began (its due time, restarted from `now`)
    fixed_due_epoch: int | None  # the due time when the pause began after it (the pause moves nothing)
    since: int  # the open pause's start
    used_seconds: int


#: A target made ready: settled, running on, or held by an open pause.
Ready = TargetState | RunningClock | HeldClock


class ReadyClocks(NamedTuple):
    """A case's two clocks made ready for one plan's targets and one calendar."""

    facts: ClockFacts
    first_response: Ready
    resolution: Ready


def _ready(calendar: BusinessCalendar, target: Target, start: int, met: int | None,
           spans: list[tuple[int, int]]) -> Ready:
    if met is not None:
        return target_clock(calendar, target, start, met, met, spans_before(spans, met), False)
    since = max(start, spans[-1][1]) if spans else start
    minutes = target.business_minutes
    used, due = calendar.clock(start, since, minutes and minutes * 60, spans)
    return RunningClock(minutes if due is not None else None, due, since, used)


def _held(calendar: BusinessCalendar, target: Target, start: int, closed: list[tuple[int, int]],
          paused_since: int) -> HeldClock:
    """The open pause runs from `paused_since` to `now`; it merges with a closed pause that ends as it begins."""
    since = max(paused_since, start)
    head, pause_start = (closed[:-1], closed[-1][0]) if closed and closed[-1][1] >= since else (closed, since)
    minutes = target.business_minutes
    seconds = minutes and minutes * 60
    used, due = calendar.clock(start, pause_start, seconds, head)
    if not minutes or due is None:
        return HeldClock(None, 0, None, since, used)
    return HeldClock(minutes, seconds - used, due if due <= pause_start else None, since, used)


def prepare(facts: ClockFacts, targets: Targets, calendar: BusinessCalendar) -> ReadyClocks:
    """Do the part of both clocks' work that holds for every `now` from the last event on."""
    first_severity = facts.severity if facts.first_met is None else facts.first_met_severity
    first = _ready(calendar, targets[first_severity]["first_response"], facts.opened, facts.first_met, [])
    spans = merge_spans(facts.pauses, facts.opened)
    if facts.resolved is not None:
        resolution = targets[facts.resolved_severity]["resolution"]
        return ReadyClocks(facts, first, _ready(calendar, resolution, facts.opened, facts.resolved, spans))
    resolution = targets[facts.severity]["resolution"]
    if facts.paused_since is None:
        return ReadyClocks(facts, first, _ready(calendar, resolution, facts.opened, None, spans))
    return ReadyClocks(facts, first, _held(calendar, resolution, facts.opened, spans, facts.paused_since))


def _running_at(clock: RunningClock, current: int, elapsed: Callable[[int], int]) -> TargetState:
    used = (clock.used_seconds + elapsed(clock.since)) // 60
    minutes, due = clock.target_business_minutes, clock.due_epoch
    if minutes is None or due is None:
        return TargetState(None, None, None, used, None, False, False)
    return TargetState(minutes, due, None, used, minutes - used, False, current > due)


def _held_at(clock: HeldClock, calendar: BusinessCalendar, current: int) -> TargetState:
    used, minutes = clock.used_seconds // 60, clock.target_business_minutes
    if minutes is None:
        return TargetState(None, None, None, used, None, True, False)
    due = clock.fixed_due_epoch
    if due is None:
        due = calendar.add_business_seconds(current, clock.left_seconds, [])
    return TargetState(minutes, due, None, used, minutes - used, True, current > due)


def _finish(clock: Ready, calendar: BusinessCalendar, current: int, elapsed: Callable[[int], int]) -> TargetState:
    kind = type(clock)
    if kind is RunningClock:
        return _running_at(clock, current, elapsed)  # type: ignore[arg-type]
    if kind is HeldClock:
        return _held_at(clock, calendar, current)  # type: ignore[arg-type]
    return clock  # type: ignore[return-value]


def state_at(ready: ReadyClocks, targets: Targets, calendar: BusinessCalendar, current: int,
             elapsed: Callable[[int], int] | None = None) -> SlaState:
    """Both clocks as of `current` (epoch seconds): `sla_state` of the same events, from the ready work.
    `elapsed` is `calendar.seconds_until(current)`, made once when many cases are read at one moment."""
    first, resolution = ready.first_response, ready.resolution
    if ((type(first) is not TargetState and current < first.since)  # type: ignore[union-attr]
            or (type(resolution) is not TargetState and current < resolution.since)):  # type: ignore[union-attr]
        return state_of(ready.facts, targets, calendar, current)  # `now` before the last event: the clock stepped back
    elapsed = elapsed or calendar.seconds_until(current)
    return SlaState(_finish(first, calendar, current, elapsed), _finish(resolution, calendar, current, elapsed))
