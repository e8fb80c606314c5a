"""Timers: a staff member's stopwatch on work for a customer; stopping one logs the task."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ledger.extensions import db
from ledger.models.customers import Customer
from ledger.models.types import UTCDateTime

RUNNING = "stopped_at IS NULL"


class Timer(db.Model):
    """A stopwatch started by a user on work for a customer; `task_id` is the task it became (None if discarded)."""

    __tablename__ = "timers"
    __table_args__ = (
        CheckConstraint("stopped_at IS NULL OR stopped_at >= started_at", name="stopped_after_start"),
        # One running timer per user: the database refuses a second even when two requests race.
        Index("uq_timers_running_user_id", "user_id", unique=True,
              sqlite_where=text(RUNNING), postgresql_where=text(RUNNING)),
        Index("ix_timers_user_started", "user_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    category: Mapped[str | None] = mapped_column(String(64))
    description: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"))

    customer: Mapped[Customer] = relationship()
