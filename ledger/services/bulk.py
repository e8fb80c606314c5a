"""The fast path for loading many entries at once (history imports, benchmarks).

Each entry still goes through the domain's append rules (signs, overdraft limit) and hash chain; only
the database round trips are batched: one locked transaction, inserts in batches of executemany.
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import insert

from ledger.domain.entries import EntryKind, append_entry
from ledger.models import LedgerEntry
from ledger.services.access import Actor, require_role
from ledger.services.entries import head_of, next_recorded_at
from ledger.services.tx import lock_account, write_transaction

BATCH_SIZE = 10_000


def bulk_load_entries(customer_id: int, movements: Iterable[tuple[EntryKind, int, str]], *, actor: Actor) -> int:
    """Append (kind, minutes, memo) movements to one account in a single transaction; return how many.

    All or nothing: a refused movement (zero, wrong sign, past the overdraft limit) writes none of them.
    """
    require_role(actor, "admin")
    count = 0
    with write_transaction() as session:
        customer, account = lock_account(session, customer_id)
        head = head_of(account)
        batch: list[dict[str, object]] = []
        recorded_at = next_recorded_at(account)
        for kind, minutes, memo in movements:
            new = append_entry(
                head,
                account_id=account.id,
                kind=kind,
                minutes=minutes,
                recorded_at=recorded_at,
                customer_id=customer.id,
                overdraft_limit_minutes=customer.overdraft_limit_minutes,
                memo=memo,
                actor_id=actor.id,
            )
            batch.append({**vars(new.fields), "prev_hash": new.prev_hash, "hash": new.hash})
            head = new.head
            if len(batch) >= BATCH_SIZE:
                session.execute(insert(LedgerEntry), batch)
                count += len(batch)
                batch = []
        if batch:
            session.execute(insert(LedgerEntry), batch)
            count += len(batch)
        account.balance_minutes, account.last_seq, account.last_hash = head.balance_minutes, head.last_seq, head.last_hash
        account.last_recorded_at = recorded_at
    return count

