"""Rows written with one Core statement read back exactly as the objects the session was handed."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ledger.extensions import db
from ledger.models import Customer, LedgerEntry, ServiceAccount, Task
from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_adjustment
from ledger.services.rows import insert_row, insert_row_and_update
from ledger.services.tx import write_transaction
from ledger.services.work.tasks import record_task


def columns_of(instance: object) -> dict[str, object]:
    return {column.key: getattr(instance, column.key) for column in instance.__table__.columns}  # type: ignore[attr-defined]


def test_a_booked_task_its_entry_and_history_read_back_as_they_were_handed_out(make_customer):
    customer = make_customer()
    result = record_task({"customer_id": customer.id, "category": "installation", "minutes": 45,
                          "description": "Installation", "work_date": date.today()}, actor=SYSTEM)
    handed = (columns_of(result.task), columns_of(result.entry), [columns_of(row) for row in result.task.decisions])
    db.session.expire_all()
    task, entry = db.session.get_one(Task, result.task.id), db.session.get_one(LedgerEntry, result.entry.id)
    assert (columns_of(task), columns_of(entry), [columns_of(row) for row in task.decisions]) == handed
    assert task.entry_id == entry.id and entry.task_id == task.id


def test_a_column_whose_default_is_computed_must_be_given_and_nothing_is_written(app):
    before = db.session.execute(select(func.count(Customer.id))).scalar_one()
    with pytest.raises(TypeError, match="customers.deployment"), write_transaction() as session:
        insert_row(session, Customer, {"name": "Utan AB", "country": "NO", "org_number": "x", "currency": "SEK"})
    assert db.session.execute(select(func.count(Customer.id))).scalar_one() == before


def test_an_entry_and_the_account_head_it_moves_read_back_as_they_were_handed_out(make_customer):
    customer = make_customer()
    result = record_adjustment(customer.id, 90, "Goodwill", actor=SYSTEM)
    account = db.session.execute(select(ServiceAccount).where(ServiceAccount.customer_id == customer.id)).scalar_one()
    handed = (columns_of(result.entry), columns_of(account))
    db.session.expire_all()
    entry = db.session.get_one(LedgerEntry, result.entry.id)
    account = db.session.get_one(ServiceAccount, account.id)
    assert (columns_of(entry), columns_of(account)) == handed
    assert (account.balance_minutes, account.last_seq, account.last_hash) == (90, entry.seq, entry.hash)


def test_an_entry_refused_by_the_database_leaves_the_account_head_as_it_was(make_customer):
    """On PostgreSQL the INSERT and the UPDATE are one statement: the refused INSERT takes the UPDATE with it."""
    customer = make_customer()
    first = record_adjustment(customer.id, 30, "Goodwill", actor=SYSTEM).entry
    account_id = first.account_id
    before = columns_of(db.session.get_one(ServiceAccount, account_id))
    duplicate = {key: value for key, value in columns_of(first).items() if key != "id"}  # same (account, seq)
    with pytest.raises(IntegrityError), write_transaction() as session:
        account = session.get_one(ServiceAccount, account_id)
        insert_row_and_update(session, LedgerEntry, duplicate, account, balance_minutes=999, last_seq=99)
    db.session.expire_all()
    assert columns_of(db.session.get_one(ServiceAccount, account_id)) == before
