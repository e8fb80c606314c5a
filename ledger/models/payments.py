"""Payments received, their assignment to invoices by a person, and the reminders sent: all append-only."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ledger.extensions import db
from ledger.models.types import MinorUnits, UTCDateTime

PAYMENT_SOURCES = ("bgmax", "manual")


class Payment(db.Model):
    """Money received for an invoice (from the bank's BgMax file or typed by finance), never changed.

    A wrong payment is corrected by a negative one with a reason. A bank payment that matched no invoice keeps
    `invoice_id` empty with the reason in `unmatched_code`/`unmatched_params` (JSON) until a person assigns it
    (a PaymentAssignment). `import_key` (deposit and BGC serial number) is unique, so a file imported twice
    stores each payment once.
    """

    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint("source IN ('bgmax', 'manual')", name="source"),
        CheckConstraint("source <> 'bgmax' OR import_key IS NOT NULL", name="bank_payment_keyed"),
        CheckConstraint("source <> 'manual' OR (invoice_id IS NOT NULL AND reason IS NOT NULL)", name="manual_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(8))
    import_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    amount_minor: Mapped[int] = mapped_column(MinorUnits)
    currency: Mapped[str] = mapped_column(String(3))
    paid_on: Mapped[date]
    reference: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(Text)
    unmatched_code: Mapped[str | None] = mapped_column(String(40))
    unmatched_params: Mapped[str | None] = mapped_column(Text)
    sender_bankgiro: Mapped[str | None] = mapped_column(String(10))
    payer_name: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class PaymentAssignment(db.Model):
    """A person's decision that an unmatched bank payment pays an invoice; once made, it stands."""

    __tablename__ = "payment_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id"), unique=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    assigned_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class PaymentReminder(db.Model):
    """The `sequence`-th reminder of an overdue invoice, queued on `reminded_on`; unique per invoice and number,
    so two reminder runs racing for the same reminder end with one."""

    __tablename__ = "payment_reminders"
    __table_args__ = (UniqueConstraint("invoice_id", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"))
    sequence: Mapped[int]
    reminded_on: Mapped[date]
    outstanding_minor: Mapped[int] = mapped_column(MinorUnits)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
