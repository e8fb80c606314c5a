"""Receiving support mail (docs/support.md): `receive_message(raw_bytes)`, the one use case behind the three doors
(`flask mail receive` for an MTA's pipe, the IMAP poller, `POST /api/v1/mail/inbound`).

Each message is read, routed (`ledger.domain.support.mail_routing`) and written in one transaction: its record in
`inbound_mail` (once per Message-ID, or per SHA-256 of its bytes when it has none), and what it became: a reply
on its case, a new case, or an inbox item. Nothing is dropped unseen; automatic mail (auto-replies, bounces, our
own mail coming back) is stored in the inbox as `automatic` and never answered, so no mail loop can start. A
message seen before changes nothing. Bad input never raises; a database that cannot be reached does (the doors
answer "try again later").
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ledger.domain.errors import InvalidInput
from ledger.domain.mail.reading import ReadMail, read_mail
from ledger.domain.problems import N_, define_messages
from ledger.domain.support.cases import CaseReport
from ledger.domain.support.mail_routing import (
    NamedCase,
    Route,
    SenderContact,
    case_subject,
    case_tag,
    route_message,
)
from ledger.extensions import db
from ledger.models import Case, Contact, InboundMail, InboxItem
from ledger.services.access import STAFF_ROLES, SYSTEM, Actor, require_role
from ledger.services.clock import utcnow
from ledger.services.support.attachments import store_attachments
from ledger.services.support.case_events import record_customer_reply
from ledger.services.support.cases import start_case
from ledger.services.support.mail_threads import case_of_message_ids, is_our_message, remember_message_id
from ledger.services.support.notifications import notify_case_opened, notify_customer_wrote
from ledger.services.support.plans import active_plans
from ledger.services.tx import lock_account, write_transaction

MESSAGES = define_messages({
    "inbound_not_rfc822": N_("Send the raw message with Content-Type: message/rfc822."),
    "inbound_empty": N_("The body is empty; send the raw message."),
})
SOURCES = ("pipe", "imap", "http", "other")
RATE_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class Received:
    """What became of a message: new_case, reply, inbox, ignored or duplicate, with its case or inbox item."""

    outcome: str
    case_id: int | None = None
    inbox_id: int | None = None
    reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The answer every door gives: {"outcome", "case_id"?, "inbox_id"?, "reason"?}."""
        return {name: value for name, value in asdict(self).items() if value is not None}


def message_key(read: ReadMail) -> str:
    """What makes a message the same message: its Message-ID, or the SHA-256 of its bytes when it has none."""
    return read.message_id if read.message_id else f"sha256:{read.sha256}"


def _as_bytes(raw: Any) -> bytes:
    if isinstance(raw, (bytes, bytearray, memoryview)):
        return bytes(raw)
    return str(raw).encode("utf-8", "surrogateescape")


def receive_message(raw_bytes: bytes, *, source: str = "other") -> Received:
    """Store one received message and route it: a reply on its case, a new case, or the inbox.

    Never raises for bad input (any bytes are a message, at worst one for the inbox); database errors propagate,
    so that the door can say "try again" (exit 75, HTTP 503, the message left in the IMAP folder).
    """
    raw = _as_bytes(raw_bytes)
    read = read_mail(raw, max_bytes=current_app.config["MAIL_MAX_BYTES"])
    key = message_key(read)
    try:
        return _receive(read, raw, key, source if source in SOURCES else "other")
    except IntegrityError:
        db.session.rollback()
        if db.session.execute(select(InboundMail.id).where(InboundMail.message_key == key)).first():
            return Received("duplicate")  # the same message, delivered twice at once: the other one won
        raise


def receive_posted_message(raw: bytes, content_type: str, *, actor: Actor) -> Received:
    """A message a mail service posted over HTTP (staff token), received like any other.

    :raise InvalidInput: not sent as message/rfc822, or empty.  :raise Forbidden: not staff.
    """
    require_role(actor, *STAFF_ROLES)
    if content_type != "message/rfc822":
        raise InvalidInput.single("Content-Type", "inbound_not_rfc822")
    if not raw:
        raise InvalidInput.single("body", "inbound_empty")
    return receive_message(raw, source="http")


def _automatic(session: Session, read: ReadMail) -> str | None:
    if read.automatic:
        return read.automatic
    if is_our_message(session, read.message_id):
        return "our_message"
    ours = {(current_app.config.get(name) or "").strip().lower() for name in ("SUPPORT_ADDRESS", "MAIL_DEFAULT_SENDER")}
    return "from_us" if read.sender and read.sender in ours else None


def _named_case(session: Session, read: ReadMail) -> NamedCase | None:
    case_id = case_of_message_ids(session, read.named_ids) or case_tag(read.subject)
    if case_id is None or case_id > 2**31 - 1:
        return None
    case = session.execute(select(Case).where(Case.id == case_id).with_for_update()
                           .execution_options(populate_existing=True)).scalar_one_or_none()
    return None if case is None else NamedCase(case.id, case.customer_id, case.status, case.resolved_at)


