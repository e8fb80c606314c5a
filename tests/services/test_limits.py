"""Limits: minute counters past 32 bits, work dates in a sane window, and searches that mean what they say."""
from datetime import date

import pytest
from sqlalchemy import BigInteger, Integer, inspect

from ledger.domain.accounts.entries import EntryKind
from ledger.domain.errors import InvalidInput
from ledger.domain.periods import Period, local_date
from ledger.extensions import db
from ledger.services.access import SYSTEM
from ledger.services.accounts.entries import book_entry
from ledger.services.accounts.hours import get_balance, record_purchase
from ledger.services.accounts.statements import get_statement
from ledger.services.accounts.verify import verify_ledger
from ledger.services.clock import utcnow
from ledger.services.customers.customers import list_customers
from ledger.services.tx import lock_account, write_transaction
from tests.services.helpers import debit

BEYOND_32_BITS = 2**31 + 1_000


def minute_columns():
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if column.name.endswith("_minutes") or column.name in ("minutes", "balance_after"):
                yield table.name, column.name


def test_every_minute_column_holds_64_bits_on_every_engine(app, engine_name):
    columns = list(minute_columns())
    assert ("service_accounts", "balance_minutes") in columns and len(columns) >= 13
    inspector = inspect(db.engine)
    for table, name in columns:
        [column] = [c for c in inspector.get_columns(table) if c["name"] == name]
        # SQLite's INTEGER is a 64-bit integer already; PostgreSQL's needs to be BIGINT.
        expected = BigInteger if engine_name == "postgresql" else Integer
        assert isinstance(column["type"], expected), (table, name, column["type"])


def test_a_balance_past_two_to_the_31_minutes_is_stored_summed_and_verified(app, make_customer):
    customer = make_customer()
    with write_transaction() as session:
        locked, account = lock_account(session, customer.id)
        book_entry(session, locked, account, EntryKind.PURCHASE, BEYOND_32_BITS, actor=SYSTEM, memo="import")
    debit(customer.id, 60)
    assert get_balance(customer.id, actor=SYSTEM) == BEYOND_32_BITS - 60
    today = local_date(utcnow())
    statement = get_statement(customer.id, Period(today.year, today.month), actor=SYSTEM)
    assert statement.closing_balance_minutes == BEYOND_32_BITS - 60 and isinstance(statement.debited_minutes, int)
    assert verify_ledger().ok


@pytest.mark.parametrize("work_date", [date(1999, 12, 31), date(1, 1, 1), date(2028, 1, 1), date(9999, 12, 31)])
def test_work_dated_before_2000_or_after_next_year_is_refused_by_code(app, make_customer, freeze_clock, work_date):
    from tests.conftest import utc

    freeze_clock(utc(2026, 6, 1, 10))
    customer = make_customer()
    record_purchase(customer.id, 600, "9500.00", actor=SYSTEM)
    with pytest.raises(InvalidInput) as refused:
        debit(customer.id, 30, work_date=work_date)
    [problem] = refused.value.problems["work_date"]
    assert problem.code == "out_of_range"
    assert dict(problem.params) == {"low": date(2000, 1, 1), "high": date(2027, 12, 31)}
    assert debit(customer.id, 30, work_date=date(2000, 1, 1)).task.work_date == date(2000, 1, 1)


def test_a_search_for_percent_or_underscore_finds_only_those_characters(app, make_customer):
    discount = make_customer(name="Rabatt 50% AB")
    underscore = make_customer(name="Data_Lager AB")
    make_customer(name="Datalager AB")
    make_customer(name="Rabatt 500 AB")
    names = lambda search: {customer.name for customer in list_customers(actor=SYSTEM, search=search)}  # noqa: E731
    assert names("50%") == {discount.name}
    assert names("a_l") == {underscore.name}
    assert names("%") == {discount.name}
    assert names("_") == {underscore.name}
    assert names("\\") == set()
    assert names("datalager") == {"Datalager AB"}
