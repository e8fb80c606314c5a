"""Deliver the outbox over SMTP (docs/jobs-and-mail.md): due messages, retries with backoff, at most once per Message-ID.

A message is delivered in three steps, each its own short transaction:

1. **claim**: the due row is locked (SKIP LOCKED on PostgreSQL, BEGIN IMMEDIATE on SQLite), its attempt counted
   and its next attempt pushed one backoff step ahead, then committed. A second worker cannot take it, and a
   worker that dies from here on leaves it to be retried when that step has passed, never sooner;
2. **send** over SMTP with no transaction open: the stored Message-ID is the header, plain text with an HTML
   alternative, the invoice's archived PDF attached byte for byte;
3. **record**: the transaction that records the server's acceptance marks the message sent; a refusal records
   the reason and leaves it queued (or `failed` after MAX_ATTEMPTS).

The one window left is between the server's "250 OK" for the message and the commit of step 3: a worker killed
exactly there sends the message again, with the same Message-ID, once its backoff step has passed.
`DeliveryReport.window_seconds` measures that window (docs/jobs-and-mail.md has the figures).
"""
from __future__ import annotations

import smtplib
import time
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from flask_mailman import EmailMultiAlternatives
from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain.formatting import invoice_number
from ledger.extensions import mail
from ledger.models import Invoice, InvoiceDocument, OutboxMessage
from ledger.services.clock import utcnow
from ledger.services.tx import write_transaction

#: Attempts before a message is given up as failed (the backoff doubles: 1, 2, 4 … minutes, at most 6 hours).
MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)
#: How long a message waits, uncounted, for its invoice's document to be archived before it looks again.
DOCUMENT_WAIT = timedelta(seconds=15)
#: Errors that mean "not delivered this time": the server refused or went away.
DELIVERY_ERRORS = (smtplib.SMTPException, OSError)


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th attempt: doubling from BACKOFF_BASE, capped at BACKOFF_CAP."""
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)


@dataclass
class DeliveryReport:
    """What one run did: message ids sent, retried later, failed for good, waiting for a document."""

    sent: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    waiting: list[int] = field(default_factory=list)
    #: Seconds between the SMTP server's acceptance and the commit that records it, per message sent.
    window_seconds: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class _Claimed:
    id: int
    attempts: int
    email: EmailMultiAlternatives


def _due(session: Session, exclude: set[int]) -> OutboxMessage | None:
    query = (select(OutboxMessage).where(OutboxMessage.status == "queued", OutboxMessage.next_attempt_at <= utcnow())
             .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(1))
    if exclude:
        query = query.where(OutboxMessage.id.not_in(exclude))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return session.execute(query.execution_options(populate_existing=True)).scalar_one_or_none()


def _attachment(session: Session, invoice_id: int) -> tuple[str, bytes] | None:
    row = session.execute(
        select(Invoice.series, Invoice.number, InvoiceDocument.content)
        .join(InvoiceDocument, InvoiceDocument.invoice_id == Invoice.id).where(Invoice.id == invoice_id)
    ).one_or_none()
    return None if row is None else (f"{invoice_number(row)}.pdf", row.content)


def _email(message: OutboxMessage, attachment: tuple[str, bytes] | None) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject, body=message.body_text, from_email=current_app.config["MAIL_DEFAULT_SENDER"],
        to=[message.recipient], headers={"Message-ID": message.message_id, **(message.headers or {})},
        connection=None,
    )
    email.attach_alternative(message.body_html, "text/html")
    if attachment:
        email.attach(attachment[0], attachment[1], "application/pdf")
    return email


def _claim(report: DeliveryReport, seen: set[int]) -> _Claimed | None:
    """Take the next due message for this worker, or None when nothing is due."""
    with write_transaction() as session:
        while (message := _due(session, seen)) is not None:
            seen.add(message.id)
            attachment = None
            if message.attachment_invoice_id is not None:
                attachment = _attachment(session, message.attachment_invoice_id)
                if attachment is None:  # the invoice is issued but its PDF is still being rendered
                    message.next_attempt_at = utcnow() + DOCUMENT_WAIT
                    report.waiting.append(message.id)
                    continue
            message.attempts += 1
            message.next_attempt_at = utcnow() + backoff(message.attempts)
            return _Claimed(message.id, message.attempts, _email(message, attachment))
    return None


def _record_refusal(claimed: _Claimed, error: BaseException, report: DeliveryReport) -> None:
    reason = f"{type(error).__name__}: {error}"[:2000]
    with write_transaction() as session:
        message = session.get(OutboxMessage, claimed.id, populate_existing=True)
        if message is None or message.status != "queued":
            return
        message.last_error = reason
        if claimed.attempts >= MAX_ATTEMPTS:
            message.status = "failed"
            report.failed.append(claimed.id)
        else:
            report.retried.append(claimed.id)


def _record_sent(message_id: int) -> None:
    """The transaction that records the server's acceptance: from its commit on, the message is never resent."""
    with write_transaction() as session:
        message = session.get(OutboxMessage, message_id, populate_existing=True)
        assert message is not None  # outbox rows are never deleted
        message.status, message.sent_at, message.last_error = "sent", utcnow(), None


def deliver_due_messages(limit: int = 100) -> DeliveryReport:
    """Send up to `limit` due messages over the configured backend, one claim, send and record each."""
    report = DeliveryReport()
    seen: set[int] = set()
    connection = mail.get_connection()
    try:
        while len(report.sent) + len(report.retried) + len(report.failed) < limit:
            claimed = _claim(report, seen)
            if claimed is None:
                break
            claimed.email.connection = connection
            try:
                connection.send_messages([claimed.email])
            except DELIVERY_ERRORS as error:
                connection.close()  # a reset or refused session is not reused for the next message
                _record_refusal(claimed, error, report)
                continue
            accepted = time.perf_counter()
            _record_sent(claimed.id)
            report.window_seconds.append(time.perf_counter() - accepted)
            report.sent.append(claimed.id)
    finally:
        connection.close()
    return report
