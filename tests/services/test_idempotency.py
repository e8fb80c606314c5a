"""L6: the same key and request answer the first result and write nothing; another request is refused."""
import pytest

from ledger.services.accounts.hours import record_purchase
from ledger.services.errors import IdempotencyConflict
from ledger.services.idempotency import IdempotencyKey
from tests.services.helpers import account_entries


def key_for(actor, key, payload):
    return IdempotencyKey.for_request(actor.id, key, "record_purchase", payload)


def test_a_retry_returns_the_first_result_and_writes_nothing(make_customer, make_user):
    staff = make_user("staff")
    customer = make_customer()
    first = record_purchase(customer.id, 600, "9000.00", actor=staff, idempotency=key_for(staff, "k", [600]))
    record_purchase(customer.id, 60, "900.00", actor=staff)
    again = record_purchase(customer.id, 600, "9000.00", actor=staff, idempotency=key_for(staff, "k", [600]))
    assert (again.entry.id, again.balance_minutes, again.package.id) == (first.entry.id, 600, first.package.id)
    account, entries = account_entries(customer.id)
    assert len(entries) == 2 and account.balance_minutes == 660


def test_the_same_key_with_another_request_is_refused(make_customer, make_user):
    staff = make_user("staff")
    customer = make_customer()
    record_purchase(customer.id, 600, "9000.00", actor=staff, idempotency=key_for(staff, "k", [600]))
    with pytest.raises(IdempotencyConflict, match="already used for a different request"):
        record_purchase(customer.id, 300, "4500.00", actor=staff, idempotency=key_for(staff, "k", [300]))
    assert len(account_entries(customer.id)[1]) == 1


def test_keys_belong_to_the_user_who_sent_them(make_customer, make_user):
    alice, bob = make_user("staff"), make_user("staff")
    customer = make_customer()
    record_purchase(customer.id, 60, "900.00", actor=alice, idempotency=key_for(alice, "k", [60]))
    record_purchase(customer.id, 60, "900.00", actor=bob, idempotency=key_for(bob, "k", [60]))
    assert len(account_entries(customer.id)[1]) == 2
