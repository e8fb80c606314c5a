"""Logged work, every decision taken on it, and notices for the customer."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ledger.extensions import db
from ledger.models.types import Minutes, UTCDateTime

if TYPE_CHECKING:
    from ledger.models.support import Case

OUTCOMES_SQL = "'included', 'debited', 'needs_review'"


class Task(db.Model):
    """A piece of work for a customer, with its current decision (the history is in TaskDecision)."""

    __tablename__ = "tasks"
    __table_args__ = (
        CheckConstraint("minutes BETWEEN 1 AND 1440", name="minutes"),
        CheckConstraint("billed_minutes >= 0", name="billed_minutes"),
        CheckConstraint(f"outcome IN ({OUTCOMES_SQL})", name="outcome"),
        CheckConstraint("status IN ('booked', 'needs_review', 'voided')", name="status"),
        Index("ix_tasks_customer_work_date", "customer_id", "work_date"),
        Index("ix_tasks_status", "status"),
        # Reports read a month of every customer's work, and "My hours" one person's.
        Index("ix_tasks_work_date", "work_date"),
        Index("ix_tasks_created_by_work_date", "created_by", "work_date"),
        # A task is replaced at most once, and a replacement replaces one task.
        Index("uq_tasks_replaces_task_id", "replaces_task_id", unique=True),
        Index("uq_tasks_replaced_by_task_id", "replaced_by_task_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    work_date: Mapped[date]
    minutes: Mapped[int] = mapped_column(Minutes)
    billed_minutes: Mapped[int] = mapped_column(Minutes, default=0)
    category: Mapped[str] = mapped_column(String(64))
    root_cause: Mapped[str | None] = mapped_column(String(32))
    partner_new_major_version: Mapped[bool | None]
    agreement_reference: Mapped[str | None] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(16))
    rule_id: Mapped[str] = mapped_column(String(100))
    catalogue_id: Mapped[str] = mapped_column(String(64))
    catalogue_version: Mapped[str] = mapped_column(String(32))
    reason_sv: Mapped[str] = mapped_column(Text)
    reason_en: Mapped[str] = mapped_column(Text)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id", use_alter=True))
    #: The support case the work was done on, if any (its quota decides the task's `over_quota` fact).
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: A correction voids a task and logs its replacement; each names the other (docs/staff-time.md).
    replaces_task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"))
    replaced_by_task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"))

    decisions: Mapped[list[TaskDecision]] = relationship(order_by="TaskDecision.seq", back_populates="task")
    case: Mapped[Case | None] = relationship()


class TaskDecision(db.Model):
    """One decision on a task, never changed: classified, resolved, overridden or voided."""

    __tablename__ = "task_decisions"
    __table_args__ = (
        UniqueConstraint("task_id", "seq"),
        CheckConstraint("action IN ('classified', 'resolved', 'overridden', 'voided')", name="action"),
        CheckConstraint(f"outcome IN ({OUTCOMES_SQL})", name="outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
    seq: Mapped[int]
    action: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(16))
    rule_id: Mapped[str] = mapped_column(String(100))
    catalogue_id: Mapped[str] = mapped_column(String(64))
    catalogue_version: Mapped[str] = mapped_column(String(32))
    reason_sv: Mapped[str] = mapped_column(Text)
    reason_en: Mapped[str] = mapped_column(Text)
    overridden_rule_id: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)

    task: Mapped[Task] = relationship(back_populates="decisions")


class Notice(db.Model):
    """Something the customer should see, such as a low balance; resolved when it no longer holds."""

    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_customer_open", "customer_id", "resolved_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    kind: Mapped[str] = mapped_column(String(32))
    balance_minutes: Mapped[int] = mapped_column(Minutes)
    threshold_minutes: Mapped[int] = mapped_column(Minutes)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
