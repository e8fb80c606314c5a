"""An invoice is unpaid, partly paid, paid or overdue from its payments, credit notes and due date; an
overdue invoice is reminded at most once a fortnight."""
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.domain.payments.matching import (
    CREDITED,
    OVERDUE,
    PAID,
    PARTLY_PAID,
    PAYMENT_STATUSES,
    REMINDER_INTERVAL_DAYS,
    UNPAID,
    payment_status,
    reminder_due,
    reminder_key,
)

DUE = date(2026, 12, 30)


def status(to_pay=100_000, payments=(), credited=0, today=DUE):
    return payment_status(to_pay_minor=to_pay, payments_minor=payments, credited_minor=credited, due_on=DUE,
                          today=today)


def test_an_invoice_nobody_has_paid_is_unpaid_until_its_due_date_has_passed():
    assert (status().status, status().outstanding_minor, status().days_overdue) == (UNPAID, 100_000, 0)
    late = status(today=DUE + timedelta(days=3))
    assert (late.status, late.days_overdue, late.outstanding_minor) == (OVERDUE, 3, 100_000)


def test_a_part_payment_leaves_the_rest_outstanding_and_is_overdue_after_the_due_date():
    part = status(payments=[40_000])
    assert (part.status, part.paid_minor, part.outstanding_minor) == (PARTLY_PAID, 40_000, 60_000)
    assert status(payments=[40_000], today=DUE + timedelta(days=1)).status == OVERDUE


def test_paying_the_whole_amount_in_two_parts_makes_it_paid_even_after_the_due_date():
    paid = status(payments=[40_000, 60_000], today=DUE + timedelta(days=40))
    assert (paid.status, paid.outstanding_minor, paid.days_overdue) == (PAID, 0, 0)


def test_an_overpayment_is_paid_and_shows_what_the_customer_has_to_its_good():
    over = status(payments=[100_000, 2_500])
    assert (over.status, over.outstanding_minor, over.credit_minor) == (PAID, -2_500, 2_500)


def test_a_wrong_payment_reversed_by_a_negative_one_counts_for_nothing():
    corrected = status(payments=[100_000, -100_000], today=DUE + timedelta(days=2))
    assert (corrected.status, corrected.paid_minor, corrected.outstanding_minor) == (OVERDUE, 0, 100_000)


def test_a_credit_note_settles_what_it_credits_and_a_fully_credited_invoice_reads_credited_not_paid():
    assert status(credited=100_000, today=DUE + timedelta(days=9)).status == CREDITED
    partly_credited = status(credited=30_000, payments=[70_000])
    assert (partly_credited.status, partly_credited.outstanding_minor) == (PAID, 0)
    assert status(credited=30_000, today=DUE + timedelta(days=1)).outstanding_minor == 70_000


def test_a_payment_arriving_after_a_full_credit_note_is_a_credit_for_the_customer():
    late_payment = status(credited=100_000, payments=[100_000])
    assert (late_payment.status, late_payment.outstanding_minor, late_payment.credit_minor) == (CREDITED, -100_000,
                                                                                                 100_000)


def test_negative_amounts_to_pay_or_credit_are_a_programming_error():
    with pytest.raises(ValueError):
        status(to_pay=-100)
    with pytest.raises(ValueError):
        status(credited=-100)


_payments = st.lists(st.integers(min_value=-200_000, max_value=200_000), max_size=12)
_days = st.integers(min_value=-60, max_value=60)


@settings(max_examples=300)
@given(st.integers(min_value=0, max_value=500_000), _payments, st.integers(min_value=0, max_value=500_000), _days,
       st.randoms())
def test_the_status_is_the_same_in_any_order_and_its_figures_add_up(to_pay, payments, credited, offset, rng):
    today = DUE + timedelta(days=offset)
    shuffled = list(payments)
    rng.shuffle(shuffled)
    result = status(to_pay, payments, min(credited, to_pay), today)
    assert result == status(to_pay, shuffled, min(credited, to_pay), today)
    assert result.paid_minor == sum(payments)
    assert result.outstanding_minor == to_pay - min(credited, to_pay) - sum(payments)
    assert result.status in PAYMENT_STATUSES
    assert (result.status in (PAID, CREDITED)) == (result.outstanding_minor <= 0)
    assert (result.status == CREDITED) == (0 < to_pay <= credited and result.outstanding_minor <= 0)
    assert (result.status == OVERDUE) == (result.outstanding_minor > 0 and today > DUE)
    assert result.days_overdue == (max(0, offset) if result.status == OVERDUE else 0)


@given(st.integers(min_value=0, max_value=500_000), _payments, st.integers(min_value=1, max_value=500_000), _days)
def test_a_payment_and_its_reversal_change_nothing(to_pay, payments, amount, offset):
    today = DUE + timedelta(days=offset)
    assert status(to_pay, [*payments, amount, -amount], 0, today) == status(to_pay, payments, 0, today)


def overdue(days: int):
    return status(today=DUE + timedelta(days=days))


def test_an_overdue_invoice_gets_its_first_reminder_at_once():
    first = reminder_due(7, overdue(1), [], DUE + timedelta(days=1))
    assert (first.sequence, first.dedup_key) == (1, "invoice-reminder:7:1")


def test_no_reminder_for_an_invoice_that_is_not_overdue():
    assert reminder_due(7, status(), [], DUE) is None
    assert reminder_due(7, status(payments=[100_000], today=DUE + timedelta(days=30)), [], DUE + timedelta(days=30)) is None


def test_the_next_reminder_waits_fourteen_days_after_the_last():
    last = DUE + timedelta(days=1)
    assert reminder_due(7, overdue(14), [last], last + timedelta(days=13)) is None
    second = reminder_due(7, overdue(15), [last], last + timedelta(days=REMINDER_INTERVAL_DAYS))
    assert (second.sequence, second.dedup_key) == (2, reminder_key(7, 2))


def test_a_grace_period_holds_the_first_reminder_back():
    assert reminder_due(7, overdue(3), [], DUE + timedelta(days=3), grace_days=3) is None
    assert reminder_due(7, overdue(4), [], DUE + timedelta(days=4), grace_days=3).sequence == 1


@settings(max_examples=200)
@given(st.lists(st.integers(min_value=1, max_value=3), min_size=60, max_size=60),
       st.one_of(st.none(), st.integers(min_value=5, max_value=59)))
def test_however_often_remind_runs_an_invoice_gets_one_reminder_per_fortnight(runs_per_day, paid_on_day):
    queued: dict[str, date] = {}  # the outbox: one row per dedup key
    for day_number, runs in enumerate(runs_per_day, start=1):
        today = DUE + timedelta(days=day_number)
        payments = [100_000] if paid_on_day is not None and day_number >= paid_on_day else []
        for _run in range(runs):
            due = reminder_due(7, status(payments=payments, today=today), queued.values(), today)
            if due is not None:
                queued.setdefault(due.dedup_key, today)
    days = sorted(queued.values())
    assert days[0] == DUE + timedelta(days=1)
    assert all((later - earlier).days == REMINDER_INTERVAL_DAYS for earlier, later in zip(days, days[1:]))
    if paid_on_day is not None:
        assert all(day < DUE + timedelta(days=paid_on_day) for day in days)
