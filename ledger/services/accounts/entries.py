"""Booking an entry on a locked account: the one place where ledger rows are written."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain.accounts.entries import AccountHead, EntryKind, append_entry, reversal_minutes
from ledger.models import Customer, LedgerEntry, ServiceAccount
from ledger.services.access import Actor
from ledger.services.accounts.notices import refresh_low_balance
from ledger.services.clock import utcnow
from ledger.services.idempotency import IdempotencyKey
from ledger.services.rows import insert_row_and_update


def head_of(account: ServiceAccount) -> AccountHead:
    """The account row's running state as a domain value."""
    return AccountHead(account.balance_minutes, account.last_seq, account.last_hash)


def next_recorded_at(account: ServiceAccount) -> datetime:
    """Now, or the account's last entry time if the clock stepped back: entry times never decrease."""
    now = utcnow()
    return max(now, account.last_recorded_at) if account.last_recorded_at else now


def book_entry(
    session: Session,
    customer: Customer,
    account: ServiceAccount,
    kind: EntryKind,
    minutes: int,
    *,
    actor: Actor,
    memo: str = "",
    what: str = "this entry",
    idempotency: IdempotencyKey | None = None,
    **references: int | None,
) -> LedgerEntry:
    """Append the next entry to a locked account and move its head; the caller's transaction commits."""
    new = append_entry(
        head_of(account),
        account_id=account.id,
        kind=kind,
        minutes=minutes,
        recorded_at=next_recorded_at(account),
        customer_id=customer.id,
        overdraft_limit_minutes=customer.overdraft_limit_minutes,
        what=what,
        memo=memo,
        actor_id=actor.id,
        idempotency_key=idempotency.key if idempotency else None,
        **references,
    )
    columns = {
        "account_id": new.fields.account_id, "seq": new.fields.seq, "kind": new.fields.kind,
        "minutes": new.fields.minutes, "balance_after": new.fields.balance_after,
        "recorded_at": new.fields.recorded_at, "task_id": new.fields.task_id, "invoice_id": new.fields.invoice_id,
        "reverses_entry_id": new.fields.reverses_entry_id, "memo": new.fields.memo, "actor_id": new.fields.actor_id,
        "idempotency_key": new.fields.idempotency_key, "prev_hash": new.prev_hash, "hash": new.hash,
    }
    entry = insert_row_and_update(session, LedgerEntry, columns, account, balance_minutes=new.head.balance_minutes,
                                  last_seq=new.head.last_seq, last_hash=new.head.last_hash,
                                  last_recorded_at=new.fields.recorded_at)
    refresh_low_balance(session, customer, entry)
    return entry


def reverse_entry(session: Session, customer: Customer, account: ServiceAccount, entry_id: int, actor: Actor,
                  memo: str, **references: int | None) -> LedgerEntry:
    """Book exactly the negation of an earlier entry, at most once (L5); never refused for lack of hours."""
    original = session.get_one(LedgerEntry, entry_id)
    reversed_already = session.execute(
        select(LedgerEntry.id).where(LedgerEntry.reverses_entry_id == entry_id)
    ).scalar() is not None
    minutes = reversal_minutes(original.kind, original.minutes, reversed_already)
    return book_entry(session, customer, account, EntryKind.REVERSAL, minutes, actor=actor, memo=memo,
                      reverses_entry_id=entry_id, **references)
