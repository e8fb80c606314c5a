"""Helpers for database tests: raw SQL beside the app, and whole-account checks of L2/L4."""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select, text

from ledger.domain.periods import local_date
from ledger.extensions import db
from ledger.models import LedgerEntry, ServiceAccount
from ledger.services.access import SYSTEM, Actor
from ledger.services.clock import utcnow
from ledger.services.work.tasks import TaskResult, record_task


def run_sql(sql: str, bypass_triggers: bool = False, **params: Any) -> None:
    """Execute `sql` in a transaction of its own, optionally with the append-only triggers switched off."""
    db.session.rollback()  # release the app session's read locks, or PostgreSQL's TRUNCATE would wait on them
    with db.engine.begin() as connection:
        if bypass_triggers:
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
            else:
                connection.exec_driver_sql("DROP TRIGGER ledger_entries_no_update")
        connection.execute(text(sql), params)


def account_entries(customer_id: int) -> tuple[ServiceAccount, list[LedgerEntry]]:
    """The account row and its entries in seq order, read fresh (other threads may have written)."""
    db.session.rollback()
    db.session.expire_all()
    account = db.session.execute(select(ServiceAccount).where(ServiceAccount.customer_id == customer_id)).scalar_one()
    entries = db.session.execute(
        select(LedgerEntry).where(LedgerEntry.account_id == account.id).order_by(LedgerEntry.seq)
    ).scalars().all()
    return account, list(entries)


def assert_account_sound(customer_id: int, overdraft_limit_minutes: int | None = None) -> int:
    """L2 (contiguous seq, balance = sum = last balance_after) and L4 (never below the limit); returns the balance."""
    account, entries = account_entries(customer_id)
    assert [entry.seq for entry in entries] == list(range(1, len(entries) + 1))
    running = 0
    for entry in entries:
        running += entry.minutes
        assert entry.balance_after == running
        if overdraft_limit_minutes is not None and entry.kind == "consumption":
            assert entry.balance_after >= -overdraft_limit_minutes
    assert account.balance_minutes == running == (entries[-1].balance_after if entries else 0)
    assert account.last_seq == len(entries)
    return running


def debit(customer_id: int, minutes: int, description: str = "Installation", actor: Actor = SYSTEM,
          work_date: date | None = None, **facts: Any) -> TaskResult:
    """Log a task the Swedish terms debit (installation), so `minutes` rounded up is consumed."""
    return record_task(
        {"customer_id": customer_id, "category": "installation", "minutes": minutes, "description": description,
         "work_date": work_date or local_date(utcnow()), **facts},
        actor=actor,
    )


def race(app: Any, work: Any, count: int) -> list[Any]:
    """Run `work(i)` in `count` threads, each with its own app context and connection, released at the same
    instant; return what each returned or raised, in order."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    db.session.remove()  # hand this thread's connection back: the threads need the whole pool
    barrier = threading.Barrier(count)

    def run(index: int) -> Any:
        with app.app_context():
            barrier.wait()
            try:
                return work(index)
            except Exception as error:  # noqa: BLE001 - the caller counts the refusals
                return error

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))
