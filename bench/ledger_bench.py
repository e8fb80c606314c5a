"""Ledger benchmark: append and task rates vs a bare insert loop, O(1) balance reads, verify speed.

    python bench/ledger_bench.py                      # SQLite
    python bench/ledger_bench.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

Every figure that matters is a ratio against a baseline measured in the same run on the same engine.
"""
from __future__ import annotations

import argparse
import time
from functools import partial
from datetime import date, datetime, timezone

from sqlalchemy import Column, DateTime, Index, Integer, MetaData, String, Table, Text, UniqueConstraint, insert, select

from bench.common import default_database_url, engine_label, median_seconds, print_table, rate, scratch_app, timed
from ledger.domain.accounts.entries import EntryKind
from ledger.extensions import db
from ledger.models import LedgerEntry, ServiceAccount
from ledger.services.access import SYSTEM
from ledger.services.accounts.bulk import Movement, bulk_load_entries
from ledger.services.accounts.hours import get_balance, record_adjustment
from ledger.services.accounts.verify import VERIFY_BATCH, entry_rows_query, verify_ledger
from ledger.services.customers.customers import create_customer
from ledger.services.work.tasks import record_task

CUSTOMER = {"name": "Bench AB", "country": "NO", "org_number": "bench", "currency": "SEK",
            "hourly_rate": "950.00", "monthly_fee": "1499.00"}


def new_customer_id(suffix: str) -> int:
    return create_customer({**CUSTOMER, "org_number": f"bench-{suffix}"}, actor=SYSTEM).id


#: Same columns, unique key and index as ledger_entries, without triggers or foreign keys.
BARE = Table(
    "bench_bare_entries",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("balance_after", Integer, nullable=False),
    Column("reverses_entry_id", Integer),
    Column("memo", Text, nullable=False),
    Column("actor_id", Integer),
    Column("recorded_at", DateTime, nullable=False),
    Column("idempotency_key", String(255)),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    UniqueConstraint("account_id", "seq"),
    Index("ix_bench_bare_account_recorded", "account_id", "recorded_at"),
)


#: The three write loops run in turn, this many rounds of `appends / ROUNDS` each, so that a load from other work
#: that comes and goes falls on the baseline and the service alike.
ROUNDS = 10


def bare_insert_loop(account_id: int, count: int, first_seq: int = 1) -> None:
    """Baseline: one Core INSERT + COMMIT per row into a table shaped like ledger_entries, nothing computed."""
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    BARE.create(db.engine, checkfirst=True)
    with db.engine.connect() as connection:
        for seq in range(first_seq, first_seq + count):
            connection.execute(insert(BARE), {
                "account_id": account_id, "seq": seq, "kind": "adjustment", "minutes": 1, "balance_after": seq,
                "memo": "bench", "recorded_at": now, "prev_hash": "0" * 64, "hash": "0" * 64,
            })
            connection.commit()


