"""SLA clocks replayed from a case's events, in business time (docs/support.md)."""
from __future__ import annotations

from datetime import timedelta

from ledger.domain.support.sla import ClockEvent, sla_state
from ledger.domain.support.sla_report import median_minutes, summarize
from tests.domain.support_plans import CALENDAR, PLANS, STOCKHOLM, local

ENTERPRISE, GOLD, PROFESSIONAL = PLANS.plans["enterprise"], PLANS.plans["gold"], PLANS.plans["professional"]


def clocks(plan, events, now):
    return sla_state(events, plan.targets, CALENDAR, now)


def opened(at, severity):
    return ClockEvent("opened", at, severity, "open")


def status(at, value):
    return ClockEvent("resolved" if value == "resolved" else "status", at, None, value)


def test_an_enterprise_severity_2_case_opened_before_midsummer_is_answered_by_tuesday_at_four():
    state = clocks(ENTERPRISE, [opened(local(2029, 6, 21, 16), 2)], local(2029, 6, 21, 16, 30))
    assert state.first_response.due_at.astimezone(STOCKHOLM) == local(2029, 6, 26, 16, 0)
    assert state.first_response.target_business_minutes == 16 * 60
    assert (state.first_response.business_minutes_used, state.first_response.business_minutes_left) == (30, 930)


def test_waiting_on_the_customer_from_monday_eleven_to_tuesday_ten_moves_gold_resolution_by_seven_hours():
    start = [opened(local(2029, 9, 3, 10), 1)]
    paused = start + [status(local(2029, 9, 3, 11), "waiting_on_customer"), status(local(2029, 9, 4, 10), "open")]
    before = clocks(GOLD, start, local(2029, 9, 3, 10, 30)).resolution
    after = clocks(GOLD, paused, local(2029, 9, 4, 10)).resolution
    assert CALENDAR.business_minutes_between(before.due_at, after.due_at) == 7 * 60
    assert after.due_at.astimezone(STOCKHOLM) == local(2029, 9, 5, 17, 0)
    assert after.business_minutes_used == 60 and not after.paused


def test_while_the_case_waits_the_resolution_clock_stands_still_and_says_it_is_paused():
    events = [opened(local(2029, 9, 3, 10), 1), status(local(2029, 9, 3, 11), "waiting_on_customer")]
    monday, wednesday = clocks(GOLD, events, local(2029, 9, 3, 15)), clocks(GOLD, events, local(2029, 9, 5, 15))
    assert monday.resolution.paused and monday.resolution.business_minutes_used == 60
    assert wednesday.resolution.business_minutes_used == 60 and not wednesday.resolution.breached
    assert not monday.first_response.paused, "the first-response clock never pauses"
    assert wednesday.resolution.due_at > monday.resolution.due_at, "shown as if the clock restarted now"


def test_a_reply_after_the_due_time_breaches_first_response_and_one_before_meets_it():
    start = opened(local(2029, 9, 3, 10), 2)  # Gold severity 2: first response within 8 business hours
    late = clocks(GOLD, [start, ClockEvent("responded", local(2029, 9, 4, 10, 1))], local(2029, 9, 4, 12))
    in_time = clocks(GOLD, [start, ClockEvent("responded", local(2029, 9, 4, 9, 59))], local(2029, 9, 4, 12))
    assert late.first_response.breached and late.first_response.met_at == local(2029, 9, 4, 10, 1)
    assert not in_time.first_response.breached and in_time.first_response.met_at is not None
    assert late.first_response.business_minutes_left == -1 and in_time.first_response.business_minutes_left == 1


def test_an_unanswered_case_breaches_once_its_due_time_has_passed():
    events = [opened(local(2029, 9, 3, 10), 2)]
    assert not clocks(GOLD, events, local(2029, 9, 4, 10)).first_response.breached
    overdue = clocks(GOLD, events, local(2029, 9, 4, 10, 0) + timedelta(seconds=1)).first_response
    assert overdue.breached and overdue.met_at is None


