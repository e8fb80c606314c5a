"""Issuing a month as a job (docs/jobs-and-mail.md): numbers in short serialized batches, PDFs archived by any worker.

The job is idempotent and keyed by its period: running it again numbers only the drafts still there and asks
for the documents still missing, so a worker killed mid-run delays the month but never loses or doubles an
invoice. Progress (`done`) is recounted from the database each time a document is stored.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.documents.pdf import PdfRenderer
from ledger.domain.errors import DomainError
from ledger.domain.periods import Period
from ledger.extensions import db
from ledger.models import Invoice, InvoiceDocument, Job
from ledger.services.access import FINANCE_ROLES, Actor, require_role
from ledger.services.billing.issuing import BATCH_SIZE, archive_documents, number_drafts
from ledger.services.clock import utcnow
from ledger.services.mail import jobs
from ledger.services.tx import write_transaction

ISSUE_PERIOD = "issue_period"
#: Invoices one archiving task renders: small enough that two workers share a month evenly.
ARCHIVE_CHUNK = 10

ScheduleArchive = Callable[[int | None, list[int]], None]


def _has_document():
    return select(InvoiceDocument.id).where(InvoiceDocument.invoice_id == Invoice.id).exists()


def _drafts(session: Session, period: str, skip: set[int]) -> list[int]:
    ids = session.execute(select(Invoice.id).where(Invoice.period == period, Invoice.status == "draft")
                          .order_by(Invoice.id)).scalars()
    return [invoice_id for invoice_id in ids if invoice_id not in skip]


def pending_documents(session: Session, period: str | None = None) -> list[int]:
    """Issued invoices (of `period`, or all) whose PDF is not archived yet."""
    query = select(Invoice.id).where(Invoice.status == "issued", ~_has_document()).order_by(Invoice.id)
    if period is not None:
        query = query.where(Invoice.period == period)
    return list(session.execute(query).scalars())


def stale_documents() -> list[int]:
    """Issued invoices whose PDF has not been archived for jobs.stale_after(): their archiving task was lost, and the
    sweep queues it again (a just-numbered invoice's task is still on its way)."""
    session = db.session
    stale_ids = set(pending_documents(session))
    found = [] if not stale_ids else list(session.execute(
        select(Invoice.id).where(Invoice.id.in_(stale_ids), Invoice.issued_at <= utcnow() - jobs.stale_after())
        .order_by(Invoice.id)
    ).scalars())
    session.rollback()
    return found


def start_issuing(period: Period, *, actor: Actor) -> tuple[Job, bool]:
    """The job that issues every draft of `period` (finance, admin): the one already under way, or a new one."""
    require_role(actor, *FINANCE_ROLES)
    total = len(_drafts(db.session, str(period), set()))
    db.session.rollback()
    return jobs.start_job(ISSUE_PERIOD, str(period), total, actor=actor)


def refresh_progress(session: Session, job: Job) -> None:
    """Recount the job's archived invoices; finish it when no draft and no pending document is left."""
    errored = {error["item"] for error in jobs.job_errors(job)}
    job.done = session.execute(
        select(func.count(Invoice.id)).where(Invoice.period == job.key, Invoice.status == "issued",
                                             Invoice.kind == "invoice", Invoice.issued_at >= job.created_at,
                                             _has_document())
    ).scalar_one()
    job.updated_at = utcnow()
    if not _drafts(session, job.key, errored) and not pending_documents(session, job.key):
        jobs.finish(session, job)


def _number(job: Job, batch: Sequence[int], actor: Actor) -> list[int]:
    try:
        return [invoice.id for invoice in number_drafts(batch, actor=actor)]
    except DomainError:
        if len(batch) == 1:
            raise
    numbered: list[int] = []
    for invoice_id in batch:  # one draft of the batch cannot be issued: the others can, one by one
        try:
            numbered.extend(_number(job, [invoice_id], actor))
        except DomainError as error:
            with write_transaction() as session:
                locked = jobs.lock_job(session, job.id)
                assert locked is not None
                jobs.add_error(session, locked, invoice_id, error.code, dict(getattr(error, "params", {}) or {}))
    return numbered


def run_issue_job(job_id: int, *, schedule_archive: ScheduleArchive) -> None:
    """Number the period's drafts batch by batch and hand each batch to `schedule_archive(job_id, ids)`."""
    job = jobs.mark_running(job_id)
    if job is None:
        return
    actor = Actor(job.created_by, "finance")
    errored = {error["item"] for error in jobs.job_errors(job)}
    scheduled: set[int] = set()
    while drafts := _drafts(db.session, job.key, errored)[:BATCH_SIZE]:
        db.session.rollback()
        numbered = _number(job, drafts, actor)
        errored |= set(drafts) - set(numbered)
        scheduled |= set(numbered)
        for start in range(0, len(numbered), ARCHIVE_CHUNK):
            schedule_archive(job_id, numbered[start:start + ARCHIVE_CHUNK])
    pending = [invoice_id for invoice_id in pending_documents(db.session, job.key) if invoice_id not in scheduled]
    db.session.rollback()
    for start in range(0, len(pending), ARCHIVE_CHUNK):  # left by a worker that died: render them again
        schedule_archive(job_id, pending[start:start + ARCHIVE_CHUNK])
    with write_transaction() as session:
        locked = jobs.lock_job(session, job_id)
        if locked is not None and locked.status == "running":
            refresh_progress(session, locked)


def _jobs_of(session: Session, invoice_ids: Sequence[int]) -> list[int]:
    """The unfinished issue jobs of these invoices' periods (the sweep archives documents without naming a job)."""
    periods = select(Invoice.period).where(Invoice.id.in_(invoice_ids))
    return list(session.execute(select(Job.id).where(Job.kind == ISSUE_PERIOD, Job.key.in_(periods),
                                                     Job.status.in_(("queued", "running")))).scalars())


def archive_for_job(job_id: int | None, invoice_ids: Sequence[int], *,
                    renderer: PdfRenderer | None = None) -> list[int]:
    """Archive these invoices' PDFs and count them to the job (none named: to the unfinished jobs of their
    periods, so that a month the sweep finishes reads done, not "running 16/26"); the ids newly archived."""

    def count(session: Session, _stored: int) -> None:
        for counted in [job_id] if job_id is not None else _jobs_of(session, invoice_ids):
            job = jobs.lock_job(session, counted)  # parallel archivers take turns here, so each sees the others
            if job is not None and job.status in ("queued", "running"):
                refresh_progress(session, job)

    return archive_documents(invoice_ids, on_archived=count, renderer=renderer)
