"""The sweep (docs/jobs-and-mail.md): find work that was queued but not finished, so the jobs can queue it again.

This finds due mail and jobs that stopped moving; each capability with archives of its own finds its unfinished
documents (`ledger.services.billing.issue_jobs.stale_documents`), and the periodic task queues both.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ledger.extensions import db
from ledger.models import OutboxMessage
from ledger.services.clock import utcnow
from ledger.services.mail import jobs


@dataclass(frozen=True)
class Unfinished:
    """What the sweep found: whether mail is due, and the jobs that stopped moving."""

    mail_due: bool
    jobs: list[int]


def find_unfinished() -> Unfinished:
    """Read the database, the source of truth, for work a dead worker may have dropped."""
    session = db.session
    mail_due = session.execute(
        select(OutboxMessage.id).where(OutboxMessage.status == "queued", OutboxMessage.next_attempt_at <= utcnow())
        .limit(1)
    ).first() is not None
    found = Unfinished(mail_due, jobs.stale_jobs(session))
    session.rollback()
    return found
