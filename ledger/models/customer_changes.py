"""The audit trail of a customer's terms and address: who changed which field, when, from what to what."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ledger.extensions import db
from ledger.models.types import UTCDateTime


class CustomerChange(db.Model):
    """One field of one customer changed by one edit; append-only (triggers refuse UPDATE and DELETE).

    `before` and `after` hold the value in its stored form (minor units, minutes, codes, text; NULL for none),
    so that pages format them in the reader's language. `user_id` is NULL when the system made the change.
    """

    __tablename__ = "customer_changes"
    __table_args__ = (Index("ix_customer_changes_customer_changed", "customer_id", "changed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    field: Mapped[str] = mapped_column(String(40))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
