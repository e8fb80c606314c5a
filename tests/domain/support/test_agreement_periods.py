"""Agreement periods: exactly twelve months, the last day covered, renewals without gap (docs/contacts-and-agreements.md)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.support.agreements import (
    add_months,
    agreement_state,
    line_texts,
    next_period,
    notice_day,
    period_end,
)


def test_a_period_bought_on_8_october_2029_covers_up_to_7_october_2030():
    assert next_period(date(2029, 10, 8), None) == (date(2029, 10, 8), date(2030, 10, 7))


def test_a_period_starting_on_29_february_runs_to_28_february_and_the_next_starts_on_1_march():
    assert period_end(date(2028, 2, 29)) == date(2029, 2, 28)
    assert next_period(date(2029, 1, 15), date(2029, 2, 28)) == (date(2029, 3, 1), date(2030, 2, 28))
    assert period_end(date(2027, 3, 1)) == date(2028, 2, 29), "a leap day inside the period is covered"


def test_a_renewal_bought_while_active_starts_the_day_after_the_current_end():
    assert next_period(date(2030, 9, 1), date(2030, 10, 7)) == (date(2030, 10, 8), date(2031, 10, 7))
    assert next_period(date(2030, 10, 7), date(2030, 10, 7))[0] == date(2030, 10, 8), "bought on the last day"


def test_a_renewal_bought_after_expiry_starts_on_the_purchase_date():
    assert next_period(date(2030, 12, 1), date(2030, 10, 7)) == (date(2030, 12, 1), date(2031, 11, 30))


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_renewed_periods_follow_each_other_without_gap_or_overlap_for_any_start(start):
    first = next_period(start, None)
    second = next_period(first[1] - timedelta(days=30), first[1])
    assert second[0] == first[1] + timedelta(days=1)
    assert 365 <= (first[1] - first[0]).days + 1 <= 366
    assert add_months(first[0], 12) - first[0] <= first[1] - first[0] + timedelta(days=2)


def test_the_renewal_notice_is_due_one_calendar_month_before_the_end():
    assert notice_day(date(2027, 11, 21)) == date(2027, 10, 21)
    assert notice_day(date(2028, 3, 31)) == date(2028, 2, 29)


@pytest.mark.parametrize("today, status, days_left", [
    (date(2029, 10, 1), "upcoming", 371), (date(2029, 10, 8), "active", 364), (date(2030, 9, 6), "active", 31),
    (date(2030, 9, 7), "expiring", 30), (date(2030, 10, 7), "expiring", 0), (date(2030, 10, 8), "expired", 0),
])
def test_status_and_days_left_follow_the_calendar(today, status, days_left):
    state = agreement_state(date(2029, 10, 8), date(2030, 10, 7), today)
    assert (state.status, state.days_left, state.notice_on) == (status, days_left, date(2030, 9, 7))


def test_an_agreement_whose_invoice_was_credited_is_cancelled_from_the_credit_date():
    assert agreement_state(date(2029, 10, 8), date(2030, 10, 7), date(2029, 11, 1), date(2029, 11, 2)).status == "active"
    assert agreement_state(date(2029, 10, 8), date(2030, 10, 7), date(2029, 11, 2), date(2029, 11, 2)).status == "cancelled"


def test_the_invoice_line_prints_the_period_in_both_languages():
    assert line_texts("support_plan", "Gold", "Gold", date(2026, 11, 22), date(2027, 11, 21)) == (
        "Supportavtal Gold, 2026-11-22 – 2027-11-21", "Support plan Gold, 2026-11-22 – 2027-11-21")


def test_a_maintenance_line_prints_the_variant_and_the_period_in_both_languages():
    assert line_texts("maintenance", "site", "site", date(2026, 11, 22), date(2027, 11, 21)) == (
        "Underhållsavtal, site, 2026-11-22 – 2027-11-21", "Maintenance agreement, site, 2026-11-22 – 2027-11-21")
