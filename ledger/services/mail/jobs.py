"""Job state that people watch (docs/jobs-and-mail.md): started, counted as items finish, done when nothing is left."""
from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain.problems import N_, define_messages
from ledger.extensions import db
from ledger.models import Job
from ledger.services.access import FINANCE_ROLES, Actor, require_role
from ledger.services.clock import utcnow
from ledger.services.errors import NotFound
from ledger.services.tx import write_transaction

MESSAGES = define_messages({
    "job_not_found": N_("Job %(job_id)s does not exist."),
})



def stale_after() -> timedelta:
    """How long a job (or an issued invoice's PDF) may go without progress before the sweep queues it again
    (JOBS_STALE_SECONDS, default half a minute: longer than any one task takes; a job queued again by mistake
    only repeats work that is stored once)."""
    return timedelta(seconds=current_app.config.get("JOBS_STALE_SECONDS", 30))


def start_job(kind: str, key: str, total: int, *, actor: Actor) -> tuple[Job, bool]:
    """The unfinished job of `kind` on `key`, or a new queued one: (job, created)."""
    with write_transaction() as session:
        existing = session.execute(
            select(Job).where(Job.kind == kind, Job.key == key, Job.status.in_(("queued", "running")))
            .order_by(Job.id).limit(1)
        ).scalar_one_or_none()
        if existing is not None:
            return existing, False
        job = Job(kind=kind, key=key, status="queued", done=0, total=total, errors="[]", created_by=actor.id,
                  created_at=utcnow(), updated_at=utcnow())
        session.add(job)
    return job, True


def get_job(job_id: int, *, actor: Actor) -> Job:
    """One job's state (finance, admin).

    :raise NotFound: no such job.
    """
    require_role(actor, *FINANCE_ROLES)
    job = db.session.get(Job, job_id, populate_existing=True)
    if job is None:
        raise NotFound(code="job_not_found", job_id=job_id)
    return job


def latest_job(kind: str, key: str) -> Job | None:
    """The newest job of `kind` on `key` (what a page shows after a reload)."""
    return db.session.execute(
        select(Job).where(Job.kind == kind, Job.key == key).order_by(Job.id.desc()).limit(1)
    ).scalar_one_or_none()


def lock_job(session: Session, job_id: int) -> Job | None:
    """The job row, locked for the rest of the transaction (progress updates of parallel workers serialize)."""
    return session.execute(
        select(Job).where(Job.id == job_id).with_for_update().execution_options(populate_existing=True)
    ).scalar_one_or_none()


def mark_running(job_id: int) -> Job | None:
    """Note that a worker took the job up (again); None if it is unknown or already finished."""
    with write_transaction() as session:
        job = lock_job(session, job_id)
        if job is None or job.status in ("done", "failed"):
            return None
        job.status, job.updated_at = "running", utcnow()
        job.started_at = job.started_at or job.updated_at
    return job


def job_errors(job: Job) -> list[dict[str, Any]]:
    """The job's errors as a list of {"item", "code", "params"}."""
    return json.loads(job.errors or "[]")


def add_error(session: Session, job: Job, item: int, code: str, params: dict[str, Any]) -> None:
    """Record that `item` could not be done (once per item)."""
    errors = job_errors(job)
    if not any(error["item"] == item for error in errors):
        errors.append({"item": item, "code": code, "params": params})
        job.errors = json.dumps(errors, ensure_ascii=False, default=str)
        job.updated_at = utcnow()


def finish(session: Session, job: Job, status: str = "done") -> None:
    """Mark the job finished."""
    job.status, job.finished_at = status, utcnow()
    job.updated_at = job.finished_at


def stale_jobs(session: Session) -> list[int]:
    """Jobs queued or running with no progress for stale_after(): the sweep queues them again."""
    before = utcnow() - stale_after()
    return list(session.execute(
        select(Job.id).where(Job.status.in_(("queued", "running")),
                             Job.updated_at <= before)
    ).scalars())
