"""Balance over time: end-of-day balances in Stockholm time, read from the ledger without writing."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event

from ledger.domain.errors import InvalidInput
from ledger.extensions import db
from ledger.services.access import SYSTEM
from ledger.services.accounts.history import balance_history
from ledger.services.accounts.hours import record_purchase
from ledger.services.errors import NotFound
from tests.conftest import utc
from tests.services.helpers import debit


def test_a_new_account_has_no_history(make_customer):
    assert balance_history(make_customer().id, actor=SYSTEM) == []


def test_each_day_holds_the_balance_at_its_end_in_stockholm_time_from_the_first_entry(make_customer, freeze_clock):
    freeze_clock(utc(2026, 3, 2, 10))
    customer = make_customer()
    record_purchase(customer.id, 600, "9500.00", actor=SYSTEM)
    freeze_clock(utc(2026, 3, 2, 22, 30))  # 23:30 in Stockholm (CET): still 2 March
    debit(customer.id, 60)
    freeze_clock(utc(2026, 3, 2, 23, 30))  # 00:30 on 3 March in Stockholm
    debit(customer.id, 30)
    freeze_clock(utc(2026, 3, 5, 9))
    assert balance_history(customer.id, actor=SYSTEM) == [
        (date(2026, 3, 2), 540), (date(2026, 3, 3), 510), (date(2026, 3, 4), 510), (date(2026, 3, 5), 510)]


def test_days_follow_summer_time(make_customer, freeze_clock):
    freeze_clock(utc(2026, 3, 29, 12))
    customer = make_customer()
    record_purchase(customer.id, 300, "4750.00", actor=SYSTEM)
    freeze_clock(utc(2026, 3, 29, 22, 30))  # 00:30 on 30 March in Stockholm (CEST, UTC+2)
    debit(customer.id, 60)
    freeze_clock(utc(2026, 3, 30, 8))
    assert balance_history(customer.id, actor=SYSTEM) == [(date(2026, 3, 29), 300), (date(2026, 3, 30), 240)]


def test_a_window_starts_from_the_balance_before_it_and_has_one_value_a_day(make_customer, freeze_clock):
    freeze_clock(utc(2026, 1, 10, 10))
    customer = make_customer()
    record_purchase(customer.id, 600, "9500.00", actor=SYSTEM)
    debit(customer.id, 120)
    freeze_clock(utc(2026, 3, 3, 10))
    debit(customer.id, 45)
    freeze_clock(utc(2026, 3, 5, 10))
    history = balance_history(customer.id, actor=SYSTEM, days=10)
    assert len(history) == 10 and history[0] == (date(2026, 2, 24), 480) and history[-1] == (date(2026, 3, 5), 435)
    assert [minutes for _, minutes in history] == [480] * 7 + [435] * 3


def test_negative_balances_are_kept(make_customer, freeze_clock):
    freeze_clock(utc(2026, 5, 4, 10))
    customer = make_customer()
    debit(customer.id, 90)
    assert balance_history(customer.id, actor=SYSTEM) == [(date(2026, 5, 4), -90)]


def test_it_reads_the_ledger_with_one_lookup_and_one_range_scan(make_customer, freeze_clock):
    freeze_clock(utc(2026, 1, 10, 10))
    customer = make_customer()
    for minutes in (600, 120, 60):
        record_purchase(customer.id, minutes, "100.00", actor=SYSTEM)
    freeze_clock(utc(2026, 3, 5, 10))
    statements: list[str] = []

    def remember(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        balance_history(customer.id, actor=SYSTEM, days=30)
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    on_ledger = [s for s in statements if "FROM ledger_entries" in s]
    writes = [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert len(on_ledger) == 2 and writes == []


def test_a_customer_user_sees_only_its_own_history(make_customer, make_user):
    mine, theirs = make_customer(), make_customer()
    user = make_user("customer", mine.id)
    assert balance_history(mine.id, actor=user) == []
    with pytest.raises(NotFound):
        balance_history(theirs.id, actor=user)


@pytest.mark.parametrize("days", [0, -1, 3661, True, "30", 1.5])
def test_the_window_must_be_a_sensible_number_of_days(make_customer, days):
    with pytest.raises(InvalidInput) as refused:
        balance_history(make_customer().id, actor=SYSTEM, days=days)
    assert "days" in refused.value.errors
