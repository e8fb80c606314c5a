"""Customers: creation, roles, and closing (remaining hours are forfeited, hours owed must be invoiced first)."""
import pytest

from ledger.domain.errors import Conflict, InvalidInput
from ledger.services.access import SYSTEM
from ledger.services.accounts.closing import close_customer
from ledger.services.accounts.hours import record_purchase
from ledger.services.customers.customers import create_customer, list_customers
from ledger.services.errors import Forbidden
from tests.conftest import CUSTOMER_DEFAULTS
from tests.services.helpers import account_entries, debit


def test_a_new_customer_starts_with_an_empty_account(make_customer):
    customer = make_customer(billing_increment_minutes=15, overdraft_limit_minutes=0)
    assert customer.account.balance_minutes == 0 and customer.account.last_seq == 0
    assert (customer.hourly_rate_minor, customer.billing_increment_minutes) == (95000, 15)


def test_an_active_customer_cannot_be_created_twice(make_customer):
    make_customer(org_number="556677-8899")
    with pytest.raises(Conflict, match="already has organisation number 556677-8899"):
        make_customer(org_number="5566778899")


def test_finance_and_customer_users_cannot_create_customers(make_user, make_customer):
    customer = make_customer()
    for actor in (make_user("finance"), make_user("customer", customer.id)):
        with pytest.raises(Forbidden):
            create_customer(dict(CUSTOMER_DEFAULTS), actor=actor)


def test_a_customer_user_lists_only_its_own_customer(make_customer, make_user):
    mine, _other = make_customer(name="Mine AB"), make_customer(name="Other AB")
    assert [c.name for c in list_customers(actor=make_user("customer", mine.id))] == ["Mine AB"]
    assert len(list_customers(actor=make_user("staff"))) == 2


def test_closing_forfeits_the_remaining_hours_and_closes_the_account(make_customer):
    customer = make_customer()
    record_purchase(customer.id, 600, "9000.00", actor=SYSTEM)
    debit(customer.id, 90, "work", actor=SYSTEM)
    entry = close_customer(customer.id, "Contract ended", actor=SYSTEM)
    assert (entry.kind, entry.minutes, entry.balance_after, entry.memo) == ("forfeit", -510, 0, "Contract ended")
    with pytest.raises(Conflict, match="closed"):
        record_purchase(customer.id, 60, "100.00", actor=SYSTEM)
    with pytest.raises(Conflict, match="Customer [0-9]+ is closed"):
        close_customer(customer.id, "again", actor=SYSTEM)


def test_closing_an_account_with_no_hours_left_writes_no_entry(make_customer):
    customer = make_customer()
    assert close_customer(customer.id, "Never used", actor=SYSTEM) is None
    assert account_entries(customer.id)[1] == []


def test_a_customer_who_owes_hours_cannot_be_closed_before_they_are_invoiced(make_customer):
    customer = make_customer()
    debit(customer.id, 90, "work", actor=SYSTEM)
    with pytest.raises(Conflict, match="owes 1 h 30 min"):
        close_customer(customer.id, "Leaving", actor=SYSTEM)


def test_closing_needs_an_admin_and_a_reason(make_customer, make_user):
    customer = make_customer()
    with pytest.raises(Forbidden):
        close_customer(customer.id, "Leaving", actor=make_user("staff"))
    with pytest.raises(InvalidInput, match="reason"):
        close_customer(customer.id, "  ", actor=SYSTEM)
