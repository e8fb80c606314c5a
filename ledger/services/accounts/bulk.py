"""The fast path for loading many entries at once (history imports, benchmarks).

Each entry still goes through the domain's append rules (signs, overdraft limit) and hash chain; only
the database round trips are batched: one locked transaction, inserts in batches of executemany.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert

from ledger.domain.accounts.chain import utc_naive
from ledger.domain.accounts.entries import EntryKind, append_entry
from ledger.domain.errors import InvalidInput
from ledger.domain.problems import N_, define_messages
from ledger.models import LedgerEntry
from ledger.services.access import Actor, require_role
from ledger.services.accounts.entries import head_of, next_recorded_at
from ledger.services.tx import lock_account, write_transaction

MESSAGES = define_messages({
    "entry_out_of_order": N_("Entry %(position)s is earlier than the one before it."),
})

BATCH_SIZE = 10_000


@dataclass(frozen=True)
class Movement:
    """One entry to load; `recorded_at` (aware) keeps a history's own times, never before the previous entry."""

    kind: EntryKind
    minutes: int
    memo: str
    recorded_at: datetime | None = None


def bulk_load_entries(customer_id: int, movements: Iterable[Movement], *, actor: Actor) -> int:
    """Append movements to one account in a single transaction; return how many.

    All or nothing: a refused movement (zero, wrong sign, past the overdraft limit, or a time earlier than
    the entry before it) writes none of them.
    """
    require_role(actor, "admin")
    count = 0
    with write_transaction() as session:
        customer, account = lock_account(session, customer_id)
        head = head_of(account)
        now = next_recorded_at(account)
        previous = account.last_recorded_at
        batch: list[dict[str, object]] = []
        for movement in movements:
            recorded_at = movement.recorded_at or now
            if previous is not None and utc_naive(recorded_at) < utc_naive(previous):
                raise InvalidInput.single("recorded_at", "entry_out_of_order", position=count + len(batch) + 1)
            new = append_entry(
                head, account_id=account.id, kind=movement.kind, minutes=movement.minutes, recorded_at=recorded_at,
                customer_id=customer.id, overdraft_limit_minutes=customer.overdraft_limit_minutes,
                memo=movement.memo, actor_id=actor.id,
            )
            batch.append({**vars(new.fields), "prev_hash": new.prev_hash, "hash": new.hash})
            head, previous = new.head, recorded_at
            if len(batch) >= BATCH_SIZE:
                session.execute(insert(LedgerEntry), batch)
                count += len(batch)
                batch = []
        if batch:
            session.execute(insert(LedgerEntry), batch)
            count += len(batch)
        account.balance_minutes, account.last_seq, account.last_hash = head.balance_minutes, head.last_seq, head.last_hash
        if count:
            account.last_recorded_at = previous
    return count
