"""Background work that people watch: one row per job, the database's word on how far it got."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ledger.extensions import db
from ledger.models.types import UTCDateTime

JOB_STATUSES = ("queued", "running", "done", "failed")


class Job(db.Model):
    """A job such as "issue 2026-10": `key` names what it works on, so starting it twice finds the first.

    `done` and `total` count its items (invoices with their archived PDF, of the drafts there were);
    `errors` is a JSON list of `{"item", "code", "params"}` for the items it could not do.
    """

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status"),
        CheckConstraint("done >= 0 AND total >= 0", name="counts"),
        Index("ix_jobs_kind_key", "kind", "key"),
        Index("ix_jobs_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(8), default="queued")
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    errors: Mapped[str] = mapped_column(Text, default="[]")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The last change: a job queued or running that has not changed for a while is queued again by the sweep.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
