"""Payments received, their assignment to invoices by a person, and the reminders sent: all append-only."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ledger.extensions import db
from ledger.models.types import MinorUnits, UTCDateTime

PAYMENT_SOURCES = ("bgmax", "manual")
#: A payment received; a reversal takes back a payment recorded by mistake; a refund pays an over-payment back.
PAYMENT_KINDS = ("payment", "reversal", "refund")
PAYMENT_METHODS = ("bankgiro", "transfer", "swish", "card", "other")


class Payment(db.Model):
    """Money received for an invoice (from the bank's BgMax file or typed by finance), or given back, never changed.

    `kind` "payment" is money in; a "reversal" (negative, with a reason) takes back a payment recorded by mistake,
    naming it in `reverses_payment_id` when it reverses one whole; a "refund" (negative) pays an over-payment back,
    naming the payment in `refunds_payment_id`. A foreign-currency row carries the exchange rate of its day. A bank
    payment that matched no invoice keeps `invoice_id` empty with the reason in `unmatched_code`/`unmatched_params`
    (JSON) until a person assigns it (a PaymentAssignment). `import_key` (deposit and BGC serial number) is unique, so a file imported twice
    stores each payment once.
    """

    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint("source IN ('bgmax', 'manual')", name="source"),
        CheckConstraint("source <> 'bgmax' OR import_key IS NOT NULL", name="bank_payment_keyed"),
        CheckConstraint("source <> 'manual' OR invoice_id IS NOT NULL", name="manual_invoice"),
        CheckConstraint("kind IN ('payment', 'reversal', 'refund')", name="kind"),
        CheckConstraint("kind <> 'reversal' OR reason IS NOT NULL", name="reversal_reason"),
        CheckConstraint("kind = 'payment' OR amount_minor < 0", name="taken_back_negative"),
        CheckConstraint("method IS NULL OR method IN ('bankgiro', 'transfer', 'swish', 'card', 'other')",
                        name="method"),
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
    kind: Mapped[str] = mapped_column(String(8), default="payment", server_default="payment")
    method: Mapped[str | None] = mapped_column(String(8))
    reverses_payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"), unique=True)
    refunds_payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"), index=True)
    #: SEK per unit (millionths) on `paid_on` for a foreign-currency row: the latest rate on or before that day.
    exchange_rate_micro: Mapped[int | None] = mapped_column(BigInteger)
    exchange_rate_date: Mapped[date | None]


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
    """The `sequence`-th reminder of an overdue invoice, sent on `reminded_on` to `sent_to` (the addresses, one a
    line); unique per invoice and number, so two reminder runs racing for the same reminder end with one. `fee_minor`
    is the reminder fee it charges (in the invoice's currency), invoiced on the customer's next invoice."""

    __tablename__ = "payment_reminders"
    __table_args__ = (UniqueConstraint("invoice_id", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"))
    sequence: Mapped[int]
    reminded_on: Mapped[date]
    outstanding_minor: Mapped[int] = mapped_column(MinorUnits)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_to: Mapped[str | None] = mapped_column(Text)
    fee_minor: Mapped[int] = mapped_column(MinorUnits, default=0, server_default="0")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class WriteOff(db.Model):
    """A small remainder of an invoice finance gave up on (at most WRITE_OFF_LIMIT), with why; never changed."""

    __tablename__ = "write_offs"
    __table_args__ = (CheckConstraint("amount_minor > 0", name="positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    amount_minor: Mapped[int] = mapped_column(MinorUnits)
    currency: Mapped[str] = mapped_column(String(3))
    written_off_on: Mapped[date]
    reason: Mapped[str] = mapped_column(Text)
    exchange_rate_micro: Mapped[int | None] = mapped_column(BigInteger)
    exchange_rate_date: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ReferenceRate(db.Model):
    """The Riksbank's reference rate from `valid_from`, in basis points (2,25 % = 225; it has been negative)."""

    __tablename__ = "reference_rates"

    id: Mapped[int] = mapped_column(primary_key=True)
    valid_from: Mapped[date] = mapped_column(unique=True)
    rate_bp: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
