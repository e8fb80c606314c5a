"""The sweep (DESIGN §11): find work that was queued but not finished, so the jobs can queue it again."""
from __future__ import annotations

from dataclasses import dataclass
from sqlalchemy import select

from ledger.extensions import db
from ledger.models import Invoice, OutboxMessage
from ledger.services import jobs
from ledger.services.clock import utcnow
from ledger.services.issue_jobs import pending_documents



@dataclass(frozen=True)
class Unfinished:
    """What the sweep found: whether mail is due, invoices lacking their PDF, jobs that stopped moving."""

    mail_due: bool
    documents: list[int]
    jobs: list[int]


def find_unfinished() -> Unfinished:
    """Read the database, the source of truth, for work a dead worker may have dropped."""
    session = db.session
    mail_due = session.execute(
        select(OutboxMessage.id).where(OutboxMessage.status == "queued", OutboxMessage.next_attempt_at <= utcnow())
        .limit(1)
    ).first() is not None
    stale_ids = set(pending_documents(session))
    documents = [] if not stale_ids else list(session.execute(
        select(Invoice.id).where(Invoice.id.in_(stale_ids), Invoice.issued_at <= utcnow() - jobs.stale_after())
        .order_by(Invoice.id)
    ).scalars())
    found = Unfinished(mail_due, documents, jobs.stale_jobs(session))
    session.rollback()
    return found
