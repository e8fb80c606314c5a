"""Jobs benchmark: issuing a month through the queue with 1 and with 2 worker processes (the ratio is the
speed-up), the month end for N customers end to end (drafting + issuing + archiving), and the one window of
mail delivery (SMTP acceptance -> commit).

    python -m bench.jobs_bench --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test \
        --redis redis://127.0.0.1:6379/15 --issue 200 --month-end 2000

Workers are `flask jobs worker --worker-type thread --no-periodic` processes on the same database and queue
(Redis when given and answering, else the embedded SQLite queue).
"""
from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench.common import AFTER_OCTOBER, engine_label, month_of_work, print_table, scratch_app
from ledger.config import ROOT
from ledger.domain.periods import Period
from ledger.extensions import db
from ledger.jobs import Jobs, jobs
from ledger.jobs.tasks import start_issuing
from ledger.models import Job
from ledger.services.access import Actor
from ledger.services.billing.runs import run_invoices
from ledger.services.clock import CLOCK_EXTENSION

OCTOBER = Period(2026, 10)
FINANCE = Actor(None, "finance")


def _redis_answers(url: str | None) -> bool:
    if not url:
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.exceptions.ConnectionError:
        return False


def _use_queue(app, redis_url: str | None, folder: str) -> dict[str, str]:
    """Point the app at a queue of its own; the environment a worker process needs to share it."""
    name = f"bench-{uuid.uuid4().hex[:8]}"
    environment = {"JOBS_QUEUE_NAME": name, "JOBS_IMMEDIATE": "0", "JOBS_STALE_SECONDS": "600"}
    if _redis_answers(redis_url):
        environment["JOBS_URL"] = redis_url  # type: ignore[assignment]
    else:
        environment["JOBS_SQLITE_PATH"] = str(Path(folder) / f"{name}.sqlite3")
    app.config.update({key: value for key, value in environment.items()}, JOBS_IMMEDIATE=False)
    app.extensions["servicekonto.jobs"] = Jobs(app)
    return environment


def _workers(count: int, database_url: str, environment: dict[str, str]) -> list[subprocess.Popen]:
    env = {**os.environ, **environment, "SERVICEKONTO_ENV": "development", "SECRET_KEY": "bench",
           "DATABASE_URL": database_url, "MAIL_BACKEND": "locmem"}
    return [subprocess.Popen([sys.executable, "-m", "flask", "jobs", "worker", "--worker-type", "thread",
                              "--no-periodic"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL) for _ in range(count)]


def _wait_done(job_id: int, timeout: float = 3600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.rollback()
        db.session.expire_all()
        if db.session.get(Job, job_id).status == "done":
            return
        time.sleep(0.1)
    raise RuntimeError(f"job {job_id} did not finish")


def issue_month(database_url: str | None, redis_url: str | None, customers: int, workers: int,
                draft: bool = False) -> tuple[float, float]:
    """(seconds drafting, seconds issuing through `workers` worker processes) for a month of `customers`."""
    with tempfile.TemporaryDirectory(prefix="servicekonto-jobs-bench-") as folder, scratch_app(database_url) as app:
        month_of_work(customers, "jobs")
        app.extensions[CLOCK_EXTENSION] = lambda: AFTER_OCTOBER
        start = time.perf_counter()
        run_invoices(OCTOBER, actor=FINANCE)
        drafting = time.perf_counter() - start
        environment = _use_queue(app, redis_url, folder)
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        processes = _workers(workers, url, environment)
        try:
            time.sleep(2.0)  # the workers start (imports, app) before the clock starts
            start = time.perf_counter()
            job = start_issuing(OCTOBER, actor=FINANCE)
            _wait_done(job.id)
            issuing = time.perf_counter() - start
        finally:
            for process in processes:
                process.send_signal(signal.SIGTERM)
            for process in processes:
                process.wait(timeout=60)
            jobs().huey.flush()
    return drafting, issuing


def mail_window(messages: int) -> tuple[float, float]:
    """(median, max) seconds between SMTP acceptance and the commit that records it, over `messages` mails."""
    from aiosmtpd.controller import Controller

    from ledger.extensions import mail
    from ledger.services.mail.delivery import deliver_due_messages
    from ledger.services.mail.outbox import queue_mail
    from ledger.services.tx import write_transaction

    class Accept:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
            return "250 OK"

    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Accept(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with scratch_app(None) as app:
            app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
            mail.init_app(app)
            with write_transaction() as session:
                for index in range(messages):
                    queue_mail(session, kind="low_balance", recipient=f"r{index}@bench.example", language="sv",
                               template="low_balance", params={"customer_name": "Bänk AB", "balance_minutes": 30,
                                                               "threshold_minutes": 120})
            windows = deliver_due_messages(messages).window_seconds
    finally:
        controller.stop()
    return statistics.median(windows), max(windows)


def run(database_url: str | None, redis_url: str | None, issue: int, month_end: int, messages: int) -> list[tuple[str, str]]:
    """Measure and return the table's rows."""
    _, one = issue_month(database_url, redis_url, issue, 1)
    _, two = issue_month(database_url, redis_url, issue, 2)
    drafting, issuing = issue_month(database_url, redis_url, month_end, 2)
    median, worst = mail_window(messages)
    queue = "redis" if _redis_answers(redis_url) else "sqlite queue"
    return [
        ("engine / queue", f"{engine_label(database_url)} / {queue}"),
        (f"issue {issue} invoices, 1 worker", f"{one:.1f} s ({issue / one:.1f} invoices/s)"),
        (f"issue {issue} invoices, 2 workers", f"{two:.1f} s ({issue / two:.1f} invoices/s)"),
        ("speed-up 1 -> 2 workers (ratio)", f"{one / two:.2f}"),
        (f"month end {month_end} customers: draft", f"{drafting:.1f} s"),
        (f"month end {month_end} customers: issue + archive, 2 workers", f"{issuing:.1f} s"),
        (f"month end {month_end} customers: end to end", f"{drafting + issuing:.1f} s"),
        (f"mail window acceptance -> commit ({messages} mails)", f"median {median * 1000:.2f} ms, max {worst * 1000:.2f} ms"),
    ]


def main(argv: list[str] | None = None) -> list[tuple[str, str]]:
    """Parse arguments, run, print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"), help="PostgreSQL URL; default: SQLite")
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
                        help="Redis URL for the queue (the SQLite queue when it does not answer)")
    parser.add_argument("--issue", type=int, default=200, help="invoices issued with 1 and 2 workers (default 200)")
    parser.add_argument("--month-end", type=int, default=2000, help="customers in the end-to-end month (default 2000)")
    parser.add_argument("--messages", type=int, default=100, help="mails for the window measurement (default 100)")
    args = parser.parse_args(argv)
    rows = run(args.database_url, args.redis, args.issue, args.month_end, args.messages)
    print_table("Jobs benchmark", rows)
    return rows


if __name__ == "__main__":
    main()
