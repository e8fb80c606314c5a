"""Properties of the amended severity rule and of met targets (docs/support.md), over generated case histories.

A severity change applies the new targets to the time used since opening, so changing it back and forth never
restarts a clock; a met target keeps the due time it had when met, however the case goes on and whenever it is
read.
"""
from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.domain.support.sla import ClockEvent, sla_state
from tests.domain.support.test_sla_ready import cases
from tests.domain.support_plans import CALENDAR, PLANS

_plans = st.sampled_from(sorted(PLANS.plans))
_later = st.integers(min_value=0, max_value=30 * 24 * 60).map(lambda minutes: timedelta(minutes=minutes))


def _severity_before(events: list[ClockEvent], index: int) -> int:
    """The severity in force just before events[index]."""
    severity = events[0].severity
    for event in events[1:index]:
        if event.kind == "severity" and event.severity:
            severity = event.severity
    return severity  # type: ignore[return-value]


@settings(max_examples=120, deadline=None)
@given(case=cases(), plan=_plans, data=st.data(), later=_later)
def test_changing_the_severity_and_back_changes_no_clock_whatever_time_passes_between(case, plan, data, later):
    events, last = case
    index = data.draw(st.integers(min_value=1, max_value=len(events)), label="where")
    low = events[index - 1].at
    high = events[index].at if index < len(events) else low + timedelta(days=10)
    span = int((high - low).total_seconds() // 60)
    away_at = low + timedelta(minutes=data.draw(st.integers(0, span), label="away"))
    back_at = away_at + timedelta(minutes=data.draw(st.integers(0, int((high - away_at).total_seconds() // 60)),
                                                    label="back"))
    original = _severity_before(events, index)
    other = data.draw(st.sampled_from([level for level in (1, 2, 3, 4) if level != original]), label="other")
    flipped = [*events[:index], ClockEvent("severity", away_at, other), ClockEvent("severity", back_at, original),
               *events[index:]]
    now = max(last, back_at) + later
    targets = PLANS.plans[plan].targets
    assert sla_state(flipped, targets, CALENDAR, now) == sla_state(events, targets, CALENDAR, now)


@settings(max_examples=100, deadline=None)
@given(case=cases(), plan=_plans, later=_later)
def test_an_unmet_first_response_has_used_the_business_time_since_opening_whatever_the_severity(case, plan, later):
    events, last = case
    now = last + later
    state = sla_state(events, PLANS.plans[plan].targets, CALENDAR, now).first_response
    if state.met_at is None:
        assert state.business_minutes_used == CALENDAR.business_minutes_between(events[0].at, now)


def _settled_from(events: list[ClockEvent], targets: dict, name: str, final_met: int) -> int:
    """The shortest history after which the target has stayed met at `final_met` (its meeting event's index + 1)."""
    settled = len(events)
    for length in range(len(events), 0, -1):
        prefix = events[:length]
        state = dict(sla_state(prefix, targets, CALENDAR, prefix[-1].at).targets())[name]
        if state.met_epoch != final_met:
            break
        settled = length
    return settled


@settings(max_examples=60, deadline=None)
@given(case=cases(), plan=_plans, later=_later)
def test_a_met_target_reads_as_it_was_when_met_at_any_later_moment_and_after_any_later_event(case, plan, later):
    events, last = case
    targets = PLANS.plans[plan].targets
    final = sla_state(events, targets, CALENDAR, last + later)
    for name, state in final.targets():
        if state.met_epoch is None:
            continue
        length = _settled_from(events, targets, name, state.met_epoch)
        prefix = events[:length]
        when_met = dict(sla_state(prefix, targets, CALENDAR, prefix[-1].at).targets())[name]
        assert state == when_met, name
        assert dict(sla_state(events, targets, CALENDAR, last).targets())[name] == when_met, name
