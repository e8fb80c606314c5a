"""The outbox: every e-mail the product sends, written in the transaction of the change that causes it."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ledger.extensions import db
from ledger.models.types import UTCDateTime

OUTBOX_STATUSES = ("queued", "sent", "failed")


class OutboxMessage(db.Model):
    """One message to one recipient, rendered in the recipient's language when it was queued.

    `message_id` is the RFC 5322 Message-ID, fixed at queue time so that a retried delivery is recognisably the
    same message. `dedupe_key` (unique when set) makes "once per agreement period" or "once per invoice and
    fortnight" a database guarantee. `attachment_invoice_id` attaches that invoice's archived PDF, byte for byte,
    at delivery. `status` moves queued → sent, or queued → failed once delivery gives up; `last_error` says why.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'sent', 'failed')", name="status"),
        Index("ix_outbox_status_next", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(2))
    subject: Mapped[str] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    attachment_invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"))
    #: More headers to send (Reply-To, In-Reply-To, References, Auto-Submitted), by name.
    headers: Mapped[dict[str, str] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(8), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
