"""Invoices and credit notes, their lines, the number series and the archive of issued PDFs."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger, CheckConstraint, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint, exists, text,
)
from sqlalchemy.orm import Mapped, aliased, column_property, mapped_column, relationship

from ledger.extensions import db
from ledger.models.types import MinorUnits, Minutes, UTCDateTime


class NumberSeries(db.Model):
    """A gapless invoice number series; its row is locked while a number is taken."""

    __tablename__ = "number_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(32), unique=True)
    next_number: Mapped[int]


#: The month's run drafts one invoice per customer and month; an invoice drafted now (origin 'now') is not it.
ONE_PER_MONTH = "kind = 'invoice' AND replaces_invoice_id IS NULL AND origin = 'run'"
ORIGINS = ("run", "now")
#: Lines outside the scope of VAT: what a late payer owes besides the price.
OUTSIDE_VAT_KINDS = ("reminder_fee", "late_interest")
LINE_KINDS = ("monthly_fee", "hour_package", "hours_owed", "agreement", *OUTSIDE_VAT_KINDS, "extra")


class Invoice(db.Model):
    """An invoice or credit note. A draft has no number; once issued, the database refuses any change.

    `origin` is "run" for the month's invoice and "now" for one finance drafts at once (hour packages and agreements
    sold today); numbers are unique per series.
    """

    __tablename__ = "invoices"
    __table_args__ = (
        CheckConstraint("kind IN ('invoice', 'credit_note')", name="kind"),
        CheckConstraint("origin IN ('run', 'now')", name="origin"),
        UniqueConstraint("series", "number"),
        CheckConstraint("status IN ('draft', 'issued')", name="status"),
        CheckConstraint("status <> 'issued' OR number IS NOT NULL", name="number_when_issued"),
        CheckConstraint("(kind = 'credit_note') = (credited_invoice_id IS NOT NULL)", name="credit_reference"),
        # One invoice per customer and month, except the one drafted anew after a full credit (it names the
        # invoice it replaces, and each credited invoice is replaced at most once).
        Index(
            "uq_invoices_customer_period", "customer_id", "period", unique=True,
            sqlite_where=text(ONE_PER_MONTH), postgresql_where=text(ONE_PER_MONTH),
        ),
        Index("uq_invoices_replaces_invoice_id", "replaces_invoice_id", unique=True),
        Index("ix_invoices_period_status", "period", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(8))
    period: Mapped[str] = mapped_column(String(7))
    number: Mapped[int | None]
    series: Mapped[str | None] = mapped_column(String(32))
    ocr: Mapped[str | None] = mapped_column(String(32))
    currency: Mapped[str] = mapped_column(String(3))
    language: Mapped[str] = mapped_column(String(2))
    period_start: Mapped[date]
    period_end: Mapped[date]
    issue_date: Mapped[date | None]
    due_date: Mapped[date | None]
    buyer_name: Mapped[str] = mapped_column(String(200))
    buyer_address: Mapped[str | None] = mapped_column(Text)
    buyer_org_number: Mapped[str] = mapped_column(String(40))
    buyer_vat_number: Mapped[str | None] = mapped_column(String(40))
    buyer_country: Mapped[str] = mapped_column(String(2))
    buyer_reference: Mapped[str | None] = mapped_column(String(100))
    seller_snapshot: Mapped[str | None] = mapped_column(Text)
    vat_code: Mapped[str] = mapped_column(String(24))
    vat_rate_bp: Mapped[int]
    net_minor: Mapped[int] = mapped_column(MinorUnits)
    vat_minor: Mapped[int] = mapped_column(MinorUnits)
    total_minor: Mapped[int] = mapped_column(MinorUnits)
    rounding_minor: Mapped[int] = mapped_column(MinorUnits)
    to_pay_minor: Mapped[int] = mapped_column(MinorUnits)
    #: A foreign-currency invoice's rate (SEK per unit, millionths) and its date: the latest on or before issue.
    exchange_rate_micro: Mapped[int | None] = mapped_column(BigInteger)
    exchange_rate_date: Mapped[date | None]
    #: The VAT in öre when a foreign-currency invoice charges Swedish VAT (ML 17 kap. 29 §).
    vat_sek_minor: Mapped[int | None] = mapped_column(MinorUnits)
    balance_at_period_end_minutes: Mapped[int] = mapped_column(Minutes)
    #: The invoice a credit note credits; an invoice may be credited by several notes, up to its amount.
    credited_invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"), index=True)
    credit_reason: Mapped[str | None] = mapped_column(Text)
    #: A month's invoice drafted again after its first invoice was credited in full.
    replaces_invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"))
    origin: Mapped[str] = mapped_column(String(8), default="run", server_default="run")
    #: The specification as issued (JSON rows of the period's tasks in both languages): copies render from it.
    specification: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    lines: Mapped[list[InvoiceLine]] = relationship(
        order_by="InvoiceLine.position", back_populates="invoice", cascade="all, delete-orphan",
        foreign_keys="InvoiceLine.invoice_id",
    )
    credited_invoice: Mapped[Invoice | None] = relationship(remote_side=[id], foreign_keys=[credited_invoice_id])
    replaced_invoice: Mapped[Invoice | None] = relationship(remote_side=[id], foreign_keys=[replaces_invoice_id])


class InvoiceLine(db.Model):
    """One line: the monthly fee, an hour package, hours owed, an agreement, a reminder fee, late interest, a line
    finance added (`extra`: quantity in hundredths and a unit), or the credit of an earlier line."""

    __tablename__ = "invoice_lines"
    __table_args__ = (
        CheckConstraint("kind IN ('monthly_fee', 'hour_package', 'hours_owed', 'agreement', 'reminder_fee', "
                        "'late_interest', 'extra')", name="kind"),
        # An agreement's line is invoiced once, and again only on the invoice that replaces one credited in full.
        Index("ix_invoice_lines_agreement_id", "agreement_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), index=True)
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    description_sv: Mapped[str] = mapped_column(Text)
    description_en: Mapped[str] = mapped_column(Text)
    quantity_minutes: Mapped[int | None] = mapped_column(Minutes)
    unit_price_minor: Mapped[int] = mapped_column(MinorUnits)
    amount_minor: Mapped[int] = mapped_column(MinorUnits)
    #: The purchase or settlement entry this line invoices (or, on a credit note, the reversal of it).
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"), unique=True)
    hour_package_id: Mapped[int | None] = mapped_column(ForeignKey("hour_packages.id"))
    #: The line a credit note's line credits (several part credits may credit the same line, up to its amount).
    credits_line_id: Mapped[int | None] = mapped_column(ForeignKey("invoice_lines.id"), index=True)
    #: The agreement this line invoices (an invoice's line only: a credit note's line refers to it by credits_line_id).
    agreement_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id"))
    #: The reminder whose fee this line charges, and the invoice paid late whose interest it charges.
    reminder_id: Mapped[int | None] = mapped_column(ForeignKey("payment_reminders.id"), index=True)
    interest_invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"), index=True)
    #: An extra line's quantity in hundredths (1,5 tim = 150) and its unit (piece, hour, day, month).
    quantity_hundredths: Mapped[int | None] = mapped_column(BigInteger)
    unit: Mapped[str | None] = mapped_column(String(8))
    #: The period a line covers when it is not the invoice's month (a yearly agreement: 2027-01-01 – 2027-12-31).
    period_start: Mapped[date | None]
    period_end: Mapped[date | None]

    invoice: Mapped[Invoice] = relationship(back_populates="lines", foreign_keys=[invoice_id])


class InvoiceDocument(db.Model):
    """The PDF as issued: bytes and SHA-256, never changed (the database refuses UPDATE and DELETE)."""

    __tablename__ = "invoice_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), unique=True)
    language: Mapped[str] = mapped_column(String(2))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class InvoiceCopy(db.Model):
    """An issued invoice rendered in its other language, from the frozen invoice: rendered once and kept."""

    __tablename__ = "invoice_copies"
    __table_args__ = (UniqueConstraint("invoice_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"))
    language: Mapped[str] = mapped_column(String(2))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DiscardedDraft(db.Model):
    """A draft finance discarded: who and when, so that issuing it afterwards is told so (409), not "not found"."""

    __tablename__ = "discarded_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    period: Mapped[str] = mapped_column(String(7))
    discarded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    discarded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


#: Whether the issued invoice's PDF is archived yet (read in the same SELECT: lists stay one query).
_archived = aliased(InvoiceDocument)  # an alias of its own: a query that joins the archive keeps its FROM
Invoice.document_archived = column_property(  # type: ignore[attr-defined]
    exists().where(_archived.invoice_id == Invoice.id).correlate_except(_archived)
)
