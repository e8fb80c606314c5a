"""Clocks made ready ahead of `now` read exactly as the clocks replayed from the events (docs/support.md)."""
from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.domain.support.business_calendar import epoch_seconds, utc_moment
from ledger.domain.support.sla import ClockEvent, fold_events, sla_state
from ledger.domain.support.sla_ready import prepare, state_at
from tests.domain.support_plans import CALENDAR, PLANS, local

START = local(2028, 12, 20, 8, 30)  # before Christmas and the new year: holidays inside most cases

_later = st.integers(min_value=0, max_value=4 * 24 * 60).map(lambda minutes: timedelta(minutes=minutes))
_event = st.one_of(
    st.tuples(st.just("responded"), st.none(), st.none()),
    st.tuples(st.just("severity"), st.integers(min_value=1, max_value=4), st.none()),
    st.tuples(st.just("status"), st.none(), st.sampled_from(["waiting_on_customer", "open", "closed"])),
    st.tuples(st.just("resolved"), st.none(), st.just("resolved")),
)


@st.composite
def cases(draw: st.DrawFn) -> tuple[list[ClockEvent], object]:
    at = START + draw(_later)
    events = [ClockEvent("opened", at, draw(st.integers(min_value=1, max_value=4)), "open")]
    for kind, severity, status in draw(st.lists(_event, max_size=8)):
        at += draw(_later)
        events.append(ClockEvent(kind, at, severity, status))
    return events, at


@settings(max_examples=300, deadline=None)
@given(case=cases(), plan=st.sampled_from(sorted(PLANS.plans)),
       nows=st.lists(st.integers(min_value=-2 * 24 * 60, max_value=60 * 24 * 60), min_size=1, max_size=4))
def test_clocks_made_ready_once_read_as_the_replayed_clocks_at_any_later_or_earlier_moment(case, plan, nows):
    events, last = case
    targets = PLANS.plans[plan].targets
    ready = prepare(fold_events(events), targets, CALENDAR)
    for offset in nows:
        now = last + timedelta(minutes=offset)
        assert state_at(ready, targets, CALENDAR, epoch_seconds(now)) == sla_state(events, targets, CALENDAR, now)


def test_a_met_first_response_is_settled_and_a_running_resolution_only_adds_business_time():
    events = [ClockEvent("opened", local(2029, 3, 5, 9), 2, "open"), ClockEvent("responded", local(2029, 3, 5, 10))]
    targets = PLANS.plans["gold"].targets
    ready = prepare(fold_events(events), targets, CALENDAR)
    monday_noon = state_at(ready, targets, CALENDAR, epoch_seconds(local(2029, 3, 5, 12)))
    tuesday_noon = state_at(ready, targets, CALENDAR, epoch_seconds(local(2029, 3, 6, 12)))
    assert monday_noon.first_response == tuesday_noon.first_response
    assert (monday_noon.first_response.business_minutes_used, monday_noon.first_response.breached) == (60, False)
    assert tuesday_noon.resolution.business_minutes_used - monday_noon.resolution.business_minutes_used == 8 * 60


def test_a_ready_clock_breaches_only_after_its_due_moment_as_the_replayed_one_does():
    events = [ClockEvent("opened", local(2029, 3, 5, 9), 1, "open")]
    targets = PLANS.plans["gold"].targets
    ready = prepare(fold_events(events), targets, CALENDAR)
    due = ready.first_response.due_epoch
    for moment in (due - 60, due, due + 60):
        state = state_at(ready, targets, CALENDAR, moment)
        assert state == sla_state(events, targets, CALENDAR, utc_moment(moment))
        assert state.first_response.breached is (moment > due)
