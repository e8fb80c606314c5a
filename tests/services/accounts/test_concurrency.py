"""L7: writers that really race, each on its own connection, lose nothing and never break L2/L4."""
import threading
from concurrent.futures import ThreadPoolExecutor

from ledger.domain.errors import InsufficientHours
from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_purchase
from ledger.services.accounts.verify import verify_ledger
from ledger.services.idempotency import IdempotencyKey
from tests.services.helpers import account_entries, assert_account_sound, debit

THREADS = 10


def race(app, work, count=THREADS):
    """Run `work(i)` in `count` threads released at the same instant; return their results in order."""
    barrier = threading.Barrier(count)

    def run(index):
        with app.app_context():
            barrier.wait()
            try:
                return work(index)
            except InsufficientHours:
                return "refused"

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def test_concurrent_debits_with_room_for_only_some_succeed_exactly_that_many(app, make_customer, make_user):
    staff = make_user("staff")
    customer = make_customer(overdraft_limit_minutes=0)
    record_purchase(customer.id, 100, "1000.00", actor=SYSTEM)
    for round_number in range(3):
        if round_number:
            record_purchase(customer.id, 100, "1000.00", actor=SYSTEM)
        results = race(app, lambda i: debit(customer.id, 20, f"task {i}", actor=staff).balance_minutes)
        assert results.count("refused") == THREADS - 5
        assert sorted(r for r in results if r != "refused") == [0, 20, 40, 60, 80]
    assert assert_account_sound(customer.id, overdraft_limit_minutes=0) == 0
    assert verify_ledger().ok


def test_concurrent_purchases_on_one_account_are_all_kept(app, make_customer):
    customer = make_customer()
    race(app, lambda i: record_purchase(customer.id, 60 + i, "100.00", actor=SYSTEM))
    assert assert_account_sound(customer.id) == sum(60 + i for i in range(THREADS))


def test_concurrent_retries_with_one_idempotency_key_write_one_entry(app, make_customer, make_user):
    staff = make_user("staff")
    customer = make_customer()
    key = IdempotencyKey.for_request(staff.id, "retry-1", "record_purchase", {"minutes": 60})
    results = race(app, lambda i: record_purchase(customer.id, 60, "100.00", actor=staff, idempotency=key).entry.id)
    assert len(set(results)) == 1
    _, entries = account_entries(customer.id)
    assert len(entries) == 1
