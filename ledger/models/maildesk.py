"""The support desk by e-mail (docs/support.md): every message received, the inbox, the Message-IDs of each case's
conversation and the files attached to cases. Received mail, Message-IDs and attachments are append-only."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ledger.extensions import db
from ledger.models.types import UTCDateTime

INBOUND_OUTCOMES_SQL = "'new_case', 'reply', 'inbox', 'ignored'"
INBOUND_SOURCES_SQL = "'pipe', 'imap', 'http', 'other'"
INBOX_REASONS_SQL = ("'unknown_sender', 'several_customers', 'not_a_contact_of_case', 'automatic', 'rate_limited', "
                     "'too_large', 'customer_closed', 'channel_not_in_plan'")
INBOX_STATUSES_SQL = "'open', 'ignored', 'case_made', 'discarded'"


class InboundMail(db.Model):
    """One message as it was received, once per Message-ID (never updated or deleted: triggers refuse it).

    `message_key` is the Message-ID, or `sha256:<hex>` of the raw bytes when the message has none (or one too
    long to index), so that the same message delivered again is recognised. `raw` keeps the message's bytes only
    while staff may still need them: for a message that went to the inbox (its attachments go onto the case staff
    make of it), never for one over MAIL_MAX_BYTES.
    """

    __tablename__ = "inbound_mail"
    __table_args__ = (
        CheckConstraint(f"outcome IN ({INBOUND_OUTCOMES_SQL})", name="outcome"),
        CheckConstraint(f"source IN ({INBOUND_SOURCES_SQL})", name="source"),
        Index("ix_inbound_mail_sender_received", "sender", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_key: Mapped[str] = mapped_column(String(255), unique=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(String(8))
    sender: Mapped[str] = mapped_column(String(254))
    sender_name: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    size_bytes: Mapped[int]
    raw_sha256: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(12))
    #: Why a message is automatic (auto_submitted, precedence, bounce …): it is never answered.
    automatic: Mapped[str | None] = mapped_column(String(24))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    case_event_id: Mapped[int | None] = mapped_column(ForeignKey("case_events.id"), index=True)
    #: A reply to a case that could no longer be reopened opens a new case that names the old one.
    follows_case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    #: Attachments not kept: [{"file_name", "size_bytes", "reason"}].
    skipped_attachments: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    raw: Mapped[bytes | None] = mapped_column(LargeBinary)


class InboxItem(db.Model):
    """A received message no case took, until staff make a case of it or discard it (with a reason)."""

    __tablename__ = "inbox_items"
    __table_args__ = (
        CheckConstraint(f"reason IN ({INBOX_REASONS_SQL})", name="reason"),
        CheckConstraint(f"status IN ({INBOX_STATUSES_SQL})", name="status"),
        Index("ix_inbox_items_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inbound_mail_id: Mapped[int] = mapped_column(ForeignKey("inbound_mail.id"), unique=True)
    reason: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    discard_reason: Mapped[str | None] = mapped_column(Text)


class CaseMailId(db.Model):
    """A Message-ID in a case's conversation: ours (`out`), so that replies to it thread, or the customer's (`in`),
    so that a reply to their own earlier message does too."""

    __tablename__ = "case_mail_ids"
    __table_args__ = (
        CheckConstraint("direction IN ('in', 'out')", name="direction"),
        Index("ix_case_mail_ids_case_id_id", "case_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    direction: Mapped[str] = mapped_column(String(3))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CaseAttachment(db.Model):
    """A file on a case, added with one of its events (a reply, a note, the report); never changed."""

    __tablename__ = "case_attachments"
    __table_args__ = (CheckConstraint("size_bytes >= 0", name="size_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    case_event_id: Mapped[int] = mapped_column(ForeignKey("case_events.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
