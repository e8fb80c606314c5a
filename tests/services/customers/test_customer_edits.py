"""Editing a customer's terms and address: validated like a new customer, every change kept with who and when."""
from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from ledger.domain.errors import Conflict, InvalidInput
from ledger.extensions import db
from ledger.models import CustomerChange, User
from ledger.services.access import SYSTEM
from ledger.services.accounts.closing import close_customer
from ledger.services.customers.customers import get_customer
from ledger.services.customers.edits import list_customer_changes, update_customer
from ledger.services.errors import Forbidden, NotFound
from tests.conftest import utc


def test_an_edit_changes_the_terms_and_records_who_changed_what_from_what(make_customer, make_user, freeze_clock):
    customer = make_customer(hourly_rate="950.00", overdraft_limit_minutes=0)
    staff = make_user("staff")
    freeze_clock(utc(2026, 3, 5, 10))
    changes = update_customer(customer.id, {"hourly_rate": "1050.00", "overdraft_limit_minutes": None,
                                            "address": "Storgatan 12\n111 22 Stockholm"}, actor=staff)
    assert [change.field for change in changes] == ["address", "hourly_rate", "overdraft_limit_minutes"]
    stored = get_customer(customer.id, actor=staff)
    assert (stored.hourly_rate_minor, stored.overdraft_limit_minutes) == (105000, None)
    assert stored.address == "Storgatan 12\n111 22 Stockholm"
    trail = list_customer_changes(customer.id, actor=staff)
    name = db.session.get(User, staff.id).display_name
    assert {(row.field, row.before, row.after, who) for row, who in trail} == {
        ("address", None, "Storgatan 12\n111 22 Stockholm", name),
        ("hourly_rate", "95000", "105000", name),
        ("overdraft_limit_minutes", "0", None, name),
    }
    assert {row.changed_at for row, _ in trail} == {utc(2026, 3, 5, 10)}


def test_an_edit_that_changes_nothing_writes_nothing(make_customer, make_user):
    customer = make_customer(hourly_rate="950.00")
    assert update_customer(customer.id, {"hourly_rate": "950"}, actor=make_user("staff")) == []
    assert db.session.query(CustomerChange).count() == 0


def test_bad_values_are_refused_field_by_field_and_nothing_is_written(make_customer, make_user):
    customer = make_customer()
    with pytest.raises(InvalidInput) as refused:
        update_customer(customer.id, {"hourly_rate": "lots", "email": "nope", "low_balance_minutes": None,
                                      "org_number": "559012-3450"}, actor=make_user("staff"))
    assert set(refused.value.problems) >= {"org_number", "low_balance_minutes"}
    assert db.session.query(CustomerChange).count() == 0
    with pytest.raises(InvalidInput) as refused:
        update_customer(customer.id, {"hourly_rate": "lots", "email": "nope"}, actor=make_user("staff"))
    assert set(refused.value.problems) == {"hourly_rate", "email"}
    assert get_customer(customer.id, actor=SYSTEM).email is None


def test_finance_and_customers_cannot_edit_and_closed_or_unknown_customers_are_refused(make_customer, make_user):
    customer = make_customer()
    with pytest.raises(Forbidden):
        update_customer(customer.id, {"name": "X AB"}, actor=make_user("finance"))
    with pytest.raises(Forbidden):
        update_customer(customer.id, {"name": "X AB"}, actor=make_user("customer", customer.id))
    with pytest.raises(NotFound):
        update_customer(customer.id + 100, {"name": "X AB"}, actor=SYSTEM)
    close_customer(customer.id, "moved", actor=SYSTEM)
    with pytest.raises(Conflict) as refused:
        update_customer(customer.id, {"name": "X AB"}, actor=SYSTEM)
    assert refused.value.code == "customer_closed"


def test_the_audit_trail_cannot_be_rewritten(make_customer):
    customer = make_customer()
    update_customer(customer.id, {"name": "Nytt Namn AB"}, actor=SYSTEM)
    db.session.commit()
    for statement in ("UPDATE customer_changes SET after = 'Fake AB'", "DELETE FROM customer_changes"):
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
    assert [row.after for row, _ in list_customer_changes(customer.id, actor=SYSTEM)] == ["Nytt Namn AB"]