def run(database_url: str | None, appends: int, entries: int) -> list[tuple[str, str]]:
    """Measure and return the figures as (name, value) rows."""
    with scratch_app(database_url):
        bare_id = create_customer({**CUSTOMER, "org_number": "bench-bare"}, actor=SYSTEM).account.id
        service_customer = new_customer_id("service")
        task_customer = new_customer_id("tasks")
        task = {"customer_id": task_customer, "category": "installation", "minutes": 30,
                "description": "Bench task", "work_date": date.today()}
        chunk = max(1, appends // ROUNDS)
        spent, cpu = [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]
        appended = lambda: [record_adjustment(service_customer, 1, "bench", actor=SYSTEM) for _ in range(chunk)]  # noqa: E731
        logged = lambda: [record_task(task, actor=SYSTEM) for _ in range(chunk)]  # noqa: E731
        for first_seq in range(1, chunk * ROUNDS, chunk):
            for index, work in enumerate((partial(bare_insert_loop, bare_id, chunk, first_seq), appended, logged)):
                started = time.process_time()
                spent[index] += timed(work)[0]
                cpu[index] += time.process_time() - started
        bare_rate, service_rate, task_rate = (chunk * ROUNDS / seconds for seconds in spent)
        bare_cpu, service_cpu, task_cpu = (seconds / (chunk * ROUNDS) for seconds in cpu)
        appends = chunk * ROUNDS

        small, large = new_customer_id("small"), new_customer_id("large")
        bulk_load_entries(small, [Movement(EntryKind.ADJUSTMENT, 1, "bench")] * 10, actor=SYSTEM)
        bulk_load_entries(large, [Movement(EntryKind.ADJUSTMENT, 1, "bench")] * entries, actor=SYSTEM)
        read_small = median_seconds(lambda: get_balance(small, actor=SYSTEM), 500)
        read_large = median_seconds(lambda: get_balance(large, actor=SYSTEM), 500)

        total = db.session.query(LedgerEntry).count()
        fetch_rate = rate(total, lambda: _assert_count(bare_fetch(), total))
        verify_rate = rate(total, lambda: _assert_ok(verify_ledger()))
    return [
        ("engine", engine_label(database_url)),
        (f"bare insert+commit loop ({appends} rows)", f"{bare_rate:,.0f} rows/s"),
        (f"service appends, record_adjustment ({appends})", f"{service_rate:,.0f} entries/s"),
        ("service / bare (append cost ratio)", f"{service_rate / bare_rate:.2f}"),
        (f"tasks recorded, debited, record_task ({appends})", f"{task_rate:,.0f} tasks/s"),
        ("tasks / bare (task cost ratio)", f"{task_rate / bare_rate:.2f}"),
        ("CPU of this process per bare row, append, task", f"{bare_cpu * 1000:.2f}, {service_cpu * 1000:.2f}, "
                                                           f"{task_cpu * 1000:.2f} ms"),
        ("service / bare, tasks / bare, CPU (ratios)", f"{bare_cpu / service_cpu:.2f}, {bare_cpu / task_cpu:.2f}"),
        ("balance read, 10 entries (median)", f"{read_small * 1e6:,.0f} µs"),
        (f"balance read, {entries:,} entries (median)", f"{read_large * 1e6:,.0f} µs"),
        (f"balance read ratio {entries:,} / 10 (~1 = O(1))", f"{read_large / read_small:.2f}"),
        (f"bare fetch of the same rows ({total:,} entries)", f"{fetch_rate:,.0f} rows/s"),
        (f"ledger verify ({total:,} entries)", f"{verify_rate:,.0f} entries/s"),
        ("verify / bare fetch (check cost ratio)", f"{verify_rate / fetch_rate:.2f}"),
    ]


def bare_fetch() -> int:
    """Baseline for verify: every account's entries read the way verify reads them (same query, same batches),
    nothing checked; returns how many rows came back."""
    count = 0
    for account_id in db.session.execute(select(ServiceAccount.id).order_by(ServiceAccount.id)).scalars().all():
        rows = db.session.execute(entry_rows_query(account_id), execution_options={"yield_per": VERIFY_BATCH})
        for _row in rows:
            count += 1
    db.session.rollback()
    return count


def _assert_count(count: int, expected: int) -> None:
    if count != expected:
        raise SystemExit(f"bare fetch read {count} rows, expected {expected}")


def _assert_ok(report) -> None:  # type: ignore[no-untyped-def]
    if not report.ok:
        raise SystemExit(f"verify failed: {report.problems[0]}")


def main(argv: list[str] | None = None) -> list[tuple[str, str]]:
    """Parse arguments, run, print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=default_database_url(), help="PostgreSQL URL; default: SQLite")
    parser.add_argument("--appends", type=int, default=2000, help="appends timed per method (default 2000)")
    parser.add_argument("--entries", type=int, default=100_000, help="entries on the large account (default 100000)")
    args = parser.parse_args(argv)
    rows = run(args.database_url, args.appends, args.entries)
    print_table("Ledger benchmark", rows)
    return rows


if __name__ == "__main__":
    main()
