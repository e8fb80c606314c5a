"""Issuing a month as a job: numbers in short batches, PDFs archived afterwards, every step safe to repeat."""
from __future__ import annotations

import io
import os
import uuid
from datetime import timedelta

import pytest
from pypdf import PdfReader

from ledger.domain.errors import Conflict
from ledger.domain.periods import Period
from ledger.extensions import db
from ledger.jobs import jobs
from ledger.jobs.tasks import start_issuing
from ledger.models import Invoice, InvoiceDocument, InvoiceEInvoice, Job, OutboxMessage
from ledger.services.access import SYSTEM
from ledger.services.accounts.verify import verify_ledger
from ledger.services.billing.issue_jobs import archive_for_job, pending_documents, run_issue_job, stale_documents
from ledger.services.billing.issuing import number_drafts
from ledger.services.billing.reads import invoice_pdf
from ledger.services.billing.runs import run_invoices
from ledger.services.clock import CLOCK_EXTENSION
from ledger.services.mail.sweep import find_unfinished
from tests.conftest import app_config, utc


def _real_now():
    from datetime import datetime, timezone

    return datetime.now(timezone.utc)

OCTOBER = Period(2026, 10)
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _month(october, customers: int = 3) -> list[int]:
    for index in range(customers):
        october(email=f"ekonomi{index}@kund.example", language="en" if index % 2 else "sv")
    return sorted(invoice.id for invoice in run_invoices(OCTOBER, actor=SYSTEM).created)


def _issued() -> list[Invoice]:
    db.session.rollback()  # a fresh snapshot: the tasks wrote in sessions of their own
    db.session.expire_all()
    return list(db.session.query(Invoice).filter_by(status="issued").order_by(Invoice.number))


def _assert_month_complete(drafts: list[int]) -> None:
    issued = _issued()
    assert sorted(invoice.id for invoice in issued) == drafts
    assert [invoice.number for invoice in issued] == list(range(1001, 1001 + len(drafts)))  # once each, no gap
    assert db.session.query(InvoiceDocument).count() == len(drafts)
    mails = db.session.query(OutboxMessage).filter_by(kind="invoice_issued").all()
    assert sorted(mail.attachment_invoice_id for mail in mails) == drafts
    _assert_einvoices_embedded(issued)
    assert verify_ledger().ok


def _assert_einvoices_embedded(issued: list[Invoice]) -> None:
    """Numbered in one transaction, rendered in another: each PDF still carries its archived e-invoice."""
    einvoices = {row.invoice_id: row.content for row in db.session.query(InvoiceEInvoice)}
    assert set(einvoices) == {invoice.id for invoice in issued}, "every Swedish buyer has its e-invoice archived"
    for invoice in issued:
        pdf = db.session.query(InvoiceDocument).filter_by(invoice_id=invoice.id).one().content
        assert PdfReader(io.BytesIO(pdf)).attachments == {f"F{invoice.number}.xml": [einvoices[invoice.id]]}


def test_issuing_a_month_as_a_job_numbers_archives_and_mails_every_draft(app, october, make_user):
    drafts = _month(october)
    job = start_issuing(OCTOBER, actor=make_user("finance"))  # the test queue runs the tasks at once
    db.session.rollback()  # a fresh snapshot: the tasks wrote in sessions of their own
    db.session.expire_all()
    job = db.session.get(Job, job.id)
    assert (job.status, job.done, job.total, job.errors) == ("done", 3, 3, "[]")
    _assert_month_complete(drafts)


def test_a_numbered_invoice_shows_its_document_pending_until_it_is_archived(app, october, freeze_clock):
    drafts = _month(october, customers=2)
    numbered = number_drafts(drafts, actor=SYSTEM)
    assert [invoice.number for invoice in numbered] == [1001, 1002]
    assert pending_documents(db.session) == drafts
    with pytest.raises(Conflict) as refused:
        invoice_pdf(drafts[0], actor=SYSTEM)
    assert refused.value.code == "document_pending" and "F1001" in refused.value.message
    assert stale_documents() == []  # just numbered: its archiving task is still on its way
    freeze_clock(utc(2026, 11, 2, 9) + timedelta(minutes=2))
    assert stale_documents() == drafts  # the task was lost: the sweep asks again
    assert archive_for_job(None, drafts) == drafts
    assert archive_for_job(None, drafts) == []  # archiving again stores nothing twice
    assert invoice_pdf(drafts[0], actor=SYSTEM).archived


