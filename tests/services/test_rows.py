"""Rows written with one Core statement read back exactly as the objects the session was handed."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from ledger.extensions import db
from ledger.models import Customer, LedgerEntry, Task
from ledger.services.access import SYSTEM
from ledger.services.rows import insert_row
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
