"""A case's conversation as it reads (docs/support.md): the public messages in order, each with its direction, author,
time, text and files; and, for staff only, the internal notes."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import func, select

from ledger.domain.support.conversation import INTERNAL_KINDS, MESSAGE_DIRECTIONS
from ledger.extensions import db
from ledger.models import Case, CaseEvent, Contact, InboundMail, User
from ledger.services.access import Actor
from ledger.services.support.attachments import AttachmentInfo, attachments_of


class ThreadMessage(NamedTuple):
    """One message of the conversation (or an internal note): `direction` is in, out or internal; `channel` is
    email when it came by mail, web otherwise; `skipped_files` lists what a mail carried that was not kept."""

    seq: int
    kind: str
    direction: str
    author: str
    actor_id: int | None
    at: datetime
    text: str
    channel: str
    attachments: list[AttachmentInfo]
    skipped_files: list[dict[str, Any]]


class Conversation(NamedTuple):
    """The public messages in order; the internal notes (None when the reader is the customer); the case a
    follow-up by mail names."""

    messages: list[ThreadMessage]
    notes: list[ThreadMessage] | None
    follows_case_id: int | None


class _Mail(NamedTuple):
    sender: str
    sender_name: str
    skipped: list[dict[str, Any]]


def _names(events: Sequence[CaseEvent]) -> dict[int, str]:
    ids = {event.actor_id for event in events if event.actor_id is not None}
    if not ids:
        return {}
    rows = db.session.execute(select(User.id, User.display_name, User.email).where(User.id.in_(ids))).all()
    return {row.id: row.display_name or row.email for row in rows}


def _contact_names(customer_id: int, addresses: set[str]) -> dict[str, str]:
    """The names the customer's contacts go by, for mail that came without a display name."""
    rows = db.session.execute(select(func.lower(Contact.email), Contact.name).where(
        Contact.customer_id == customer_id, func.lower(Contact.email).in_(addresses)).order_by(Contact.id)).all()
    return {address: name for address, name in rows}


def conversation_of(case: Case, events: Sequence[CaseEvent], actor: Actor) -> Conversation:
    """The conversation of a case from its events (the caller has left out what the reader may not see)."""
    files: dict[int, list[AttachmentInfo]] = {}
    for info in attachments_of(case.id):
        files.setdefault(info.case_event_id, []).append(info)
    mails: dict[int, _Mail] = {}
    follows = None
    for row in db.session.execute(
        select(InboundMail.case_event_id, InboundMail.sender, InboundMail.sender_name,
               InboundMail.skipped_attachments, InboundMail.follows_case_id).where(InboundMail.case_id == case.id)
    ):
        if row.case_event_id is not None:
            mails[row.case_event_id] = _Mail(row.sender, row.sender_name, row.skipped_attachments or [])
        follows = follows or row.follows_case_id
    names = _names(events)
    unnamed = {mail.sender for mail in mails.values() if not mail.sender_name and mail.sender}
    contact_names = _contact_names(case.customer_id, unnamed) if unnamed else {}
    messages: list[ThreadMessage] = []
    notes: list[ThreadMessage] = []
    for event in events:
        internal = event.kind in INTERNAL_KINDS
        if event.kind not in MESSAGE_DIRECTIONS and not internal:
            continue
        mail = mails.get(event.id)
        if mail is not None:
            author = mail.sender_name or contact_names.get(mail.sender) or mail.sender
        elif event.kind == "opened" and case.reporter is not None:
            author = case.reporter.name
        else:
            author = names.get(event.actor_id or 0, "")
        text = case.description if event.kind == "opened" else (event.message or "")
        entry = ThreadMessage(event.seq, event.kind, "internal" if internal else MESSAGE_DIRECTIONS[event.kind],
                              author, event.actor_id, event.at, text, "email" if mail is not None else "web",
                              files.get(event.id, []), mail.skipped if mail is not None else [])
        (notes if internal else messages).append(entry)
    return Conversation(messages, None if actor.role == "customer" else notes, follows)


def staff_thread(conversation: Conversation | None) -> list[ThreadMessage]:
    """The messages and the internal notes as one thread, in the order they were written (the staff page)."""
    if conversation is None:
        return []
    return sorted([*conversation.messages, *(conversation.notes or [])], key=lambda message: message.seq)
