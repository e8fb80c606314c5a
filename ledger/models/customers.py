"""Customers with their agreement terms, and the service account that holds their hours."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ledger.domain.accounts.chain import GENESIS_HASH
from ledger.extensions import db
from ledger.models.types import MinorUnits, Minutes, UTCDateTime


class Customer(db.Model):
    """A customer and the terms agreed with them; money in minor units of `currency`."""

    __tablename__ = "customers"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'closed')", name="status"),
        CheckConstraint("billing_increment_minutes >= 1", name="billing_increment"),
        CheckConstraint("hourly_rate_minor >= 0 AND monthly_fee_minor >= 0", name="prices"),
        CheckConstraint("deployment IN ('hosted', 'on_premise')", name="deployment"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    org_number: Mapped[str] = mapped_column(String(40), index=True)
    vat_number: Mapped[str | None] = mapped_column(String(40))
    country: Mapped[str] = mapped_column(String(2))
    language: Mapped[str] = mapped_column(String(2))
    currency: Mapped[str] = mapped_column(String(3))
    hourly_rate_minor: Mapped[int] = mapped_column(MinorUnits)
    monthly_fee_minor: Mapped[int] = mapped_column(MinorUnits)
    billing_increment_minutes: Mapped[int] = mapped_column(Minutes, default=1)
    overdraft_limit_minutes: Mapped[int | None] = mapped_column(Minutes)
    low_balance_minutes: Mapped[int] = mapped_column(Minutes, default=120)
    email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str | None] = mapped_column(Text)
    invoice_reference: Mapped[str | None] = mapped_column(String(100))
    #: hosted by us, or installed on the customer's own servers (which needs an operations technician, docs/contacts-and-agreements.md).
    deployment: Mapped[str] = mapped_column(String(16), default="hosted", server_default="hosted")
    #: Where the customer receives e-invoices, scheme:identifier (0007:5567321707); None: the org number.
    peppol_id: Mapped[str | None] = mapped_column(String(64))
    #: The folded name and the organisation number without separators, which a search compares with
    #: (ledger.domain.customers.search); set with every change of either.
    search_text: Mapped[str] = mapped_column(Text, server_default="")
    status: Mapped[str] = mapped_column(String(8), default="active")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    close_reason: Mapped[str | None] = mapped_column(Text)

    account: Mapped[ServiceAccount] = relationship(back_populates="customer", uselist=False)


class ServiceAccount(db.Model):
    """The head of a customer's ledger: balance and chain end, updated with every entry under a row lock."""

    __tablename__ = "service_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), unique=True)
    balance_minutes: Mapped[int] = mapped_column(Minutes, default=0)
    last_seq: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default=GENESIS_HASH)
    #: recorded_at of the last entry; later entries never get an earlier time (statements cut by time).
    last_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    customer: Mapped[Customer] = relationship(back_populates="account")


class HourPackage(db.Model):
    """Prepaid hours bought at a price; its purchase entry is invoiced in the next run."""

    __tablename__ = "hour_packages"
    __table_args__ = (
        CheckConstraint("minutes > 0", name="minutes_positive"),
        CheckConstraint("price_minor >= 0", name="price_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("ledger_entries.id"), unique=True)
    minutes: Mapped[int] = mapped_column(Minutes)
    price_minor: Mapped[int] = mapped_column(MinorUnits)
    currency: Mapped[str] = mapped_column(String(3))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
