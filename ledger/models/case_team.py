"""Running a support team (docs/support.md): the escalations mailed and the waiting reminders sent, once each.

Both tables are append-only marks (triggers refuse UPDATE and DELETE): a unique key is what makes "once per case,
target and level" and "once per waiting spell" a database guarantee, however many jobs run at the same moment.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ledger.extensions import db
from ledger.models.types import UTCDateTime

ESCALATION_TARGETS_SQL = "'first_response', 'resolution'"
ESCALATION_LEVELS_SQL = "'at_risk', 'breached'"


class CaseEscalation(db.Model):
    """A case's target reached a level (80 % used, or breached) and the assignee and the lead were told."""

    __tablename__ = "case_escalations"
    __table_args__ = (
        UniqueConstraint("case_id", "target", "level"),
        CheckConstraint(f"target IN ({ESCALATION_TARGETS_SQL})", name="target"),
        CheckConstraint(f"level IN ({ESCALATION_LEVELS_SQL})", name="level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    target: Mapped[str] = mapped_column(String(16))
    level: Mapped[str] = mapped_column(String(8))
    escalated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Who was assigned when the mail went (None: nobody, the lead alone was told).
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class CaseWaitingReminder(db.Model):
    """The reporter was reminded that the case waits on them; one per waiting spell (the event that began it)."""

    __tablename__ = "case_waiting_reminders"
    __table_args__ = (UniqueConstraint("case_id", "waiting_event_seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    waiting_event_seq: Mapped[int]
    reminded_at: Mapped[datetime] = mapped_column(UTCDateTime)
