"""Entry rules: signs per kind, the overdraft limit (L4) and reversals (L5)."""
from datetime import datetime, timezone

import pytest

from ledger.domain.accounts.entries import (
    AccountHead,
    EntryKind,
    append_entry,
    check_limit,
    check_sign,
    reversal_minutes,
)
from ledger.domain.errors import Conflict, InsufficientHours, InvalidInput

NOW = datetime(2026, 3, 5, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("kind", "minutes"),
    [(EntryKind.PURCHASE, -60), (EntryKind.CONSUMPTION, 60), (EntryKind.FORFEIT, 60), (EntryKind.SETTLEMENT, -1)],
)
def test_a_kind_with_a_fixed_direction_refuses_the_other_sign(kind, minutes):
    with pytest.raises(InvalidInput, match="must (add|take) minutes"):
        check_sign(kind, minutes)


@pytest.mark.parametrize("kind", list(EntryKind))
def test_no_entry_moves_zero_minutes(kind):
    with pytest.raises(InvalidInput, match="zero"):
        check_sign(kind, 0)


def test_a_refused_debit_says_balance_need_and_that_no_overdraft_is_allowed():
    with pytest.raises(InsufficientHours) as refused:
        check_limit(customer_id=12, balance_minutes=45, needed_minutes=90, overdraft_limit_minutes=0, what="this task")
    assert refused.value.message == (
        "Customer 12 has 45 min left; this needs 1 h 30 min and the account allows no overdraft."
    )
    assert refused.value.params == {
        "customer_id": 12, "balance_minutes": 45, "needed_minutes": 90, "overdraft_limit_minutes": 0,
    }


def test_a_debit_may_use_the_overdraft_up_to_its_limit_exactly():
    check_limit(customer_id=1, balance_minutes=30, needed_minutes=150, overdraft_limit_minutes=120, what="x")
    with pytest.raises(InsufficientHours, match="overdraft of at most 2 h"):
        check_limit(customer_id=1, balance_minutes=30, needed_minutes=151, overdraft_limit_minutes=120, what="x")


def test_without_a_limit_the_customer_pays_for_exact_time_and_any_debit_is_accepted():
    check_limit(customer_id=1, balance_minutes=0, needed_minutes=10**6, overdraft_limit_minutes=None, what="x")


def test_a_reversal_is_never_refused_for_lack_of_hours():
    new = append_entry(
        AccountHead(balance_minutes=0), account_id=1, kind=EntryKind.REVERSAL, minutes=-600, recorded_at=NOW,
        customer_id=1, overdraft_limit_minutes=0, reverses_entry_id=5,
    )
    assert new.head.balance_minutes == -600


def test_an_entry_is_reversed_exactly_and_at_most_once():
    assert reversal_minutes("consumption", -90, already_reversed=False) == 90
    with pytest.raises(Conflict, match="already been reversed"):
        reversal_minutes("consumption", -90, already_reversed=True)
    with pytest.raises(Conflict, match="cannot itself be reversed"):
        reversal_minutes("reversal", 90, already_reversed=False)