def _sender_contacts(session: Session, sender: str) -> list[SenderContact]:
    if not sender:
        return []
    rows = session.execute(
        select(Contact.id, Contact.customer_id)
        .where(func.lower(Contact.email) == sender, Contact.removed_at.is_(None)).order_by(Contact.id)
    ).all()
    return [SenderContact(row.id, row.customer_id) for row in rows]


def _new_cases_last_hour(session: Session, sender: str, now: datetime) -> int:
    if not sender:
        return 0
    return session.execute(
        select(func.count(InboundMail.id)).where(InboundMail.sender == sender, InboundMail.outcome == "new_case",
                                                 InboundMail.received_at >= now - RATE_WINDOW)
    ).scalar_one()


def _record(session: Session, read: ReadMail, raw: bytes, key: str, source: str, outcome: str, now: datetime,
            **values: Any) -> InboundMail:
    mail = InboundMail(
        message_key=key, received_at=now, source=source, sender=read.sender, sender_name=read.sender_name,
        subject=read.subject, text=read.text, size_bytes=read.size_bytes, raw_sha256=read.sha256, outcome=outcome,
        skipped_attachments=[asdict(skipped) for skipped in read.skipped] or None,
        raw=raw if outcome in ("inbox", "ignored") and not read.too_large else None, **values,
    )
    session.add(mail)
    session.flush()
    return mail


def _receive(read: ReadMail, raw: bytes, key: str, source: str) -> Received:
    with write_transaction() as session:
        seen = session.execute(select(InboundMail.case_id).where(InboundMail.message_key == key)).first()
        if seen is not None:
            return Received("duplicate", case_id=seen.case_id)
        now = utcnow()
        automatic = _automatic(session, read)
        route = route_message(
            automatic=automatic is not None, too_large=read.too_large, named=_named_case(session, read),
            contacts=_sender_contacts(session, read.sender),
            new_cases_last_hour=_new_cases_last_hour(session, read.sender, now),
            max_per_hour=current_app.config["MAIL_MAX_NEW_CASES_PER_HOUR"], now=now,
        )
        if route.outcome == "reply":
            return _reply(session, read, raw, key, source, route, now)
        if route.outcome == "new_case":
            return _new_case(session, read, raw, key, source, route, now)
        return _to_inbox(session, read, raw, key, source, route.outcome, route.reason or "unknown_sender", now,
                         automatic=automatic)


def _reply(session: Session, read: ReadMail, raw: bytes, key: str, source: str, route: Route,
           now: datetime) -> Received:
    case = session.get_one(Case, route.case_id)  # locked by _named_case
    event = record_customer_reply(session, case, SYSTEM, now, read.text or None)
    store_attachments(session, case, event, read.files, now)
    session.flush()
    _record(session, read, raw, key, source, "reply", now, case_id=case.id, case_event_id=event.id)
    if read.message_id:
        remember_message_id(session, case.id, read.message_id, "in", now)
    notify_customer_wrote(session, case, event, read.files, read.sender_name or read.sender)
    return Received("reply", case_id=case.id)


def _new_case(session: Session, read: ReadMail, raw: bytes, key: str, source: str, route: Route,
              now: datetime) -> Received:
    assert route.customer_id is not None
    customer, _account = lock_account(session, route.customer_id)
    if customer.status == "closed":
        return _to_inbox(session, read, raw, key, source, "inbox", "customer_closed", now)
    report = CaseReport(customer.id, active_plans().mail_default_severity,
                        case_subject(read.subject, read.text, read.sender), read.text, "email", route.contact_id)
    try:
        case, event = start_case(session, customer, report, SYSTEM, now)
    except InvalidInput:  # the plan gives no support by e-mail (start_case writes nothing before it checks)
        return _to_inbox(session, read, raw, key, source, "inbox", "channel_not_in_plan", now)
    store_attachments(session, case, event, read.files, now)
    session.flush()
    _record(session, read, raw, key, source, "new_case", now, case_id=case.id, case_event_id=event.id,
            follows_case_id=route.follows_case_id)
    if read.message_id:
        remember_message_id(session, case.id, read.message_id, "in", now)
    notify_case_opened(session, case, tell_staff=True, answering_mail=True, follows_case_id=route.follows_case_id)
    return Received("new_case", case_id=case.id)


def _to_inbox(session: Session, read: ReadMail, raw: bytes, key: str, source: str, outcome: str, reason: str,
              now: datetime, automatic: str | None = None) -> Received:
    mail = _record(session, read, raw, key, source, outcome, now, automatic=automatic)
    item = InboxItem(inbound_mail_id=mail.id, reason=reason, status="ignored" if outcome == "ignored" else "open",
                     created_at=now)
    session.add(item)
    session.flush()
    return Received(outcome, inbox_id=item.id, reason=reason)
