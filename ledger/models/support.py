"""Support: the customer's contacts, agreements with a period, cases and their append-only events."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ledger.extensions import db
from ledger.models.types import MinorUnits, UTCDateTime

CASE_STATUSES_SQL = "'open', 'waiting_on_customer', 'resolved', 'closed'"
CONTACT_ROLES_SQL = "'expert_user', 'contract_manager', 'service_owner', 'operations_technician'"
CONTACT_CHANGE_ACTIONS_SQL = "'created', 'updated', 'removed'"
CASE_EVENT_KINDS_SQL = ("'opened', 'responded', 'customer_replied', 'status', 'severity', 'resolved', 'reopened', "
                        "'note', 'assigned', 'escalated', 'reminded'")


class Contact(db.Model):
    """A person at the customer; removed people keep their row (cases still name them)."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    roles: Mapped[list[ContactRole]] = relationship(cascade="all, delete-orphan", order_by="ContactRole.role",
                                                    lazy="selectin")

    @property
    def role_names(self) -> list[str]:
        return [held.role for held in self.roles]


class ContactRole(db.Model):
    """One role a contact holds; a row per contact and role, so "the contract managers" is an indexed join."""

    __tablename__ = "contact_roles"
    __table_args__ = (CheckConstraint(f"role IN ({CONTACT_ROLES_SQL})", name="role"),)

    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)


class ContactChange(db.Model):
    """The audit trail of contacts: who changed what and when, the contact before and after (append-only)."""

    __tablename__ = "contact_changes"
    __table_args__ = (
        CheckConstraint(f"action IN ({CONTACT_CHANGE_ACTIONS_SQL})", name="action"),
        Index("ix_contact_changes_contact_at", "contact_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    action: Mapped[str] = mapped_column(String(8))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Agreement(db.Model):
    """Something bought beyond hours for a period (a support plan; maintenance later): `ends_on` is the last
    day covered. A priced agreement is invoiced in the next run, on a line of its own."""

    __tablename__ = "agreements"
    __table_args__ = (
        CheckConstraint("kind IN ('support_plan', 'maintenance')", name="kind"),
        CheckConstraint("ends_on >= starts_on", name="period"),
        CheckConstraint("price_minor >= 0", name="price_not_negative"),
        CheckConstraint("kind <> 'support_plan' OR plan IS NOT NULL", name="support_plan_has_plan"),
        CheckConstraint("kind <> 'maintenance' OR variant IS NOT NULL", name="maintenance_has_variant"),
        Index("ix_agreements_customer_kind_starts", "customer_id", "kind", "starts_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    kind: Mapped[str] = mapped_column(String(16))
    plan: Mapped[str | None] = mapped_column(String(32))
    variant: Mapped[str | None] = mapped_column(String(32))
    licence_reference: Mapped[str | None] = mapped_column(String(100))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    price_minor: Mapped[int] = mapped_column(MinorUnits)
    currency: Mapped[str] = mapped_column(String(3))
    renews_agreement_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id"))
    renewal_notice_queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Case(db.Model):
    """A support case: its current status and severity; what happened, and when, is in its events."""

    __tablename__ = "cases"
    __table_args__ = (
        CheckConstraint(f"status IN ({CASE_STATUSES_SQL})", name="status"),
        CheckConstraint("severity BETWEEN 1 AND 4", name="severity"),
        CheckConstraint("channel IN ('email', 'chat', 'phone', 'remote')", name="channel"),
        Index("ix_cases_customer_opened", "customer_id", "opened_at"),
        Index("ix_cases_status", "status"),
        Index("ix_cases_assignee_status", "assignee_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    plan: Mapped[str] = mapped_column(String(32))
    severity: Mapped[int]
    status: Mapped[str] = mapped_column(String(24))
    subject: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(8))
    reporter_contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    over_quota: Mapped[bool]
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    opened_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_event_seq: Mapped[int]
    #: The staff member who owns the case (docs/support.md); None: unassigned, the team's.
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    events: Mapped[list[CaseEvent]] = relationship(order_by="CaseEvent.seq", back_populates="case")
    reporter: Mapped[Contact | None] = relationship()


class CaseEvent(db.Model):
    """One thing that happened to a case; never updated or deleted (database triggers refuse it)."""

    __tablename__ = "case_events"
    __table_args__ = (
        UniqueConstraint("case_id", "seq"),
        CheckConstraint(f"kind IN ({CASE_EVENT_KINDS_SQL})", name="kind"),
        CheckConstraint("seq >= 1", name="seq_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    seq: Mapped[int]
    kind: Mapped[str] = mapped_column(String(24))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    severity: Mapped[int | None]
    status: Mapped[str | None] = mapped_column(String(24))
    message: Mapped[str | None] = mapped_column(Text)
    #: An `assigned` event: the staff member the case went to (None: back to the team, unassigned).
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    case: Mapped[Case] = relationship(back_populates="events")
