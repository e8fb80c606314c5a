"""The bulk-load fast path writes exactly what the services would: a chain that verifies, all or nothing."""
from datetime import timedelta

import pytest

from ledger.domain.accounts.entries import EntryKind
from ledger.domain.errors import InsufficientHours, InvalidInput
from ledger.services.access import SYSTEM
from ledger.services.accounts.bulk import Movement, bulk_load_entries
from ledger.services.accounts.hours import record_purchase
from ledger.services.accounts.verify import verify_ledger
from tests.conftest import utc
from tests.services.helpers import account_entries, assert_account_sound, debit


def test_a_bulk_loaded_history_verifies_and_keeps_its_own_times(make_customer, freeze_clock):
    freeze_clock(utc(2026, 11, 1, 9))
    customer = make_customer()
    start = utc(2020, 1, 1)
    movements = [Movement(EntryKind.PURCHASE if i % 10 == 0 else EntryKind.CONSUMPTION, 600 if i % 10 == 0 else -30,
                          f"history {i}", start + timedelta(hours=i)) for i in range(2_500)]
    assert bulk_load_entries(customer.id, movements, actor=SYSTEM) == 2_500
    account, entries = account_entries(customer.id)
    assert entries[0].recorded_at == start and entries[-1].recorded_at == start + timedelta(hours=2_499)
    assert assert_account_sound(customer.id) == 250 * 600 - 2_250 * 30
    debit(customer.id, 15)  # the services carry on where the history ends
    assert verify_ledger().ok


def test_a_bulk_load_that_breaks_a_rule_writes_nothing(make_customer):
    customer = make_customer(overdraft_limit_minutes=0)
    record_purchase(customer.id, 60, "100.00", actor=SYSTEM)
    with pytest.raises(InsufficientHours):
        bulk_load_entries(customer.id, [Movement(EntryKind.CONSUMPTION, -30, "ok"),
                                        Movement(EntryKind.CONSUMPTION, -31, "one too many")], actor=SYSTEM)
    with pytest.raises(InvalidInput, match="earlier than the one before"):
        bulk_load_entries(customer.id, [Movement(EntryKind.ADJUSTMENT, 5, "late", utc(2000, 1, 1))], actor=SYSTEM)
    assert len(account_entries(customer.id)[1]) == 1
