"""The support team's rules as pure functions (docs/support.md): waiting deadlines in business days per plan, the levels a
target escalates at, and the met percentage of the report across customers."""
from __future__ import annotations

import tomllib
from decimal import Decimal

import pytest

from ledger.domain.errors import PlanError
from ledger.domain.support.escalation import due_escalations, parse_escalation_note
from ledger.domain.support.plans import parse_support_plans
from ledger.domain.support.sla import ClockEvent, sla_state
from ledger.domain.support.sla_groups import group_rows, met_percent
from ledger.domain.support.sla_report import Tally
from ledger.domain.support.waiting import parse_rule_note, rule_note, waiting_deadlines, waiting_step
from tests.domain.support_plans import CALENDAR, PLAN_FILE, PLANS, STOCKHOLM, local

GOLD = PLANS.plans["gold"]


def _plans_with(**gold_settings: object):
    document = tomllib.loads(PLAN_FILE.read_text(encoding="utf-8"))
    document["plans"]["gold"].update(gold_settings)
    for key in [key for key, value in gold_settings.items() if value is None]:
        del document["plans"]["gold"][key]
    return parse_support_plans(document)


def test_the_shipped_plans_remind_after_3_business_days_and_resolve_after_10_and_a_plan_may_say_otherwise():
    assert {(plan.waiting_reminder_business_days, plan.auto_resolve_business_days)
            for plan in PLANS.plans.values()} == {(3, 10)}
    own = _plans_with(waiting_reminder_business_days=5, auto_resolve_business_days=15).plans
    assert (own["gold"].waiting_reminder_business_days, own["gold"].auto_resolve_business_days) == (5, 15)
    assert own["enterprise"].auto_resolve_business_days == 10
    defaults = _plans_with(waiting_reminder_business_days=None, auto_resolve_business_days=None).plans["gold"]
    assert (defaults.waiting_reminder_business_days, defaults.auto_resolve_business_days) == (3, 10)


@pytest.mark.parametrize("settings, complaint", [
    ({"waiting_reminder_business_days": 0}, "whole number of business days"),
    ({"auto_resolve_business_days": "10"}, "whole number of business days"),
    ({"waiting_reminder_business_days": 10, "auto_resolve_business_days": 10}, "must be more than"),
])
def test_a_plan_file_with_waiting_days_that_make_no_sense_is_refused_naming_the_plan(settings, complaint):
    with pytest.raises(PlanError, match=f"plans.gold.*{complaint}"):
        _plans_with(**settings)


def test_waiting_deadlines_skip_the_weekend_and_national_day():
    deadlines = waiting_deadlines(CALENDAR, GOLD, local(2029, 6, 1, 14))  # a Friday; Wednesday 6 June is closed
    assert deadlines.remind_at.astimezone(STOCKHOLM) == local(2029, 6, 7, 14)
    assert deadlines.resolve_at.astimezone(STOCKHOLM) == local(2029, 6, 18, 14)
    assert waiting_step(deadlines, local(2029, 6, 7, 13, 59), reminded=False) is None
    assert waiting_step(deadlines, local(2029, 6, 7, 14), reminded=False) == "remind"
    assert waiting_step(deadlines, local(2029, 6, 8, 9), reminded=True) is None
    assert waiting_step(deadlines, local(2029, 6, 18, 14), reminded=False) == "resolve"


def test_rule_notes_name_the_rule_and_its_figure_and_nothing_else_reads_as_one():
    assert rule_note("auto_resolve_business_days", 10) == "auto_resolve_business_days=10"
    assert parse_rule_note("auto_resolve_business_days=10") == ("auto_resolve_business_days", 10)
    assert parse_rule_note("Kunden svarade inte") is None and parse_rule_note(None) is None
    assert parse_rule_note("waiting_reminder_business_days=x") is None
    assert parse_escalation_note("resolution:breached") == ("resolution", "breached")
    assert parse_escalation_note("resolution:late") is None


def test_a_target_escalates_at_80_percent_and_at_breach_never_once_met_and_not_at_risk_while_paused():
    opened = ClockEvent("opened", local(2029, 9, 3, 9), 1, "open")
    targets = GOLD.targets  # severity 1: first response 8 bh, resolution 16 bh
    assert due_escalations(sla_state([opened], targets, CALENDAR, local(2029, 9, 3, 15))) == []
    assert due_escalations(sla_state([opened], targets, CALENDAR, local(2029, 9, 3, 15, 30))) == [
        ("first_response", "at_risk")]
    assert due_escalations(sla_state([opened], targets, CALENDAR, local(2029, 9, 4, 10))) == [
        ("first_response", "breached")]
    answered = [opened, ClockEvent("responded", local(2029, 9, 3, 10)),
                ClockEvent("status", local(2029, 9, 4, 13), None, "waiting_on_customer")]  # resolution 12 of 16 h
    assert due_escalations(sla_state(answered, targets, CALENDAR, local(2029, 9, 10, 9))) == []
    resumed = [*answered, ClockEvent("status", local(2029, 9, 10, 9), None, "open")]
    assert due_escalations(sla_state(resumed, targets, CALENDAR, local(2029, 9, 10, 10))) == [
        ("resolution", "at_risk")]


def test_met_percent_counts_the_decided_targets_and_rounds_half_up_to_one_decimal():
    assert met_percent(Tally(met=2, breached=1, pending=5, best_effort=3)) == Decimal("66.7")
    assert met_percent(Tally(met=1, breached=7)) == Decimal("12.5")
    assert met_percent(Tally(met=0, breached=0, pending=4)) is None
    assert met_percent(Tally(met=4)) == Decimal("100.0")


def test_groups_in_the_given_order_come_first_even_when_empty_then_the_others_and_the_total():
    opened = ClockEvent("opened", local(2029, 9, 3, 9), 2, "open")
    met = sla_state([opened, ClockEvent("responded", local(2029, 9, 3, 10))], GOLD.targets, CALENDAR,
                    local(2029, 9, 3, 11))
    late = sla_state([opened, ClockEvent("responded", local(2029, 9, 4, 12))], GOLD.targets, CALENDAR,
                     local(2029, 9, 4, 12))
    rows, total = group_rows([("gold", met), ("custom", late), ("gold", late)], ("professional", "gold"))
    assert [(row.key, row.cases, row.first_response.met, row.first_response.breached) for row in rows] == [
        ("professional", 0, 0, 0), ("gold", 2, 1, 1), ("custom", 1, 0, 1)]
    assert (total.cases, total.first_response.met, total.first_response.breached) == (3, 1, 2)
    assert rows[1].median_first_response_business_minutes == (60 + 11 * 60) // 2
    assert rows[0].median_first_response_business_minutes is None
