"""Shared set-up for the benchmarks: a throwaway migrated database and a results table."""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ledger import create_app  # noqa: E402
from ledger.extensions import db  # noqa: E402
from ledger.services.access import SYSTEM  # noqa: E402
from ledger.services.accounts.hours import record_purchase  # noqa: E402
from ledger.services.clock import pinned_clock  # noqa: E402
from ledger.services.customers.customers import create_customer  # noqa: E402
from ledger.services.work.tasks import record_task  # noqa: E402

#: The benchmarks' month: work is logged in October 2026 and invoiced on 2 November.
IN_OCTOBER = datetime(2026, 10, 6, 9, tzinfo=timezone.utc)
AFTER_OCTOBER = datetime(2026, 11, 2, 9, tzinfo=timezone.utc)
OCTOBER_WORK = (("installation", 150), ("hosting", 30), ("guidance", 15))


def bench_customer(name: str, key: str, **terms: object) -> int:
    """A customer outside the EU (no org-number check), 950 kr/h and 1 499 kr a month; returns its id."""
    return create_customer({"name": name, "org_number": key, "country": "NO", "currency": "SEK",
                            "hourly_rate": "950.00", "monthly_fee": "1499.00", **terms}, actor=SYSTEM).id


def month_of_work(count: int, prefix: str) -> None:
    """`count` customers who bought 2 h and logged debited and included work in October, half of them in
    English: what a monthly invoice run meets."""
    with pinned_clock(IN_OCTOBER):
        for index in range(count):
            customer_id = bench_customer(f"{prefix} {index} AB", f"{prefix}-{index}", language="sv" if index % 2 else "en",
                                         address="Storgatan 1\n111 22 Stockholm")
            record_purchase(customer_id, 120, "1900.00", actor=SYSTEM)
            for category, minutes in OCTOBER_WORK:
                record_task({"customer_id": customer_id, "category": category, "minutes": minutes,
                             "description": "Arbete för bänken", "work_date": date(2026, 10, 6)}, actor=SYSTEM)


@contextmanager
def scratch_app(database_url: str | None) -> Iterator[Flask]:
    """An app on a new, migrated database: a temp SQLite file, or a fresh schema in the given PostgreSQL."""
    schema = None
    admin = None
    if database_url and database_url.startswith("postgresql"):
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
        separator = "&" if "?" in database_url else "?"
        url = f"{database_url}{separator}options=-csearch_path%3D{schema}"
        folder = None
    else:
        folder = tempfile.TemporaryDirectory(prefix="servicekonto-bench-")
        url = f"sqlite:///{Path(folder.name) / 'bench.db'}"
    app = create_app({"SERVICEKONTO_ENV": "testing", "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url})
    try:
        with app.app_context():
            upgrade()
            yield app
            db.session.remove()
            db.engine.dispose()
    finally:
        if admin is not None:
            with admin.connect() as connection:
                connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
            admin.dispose()
        if folder is not None:
            folder.cleanup()


def rate(count: int, work: Callable[[], None]) -> float:
    """Operations per second of `work`, which performs `count` operations."""
    start = time.perf_counter()
    work()
    return count / (time.perf_counter() - start)


def timed(work: Callable[[], object]) -> tuple[float, object]:
    """Wall time of one call of `work`, and what it returned."""
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def median_seconds(work: Callable[[], object], repeat: int) -> float:
    """Median wall time of one call of `work` over `repeat` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def interleaved_medians(works: list[Callable[[], object]], repeat: int,
                        clock: Callable[[], float] = time.perf_counter) -> list[float]:
    """Median time (wall, or `clock`: `time.process_time` for this process's CPU) of one call of each of `works`,
    called in turn `repeat` times: on a machine shared with other work a load that comes and goes then falls on
    every figure alike, not on whichever ran at the time."""
    times: list[list[float]] = [[] for _ in works]
    for _ in range(repeat):
        for work, spent in zip(works, times):
            start = clock()
            work()
            spent.append(clock() - start)
    return [statistics.median(spent) for spent in times]


def print_table(title: str, rows: list[tuple[str, str]]) -> None:
    """Print figures as an aligned two-column table."""
    width = max(len(name) for name, _ in rows)
    print(f"\n{title}")
    print("-" * (width + 24))
    for name, value in rows:
        print(f"{name.ljust(width)}  {value}")


def engine_label(url: str | None) -> str:
    return "postgresql" if url and url.startswith("postgresql") else "sqlite"


def default_database_url() -> str | None:
    """BENCH_DATABASE_URL if set (PostgreSQL), else SQLite."""
    return os.environ.get("BENCH_DATABASE_URL")