def test_a_target_past_eighty_percent_is_at_risk_until_it_is_met_or_breached():
    events = [opened(local(2029, 9, 3, 9), 1)]  # Gold: first response within 8 business hours
    assert not clocks(GOLD, events, local(2029, 9, 3, 15, 20)).at_risk
    at_risk = clocks(GOLD, events, local(2029, 9, 3, 15, 24))
    assert at_risk.at_risk and at_risk.first_response.used_percent == 80
    answered = events + [ClockEvent("responded", local(2029, 9, 3, 15, 30))]
    assert not clocks(GOLD, answered, local(2029, 9, 3, 16)).first_response.at_risk


def test_a_severity_change_applies_the_new_targets_to_the_time_used_since_opening_and_keeps_the_pause():
    events = [opened(local(2029, 9, 3, 9), 3), status(local(2029, 9, 3, 10), "waiting_on_customer"),
              ClockEvent("severity", local(2029, 9, 3, 11), 1)]
    state = clocks(GOLD, events, local(2029, 9, 3, 11))
    assert state.resolution.target_business_minutes == 16 * 60 and state.resolution.paused
    assert state.resolution.business_minutes_used == 60, "the hour before the case waited, not a fresh start"
    assert state.first_response.due_at.astimezone(STOCKHOLM) == local(2029, 9, 3, 17, 0), "8 bh from opening"
    resumed = clocks(GOLD, events + [status(local(2029, 9, 3, 13), "open")], local(2029, 9, 3, 13))
    assert resumed.resolution.due_at.astimezone(STOCKHOLM) == local(2029, 9, 5, 12, 0), "16 bh, 3 h paused"


def test_gold_severity_1_with_30_minutes_left_flipped_to_2_and_back_keeps_its_30_minutes():
    start = [opened(local(2029, 9, 3, 9), 1)]  # Gold severity 1: first response within 8 business hours
    flipped = start + [ClockEvent("severity", local(2029, 9, 3, 16, 30), 2),
                       ClockEvent("severity", local(2029, 9, 3, 16, 31), 1)]
    before = clocks(GOLD, start, local(2029, 9, 3, 16, 30))
    after = clocks(GOLD, flipped, local(2029, 9, 3, 16, 31))
    assert before.first_response.business_minutes_left == 30
    assert after.first_response.business_minutes_left == 29, "not a fresh 8 hours"
    assert after.first_response.due_at == before.first_response.due_at
    assert after == clocks(GOLD, start, local(2029, 9, 3, 16, 31))


def test_raising_the_severity_may_breach_at_once_and_lowering_it_gives_more_time():
    events = [opened(local(2029, 9, 3, 9), 3)]  # Enterprise severity 3: first response within 24 business hours
    raised = clocks(ENTERPRISE, events + [ClockEvent("severity", local(2029, 9, 4, 12), 1)], local(2029, 9, 4, 12))
    assert raised.first_response.breached, "8 bh target, 11 bh used"
    assert raised.first_response.due_at.astimezone(STOCKHOLM) == local(2029, 9, 3, 17, 0)
    lowered = clocks(ENTERPRISE, [opened(local(2029, 9, 3, 9), 1), ClockEvent("severity", local(2029, 9, 3, 16), 3)],
                     local(2029, 9, 3, 16))
    assert lowered.first_response.business_minutes_left == 24 * 60 - 7 * 60
    assert lowered.resolution.target_business_minutes == 14 * 8 * 60


def test_a_met_resolution_keeps_its_due_time_however_often_and_late_the_case_is_read():
    events = [opened(local(2026, 12, 1, 9), 2), ClockEvent("responded", local(2026, 12, 1, 10)),
              status(local(2026, 12, 3, 12), "waiting_on_customer"), status(local(2026, 12, 4, 10), "resolved")]
    at_resolution = clocks(ENTERPRISE, events, local(2026, 12, 4, 10)).resolution
    for later in (local(2026, 12, 4, 15), local(2026, 12, 17, 9), local(2027, 2, 1, 9)):
        assert clocks(ENTERPRISE, events, later).resolution == at_resolution
    # 7 business days from Tuesday 09:00, pushed by the 6 business hours the case waited (Thu 12 - Fri 10)
    assert at_resolution.due_at.astimezone(STOCKHOLM) == local(2026, 12, 10, 15, 0)
    closed = events + [ClockEvent("status", local(2026, 12, 8, 9), None, "closed")]
    assert clocks(ENTERPRISE, closed, local(2026, 12, 17, 9)).resolution == at_resolution


