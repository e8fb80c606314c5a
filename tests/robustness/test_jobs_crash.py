"""Worker processes issue a month through the queue; one is SIGKILLed mid-run; the other and the sweep finish
it with every number once, no gap, every PDF archived and the ledger verifying. Redis on PostgreSQL, and the
embedded SQLite queue."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest

from ledger.config import ROOT
from ledger.domain.periods import Period
from ledger.extensions import db
from ledger.jobs import jobs
from ledger.jobs.tasks import start_issuing
from ledger.models import Invoice, InvoiceDocument, Job, OutboxMessage
from ledger.services.access import SYSTEM
from ledger.services.accounts.verify import verify_ledger
from ledger.services.billing.runs import run_invoices
from tests.conftest import utc

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
#: The issue asks for a month of 200 drafts (CRASH_DRAFTS=200); the suite default keeps the test near a minute
#: on a shared two-core machine while still killing a worker with most of the month to go.
DRAFTS = int(os.environ.get("CRASH_DRAFTS", "60"))
OCTOBER = Period(2026, 10)


def start_worker(database_url: str, queue: str, name: str) -> subprocess.Popen:
    worker = subprocess.Popen([sys.executable, "-m", "tests.robustness.jobs_worker", database_url, queue, name],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert worker.stdout.readline().strip() == "ready"
    return worker


def _fresh() -> None:
    db.session.rollback()
    db.session.expire_all()


def _job(job_id: int) -> Job:
    _fresh()
    job = db.session.get(Job, job_id)
    assert job is not None
    return job


def _month(make_customer, freeze_clock, count: int) -> None:
    freeze_clock(utc(2026, 10, 6, 9))
    for index in range(count):
        make_customer(name=f"Kö {index} AB", email=f"ekonomi{index}@kund.example")
    freeze_clock(utc(2026, 11, 2, 9))
    assert len(run_invoices(OCTOBER, actor=SYSTEM).created) == count


def _wait(job_id: int, timeout: float, *, sweep_every: float | None = None, until_done: int | None = None) -> Job:
    """Poll the job until it is done (or has `until_done` items); meanwhile queue the sweep, as the minute
    tick of a worker would, every `sweep_every` seconds."""
    deadline, next_sweep = time.monotonic() + timeout, time.monotonic()
    while time.monotonic() < deadline:
        job = _job(job_id)
        if job.status == "done" or (until_done is not None and job.done >= until_done):
            return job
        if sweep_every is not None and time.monotonic() >= next_sweep:
            jobs().enqueue("sweep")
            next_sweep = time.monotonic() + sweep_every
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} not finished in {timeout} s: {_job(job_id).done} of {_job(job_id).total}")


def _assert_month_issued_exactly_once(count: int) -> None:
    _fresh()
    numbers = sorted(number for (number,) in db.session.query(Invoice.number).filter(Invoice.status == "issued"))
    assert numbers == list(range(1001, 1001 + count)), "every number once, no gap"
    assert db.session.query(Invoice).filter(Invoice.status == "draft").count() == 0
    assert db.session.query(InvoiceDocument).count() == count, "every issued invoice has its one archived PDF"
    assert db.session.query(OutboxMessage).filter_by(kind="invoice_issued").count() == count, "one mail each"
    report = verify_ledger()
    assert report.ok, report.problems


@pytest.fixture
def queue_app(app, database_url, tmp_path):
    """(queue address, queue name) for worker processes, and the test app switched to the same queue."""
    from ledger.jobs import Jobs

    if db.engine.dialect.name == "postgresql":
        import redis

        try:
            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
        except redis.exceptions.ConnectionError:
            pytest.skip(f"no Redis answers at {REDIS_URL}: the two-worker crash test runs where one does")
        queue = REDIS_URL
        app.config["JOBS_URL"] = queue
    else:
        queue = str(tmp_path / "jobs.sqlite3")
        app.config["JOBS_SQLITE_PATH"] = queue
    name = f"crash-{uuid.uuid4().hex}"
    app.config.update(JOBS_IMMEDIATE=False, JOBS_QUEUE_NAME=name, JOBS_STALE_SECONDS=2)
    app.extensions["servicekonto.jobs"] = Jobs(app)
    yield queue, name
    jobs().huey.flush()


def _stop(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.send_signal(signal.SIGKILL)
        worker.communicate(timeout=30)


def test_two_workers_issue_a_month_then_one_is_killed_and_the_other_and_the_sweep_finish(
        app, database_url, queue_app, make_customer, make_user, freeze_clock):
    queue, name = queue_app
    count = DRAFTS if db.engine.dialect.name == "postgresql" else DRAFTS // 10
    _month(make_customer, freeze_clock, count)
    workers = [start_worker(database_url, queue, name) for _ in range(2 if queue.startswith("redis") else 1)]
    try:
        job = start_issuing(OCTOBER, actor=make_user("finance"))
        if len(workers) == 2:
            _wait(job.id, 600, until_done=count // 4)
            workers[0].send_signal(signal.SIGKILL)  # mid-run: numbering or rendering, a task is lost with it
            workers[0].communicate(timeout=30)
        else:
            _wait(job.id, 600, until_done=count // 4)
            workers[0].send_signal(signal.SIGKILL)
            workers[0].communicate(timeout=30)
            workers[0] = start_worker(database_url, queue, name)  # the embedded queue's one worker comes back
        finished = _wait(job.id, 600, sweep_every=3)
    finally:
        _stop(workers)
    assert (finished.status, finished.done, finished.total) == ("done", count, count)
    _assert_month_issued_exactly_once(count)
