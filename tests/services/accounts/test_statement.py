"""Monthly statements: opening + the month's entries = closing, and each month opens where the last closed."""
from datetime import date, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.domain.periods import Period
from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_purchase
from ledger.services.accounts.statements import get_statement
from ledger.services.work.tasks import void_task
from tests.conftest import utc
from tests.services.helpers import debit


def test_a_month_with_purchases_debits_and_reversals_adds_up(make_customer, freeze_clock):
    customer = make_customer()
    freeze_clock(utc(2026, 2, 20, 9))
    record_purchase(customer.id, 600, "9000.00", actor=SYSTEM)
    debit(customer.id, 60, work_date=date(2026, 2, 20))
    freeze_clock(utc(2026, 3, 2, 9))
    record_purchase(customer.id, 300, "4500.00", actor=SYSTEM)
    kept = debit(customer.id, 45, work_date=date(2026, 3, 2))
    voided = debit(customer.id, 90, work_date=date(2026, 3, 2))
    void_task(voided.task.id, "Wrong customer", actor=SYSTEM)
    freeze_clock(utc(2026, 4, 1, 9))
    debit(customer.id, 30, work_date=date(2026, 4, 1))

    march = get_statement(customer.id, Period(2026, 3), actor=SYSTEM)
    assert march.opening_balance_minutes == 540
    assert [e.kind for e in march.entries] == ["purchase", "consumption", "consumption", "reversal"]
    assert march.opening_balance_minutes + sum(e.minutes for e in march.entries) == march.closing_balance_minutes == 795
    assert march.debited_minutes == 45  # the kept task; the voided one counts nothing
    assert [t.id for t in march.tasks] == [kept.task.id, voided.task.id]
    assert get_statement(customer.id, Period(2026, 4), actor=SYSTEM).opening_balance_minutes == 795


def test_a_month_boundary_is_midnight_in_stockholm(make_customer, freeze_clock):
    customer = make_customer()
    freeze_clock(datetime(2026, 2, 28, 23, 30, tzinfo=timezone.utc))  # 00:30 on 1 March in Stockholm
    record_purchase(customer.id, 60, "900.00", actor=SYSTEM)
    assert [e.minutes for e in get_statement(customer.id, Period(2026, 3), actor=SYSTEM).entries] == [60]
    assert get_statement(customer.id, Period(2026, 2), actor=SYSTEM).entries == []


def test_included_minutes_count_included_work_of_the_month(make_customer, freeze_clock):
    from ledger.services.work.tasks import record_task

    customer = make_customer()
    freeze_clock(utc(2026, 5, 4, 12))
    for category, minutes in (("hosting", 30), ("guidance", 15), ("installation", 60)):
        record_task({"customer_id": customer.id, "category": category, "minutes": minutes, "description": category,
                     "work_date": date(2026, 5, 4)}, actor=SYSTEM)
    statement = get_statement(customer.id, Period(2026, 5), actor=SYSTEM)
    assert (statement.included_minutes, statement.debited_minutes) == (45, 60)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.integers(0, 80), st.sampled_from(["buy", "debit", "void"]), st.integers(1, 300)),
                      min_size=1, max_size=12))
def test_statements_chain_month_to_month_for_any_history(make_customer, freeze_clock, steps):
    customer = make_customer()
    start = utc(2026, 1, 1, 8)
    debits = []
    for day, action, minutes in sorted(steps):
        freeze_clock(start + timedelta(days=day))
        if action == "buy":
            record_purchase(customer.id, minutes, "100.00", actor=SYSTEM)
        elif action == "debit":
            debits.append(debit(customer.id, minutes).task.id)
        elif debits:
            void_task(debits.pop(), "mistake", actor=SYSTEM)
    closing = 0
    for period in (Period(2026, 1), Period(2026, 2), Period(2026, 3), Period(2026, 4)):
        statement = get_statement(customer.id, period, actor=SYSTEM)
        assert statement.opening_balance_minutes == closing
        closing = statement.opening_balance_minutes + sum(e.minutes for e in statement.entries)
        assert closing == statement.closing_balance_minutes
    assert closing == customer.account.balance_minutes or closing == _fresh_balance(customer.id)


def _fresh_balance(customer_id):
    from ledger.services.accounts.hours import get_balance

    return get_balance(customer_id, actor=SYSTEM)