def test_a_met_first_response_keeps_the_target_it_was_met_under_when_the_severity_changes_later():
    events = [opened(local(2029, 9, 3, 9), 3), ClockEvent("responded", local(2029, 9, 4, 12))]
    met = clocks(ENTERPRISE, events, local(2029, 9, 4, 12)).first_response  # 24 bh target, 11 bh used
    raised = events + [ClockEvent("severity", local(2029, 9, 4, 13), 1)]  # severity 1 answers within 8 bh
    assert clocks(ENTERPRISE, raised, local(2029, 9, 6, 9)).first_response == met
    assert not met.breached and met.due_at.astimezone(STOCKHOLM) == local(2029, 9, 5, 17, 0)


def test_resolving_meets_resolution_and_a_reopened_case_runs_on_without_the_time_it_was_resolved():
    events = [opened(local(2029, 9, 3, 9), 1), ClockEvent("responded", local(2029, 9, 3, 9, 30)),
              status(local(2029, 9, 3, 13), "resolved")]
    resolved = clocks(GOLD, events, local(2029, 9, 10, 9))
    assert resolved.resolution.met_at == local(2029, 9, 3, 13) and not resolved.breached
    reopened = events + [ClockEvent("reopened", local(2029, 9, 4, 13), None, "open")]
    state = clocks(GOLD, reopened, local(2029, 9, 4, 14))
    assert state.resolution.met_at is None and state.resolution.business_minutes_used == 5 * 60


def test_a_case_resolved_without_a_reply_counts_the_resolution_as_its_first_response():
    events = [opened(local(2029, 9, 3, 9), 2), status(local(2029, 9, 3, 12), "resolved")]
    state = clocks(GOLD, events, local(2029, 9, 20, 9))
    assert state.first_response.met_at == local(2029, 9, 3, 12) and not state.first_response.breached


def test_best_effort_has_no_due_time_and_never_breaches():
    state = clocks(PROFESSIONAL, [opened(local(2029, 9, 3, 9), 1)], local(2029, 12, 3, 9))
    assert state.first_response.target_business_minutes is None and state.first_response.due_at is None
    assert not state.breached and state.first_response.business_minutes_used > 0
    assert state.next_due_at is None


def test_the_month_summary_counts_met_and_breached_per_target_and_severity():
    start = opened(local(2029, 9, 3, 9), 2)
    met = clocks(GOLD, [start, ClockEvent("responded", local(2029, 9, 3, 10))], local(2029, 9, 3, 11))
    breached = clocks(GOLD, [start, ClockEvent("responded", local(2029, 9, 4, 12))], local(2029, 9, 4, 12))
    summary = summarize([(2, met), (2, breached)])
    row = summary.severities[1]
    assert (row.severity, row.cases, row.first_response.met, row.first_response.breached) == (2, 2, 1, 1)
    assert summary.resolution.pending == 2 and summary.severities[0].cases == 0
    assert summary.median_first_response_business_minutes == (60 + 11 * 60) // 2  # 1 h and Mon 9 to Tue 12


def test_the_median_of_an_even_count_is_rounded_down_to_a_minute():
    assert median_minutes([]) is None and median_minutes([5]) == 5 and median_minutes([10, 21, 3]) == 10
    assert median_minutes([10, 15]) == 12


def test_a_resolved_case_resolved_again_without_a_reopen_keeps_the_first_resolution_and_its_target():
    resolved = [opened(local(2029, 9, 3, 9), 2), status(local(2029, 9, 3, 12), "resolved")]
    again = resolved + [ClockEvent("severity", local(2029, 9, 3, 13), 1), status(local(2029, 9, 4, 12), "resolved")]
    assert clocks(ENTERPRISE, again, local(2029, 9, 10, 9)) == clocks(ENTERPRISE, resolved, local(2029, 9, 3, 12))
