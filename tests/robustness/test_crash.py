"""Killing the process (SIGKILL) in the middle of recording tasks or issuing invoices, again and again,
leaves a ledger that verifies, invoice numbers without gaps or repeats, and nothing half-written."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from ledger.config import ROOT
from ledger.domain.periods import Period
from ledger.extensions import db
from ledger.models import Invoice, InvoiceDocument, LedgerEntry, Task
from ledger.services.access import SYSTEM
from ledger.services.accounts.verify import verify_ledger
from ledger.services.billing.runs import run_invoices

#: Kills per test: enough to land in every phase of the work; SERVICEKONTO_CRASH_KILLS=20 kills harder.
KILLS = int(os.environ.get("SERVICEKONTO_CRASH_KILLS", "3"))


def start_worker(database_url: str, *arguments: str) -> subprocess.Popen:
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.robustness.crash_worker", database_url, *arguments],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    assert worker.stdout.readline().strip() == "ready"
    return worker


def kill_after(worker: subprocess.Popen, seconds: float) -> list[str]:
    """SIGKILL the worker after `seconds` (mid-transaction as often as not); return what it had committed."""
    time.sleep(seconds)
    worker.send_signal(signal.SIGKILL)
    output, _ = worker.communicate(timeout=30)
    return output.split()


def fresh() -> None:
    db.session.rollback()
    db.session.expire_all()


def test_killing_task_recording_never_breaks_the_ledger(app, database_url, make_customer):
    customers = [make_customer(name=f"Krasch {n} AB").id for n in range(2)]
    random_gen = random.Random(2026)
    for _ in range(KILLS):
        worker = start_worker(database_url, "tasks", *map(str, customers))
        # Wait for the first committed task, so that a slow start on a busy machine cannot use up the time
        # before the kill: every kill lands while the worker is writing.
        assert worker.stdout.readline().startswith("task ")
        kill_after(worker, random_gen.uniform(0.3, 1.2))
        fresh()
        report = verify_ledger()
        assert report.ok, report.problems
        debited = db.session.query(Task).filter(Task.outcome == "debited").count()
        consumptions = db.session.query(LedgerEntry).filter(LedgerEntry.kind == "consumption").count()
        assert debited == consumptions, "every booked task has its debit, and no debit lacks its task"
    assert consumptions >= KILLS, "the worker got real work done before every kill"


def test_killing_invoice_issuing_leaves_no_gap_no_repeat_and_no_half_invoice(app, database_url, october):
    for n in range(12):
        october(name=f"Krasch {n} AB", org_number=f"bench-{n}", country="NO", currency="SEK")
    run_invoices(Period(2026, 10), actor=SYSTEM)
    random_gen = random.Random(11)
    for attempt in range(KILLS + 1):
        worker = start_worker(database_url, "invoices")
        if attempt < KILLS:
            kill_after(worker, random_gen.uniform(0.2, 0.9))
        else:
            assert worker.communicate(timeout=300)[0].split()[-1] == "done"
        fresh()
        issued = db.session.query(Invoice).filter(Invoice.status == "issued").all()
        numbers = sorted(invoice.number for invoice in issued)
        assert numbers == list(range(1001, 1001 + len(numbers))), f"gap or repeat in {numbers}"
        assert db.session.query(Invoice).filter(Invoice.status == "draft", Invoice.number.is_not(None)).count() == 0
        documents = {d.invoice_id for d in db.session.query(InvoiceDocument.invoice_id)}
        assert documents == {invoice.id for invoice in issued}, "every issued invoice has its PDF, drafts none"
        report = verify_ledger()
        assert report.ok, report.problems
    assert len(numbers) == 12
