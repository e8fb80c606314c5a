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
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ledger import create_app  # noqa: E402
from ledger.extensions import db  # noqa: E402


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


def median_seconds(work: Callable[[], object], repeat: int) -> float:
    """Median wall time of one call of `work` over `repeat` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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
