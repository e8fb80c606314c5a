"""Ledger entries: append-only, hash-chained, one sequence per account (docs/ledger.md)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ledger.extensions import db
from ledger.models.types import Minutes, UTCDateTime

ENTRY_KINDS_SQL = "'purchase', 'consumption', 'settlement', 'reversal', 'adjustment', 'forfeit'"


class LedgerEntry(db.Model):
    """One signed movement of minutes; never updated or deleted (database triggers refuse it)."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        UniqueConstraint("account_id", "seq"),
        CheckConstraint("minutes <> 0", name="minutes_not_zero"),
        CheckConstraint(f"kind IN ({ENTRY_KINDS_SQL})", name="kind"),
        CheckConstraint("seq >= 1", name="seq_positive"),
        Index("ix_ledger_entries_account_recorded", "account_id", "recorded_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("service_accounts.id"))
    seq: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    minutes: Mapped[int] = mapped_column(Minutes)
    balance_after: Mapped[int] = mapped_column(Minutes)
    reverses_entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"), unique=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"), index=True)
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"), index=True)
    memo: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    idempotency_key: Mapped[str | None] = mapped_column(String(255))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