def test_running_the_job_again_after_a_crash_finishes_the_month_without_doubles(app, october, make_user, freeze_clock):
    drafts = _month(october)
    job, _created = __import__("ledger.services.billing.issue_jobs", fromlist=["x"]).start_issuing(
        OCTOBER, actor=make_user("finance"))
    number_drafts(drafts[:2], actor=SYSTEM)  # a worker numbered a batch and died before rendering it
    freeze_clock(utc(2026, 11, 2, 9) + timedelta(minutes=2))
    assert find_unfinished().jobs == [job.id]
    archived: list[list[int]] = []
    run_issue_job(job.id, schedule_archive=lambda job_id, ids: archived.append(ids) or archive_for_job(job_id, ids))
    run_issue_job(job.id, schedule_archive=lambda job_id, ids: archived.append(ids))  # finished: does nothing
    assert sorted(sum(archived, [])) == drafts
    db.session.rollback()  # a fresh snapshot: the tasks wrote in sessions of their own
    db.session.expire_all()
    assert db.session.get(Job, job.id).status == "done"
    assert db.session.query(InvoiceDocument).count() == 3
    assert [invoice.number for invoice in _issued()] == [1001, 1002, 1003]


def test_starting_a_month_twice_finds_the_job_under_way(app, october, make_user):
    from ledger.services.billing.issue_jobs import start_issuing as start

    _month(october, customers=1)
    first, created = start(OCTOBER, actor=make_user("finance"))
    again, created_again = start(OCTOBER, actor=make_user("admin"))
    assert created and not created_again and again.id == first.id


def _drain(huey) -> int:
    """Run every task in the queue, as a consumer would, until it is empty; the number run."""
    count = 0
    while (task := huey.dequeue()) is not None:
        huey.execute(task)  # raises what the task raises: a failing task fails the test
        count += 1
    return count


@pytest.fixture
def queued_app(request, app, database_url, tmp_path):
    """The app with a real queue: the SQLite file (param "sqlite") or Redis (param "redis"); its context is
    pushed over the test app's, so factories and services all run on it."""
    from ledger import create_app

    overrides = {"JOBS_IMMEDIATE": False, "JOBS_QUEUE_NAME": f"test-{uuid.uuid4().hex}"}
    if request.param == "redis":
        import redis

        try:
            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
        except redis.exceptions.ConnectionError:
            pytest.skip(f"no Redis answers at {REDIS_URL}: the Redis queue is tested where one runs")
        overrides["JOBS_URL"] = REDIS_URL
    else:
        overrides["JOBS_SQLITE_PATH"] = str(tmp_path / "jobs.sqlite3")
    application = create_app(app_config(database_url, **overrides))
    # the test app's clock, as freeze_clock sets it, is this app's clock too
    application.extensions[CLOCK_EXTENSION] = lambda: app.extensions.get(CLOCK_EXTENSION, _real_now)()
    with application.app_context():
        yield application
        jobs().huey.flush()
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("queued_app", ["sqlite", "redis"], indirect=True)
def test_the_month_is_issued_through_a_real_queue(queued_app, october, make_user):
    drafts = _month(october)
    job = start_issuing(OCTOBER, actor=make_user("finance"))
    db.session.rollback()  # a fresh snapshot: the tasks wrote in sessions of their own
    db.session.expire_all()
    assert db.session.get(Job, job.id).status == "queued" and _issued() == []
    assert _drain(jobs().huey) == 2  # the numbering task, then one archiving task for the batch
    db.session.rollback()  # a fresh snapshot: the tasks wrote in sessions of their own
    db.session.expire_all()
    assert (db.session.get(Job, job.id).status, db.session.get(Job, job.id).done) == ("done", 3)
    _assert_month_complete(drafts)
