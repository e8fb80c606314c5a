"""The inbox (docs/support.md): received mail no case took. Staff make a case of an item for a customer they choose,
optionally adding the sender as a contact, or discard it with a reason; automatic mail waits there as `ignored`
(nobody has to act on it, anybody may). Nothing in it is ever deleted."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.domain.errors import Conflict, FieldErrors, InvalidInput
from ledger.domain.mail.reading import read_mail
from ledger.domain.problems import N_, define_messages
from ledger.domain.support.cases import MAX_NOTE_LENGTH, CaseReport, checked_severity
from ledger.domain.support.mail_routing import case_subject
from ledger.domain.text import checked_text
from ledger.extensions import db
from ledger.locales import LANGUAGES
from ledger.models import Contact, InboundMail, InboxItem
from ledger.services.access import STAFF_ROLES, Actor, require_role
from ledger.services.clock import utcnow
from ledger.services.customers.contacts import add_contact
from ledger.services.errors import NotFound
from ledger.services.support.attachments import store_attachments
from ledger.services.support.case_reads import CaseView, get_case
from ledger.services.support.cases import start_case
from ledger.services.support.mail_threads import remember_message_id
from ledger.services.support.notifications import notify_case_opened
from ledger.services.support.plans import active_plans
from ledger.services.tx import lock_account, write_transaction

MESSAGES = define_messages({
    "inbox_item_not_found": N_("Inbox item %(inbox_id)s does not exist."),
    "inbox_item_decided": N_("Inbox item %(inbox_id)s was already dealt with (%(status)s)."),
    "inbox_sender_unknown": N_("The message has no sender address to add as a contact."),
})
#: What the inbox lists: waiting for staff, automatic mail, or what was dealt with.
VIEWS = {"open": ("open",), "automatic": ("ignored",), "done": ("case_made", "discarded")}
UNDECIDED = ("open", "ignored")


@dataclass(frozen=True)
class InboxEntry:
    """An inbox item with the message it holds."""

    item: InboxItem
    mail: InboundMail
    #: (file name, size in bytes) of the files the message carries; read for one item, not for lists.
    files: tuple[tuple[str, int], ...] = ()


def list_inbox(*, actor: Actor, view: str = "open", limit: int = 500) -> list[InboxEntry]:
    """The inbox's items in one view (open, automatic, done), the newest first (staff)."""
    require_role(actor, *STAFF_ROLES)
    if view not in VIEWS:
        raise InvalidInput.single("view", "one_of", choices=tuple(VIEWS))
    rows = db.session.execute(
        select(InboxItem, InboundMail).join(InboundMail, InboundMail.id == InboxItem.inbound_mail_id)
        .where(InboxItem.status.in_(VIEWS[view])).order_by(InboxItem.created_at.desc(), InboxItem.id.desc())
        .limit(limit)
    ).all()
    return [InboxEntry(item, mail) for item, mail in rows]


def get_inbox_item(inbox_id: int, *, actor: Actor) -> InboxEntry:
    """One inbox item with its message (staff).  :raise NotFound: unknown item."""
    require_role(actor, *STAFF_ROLES)
    row = db.session.execute(
        select(InboxItem, InboundMail).join(InboundMail, InboundMail.id == InboxItem.inbound_mail_id)
        .where(InboxItem.id == inbox_id)
    ).one_or_none()
    if row is None:
        raise NotFound(code="inbox_item_not_found", inbox_id=inbox_id)
    item, mail = row
    files = () if mail.raw is None else tuple(
        (file.file_name, len(file.content))
        for file in read_mail(mail.raw, max_bytes=current_app.config["MAIL_MAX_BYTES"]).files)
    return InboxEntry(item, mail, files)


def _undecided(session: Session, inbox_id: int) -> tuple[InboxItem, InboundMail]:
    row = session.execute(
        select(InboxItem, InboundMail).join(InboundMail, InboundMail.id == InboxItem.inbound_mail_id)
        .where(InboxItem.id == inbox_id).with_for_update(of=InboxItem).execution_options(populate_existing=True)
    ).one_or_none()
    if row is None:
        raise NotFound(code="inbox_item_not_found", inbox_id=inbox_id)
    item, mail = row
    if item.status not in UNDECIDED:
        raise Conflict(code="inbox_item_decided", inbox_id=inbox_id, status=item.status)
    return item, mail


def _decide(item: InboxItem, status: str, actor: Actor, now: datetime, **values: Any) -> None:
    item.status, item.decided_at, item.decided_by = status, now, actor.id
    for name, value in values.items():
        setattr(item, name, value)


def _reporter(session: Session, customer_id: int, mail: InboundMail, data: dict[str, Any], actor: Actor) -> int | None:
    """The contact the case is reported by: the sender, added as a contact when asked; an existing contact of the
    customer with the sender's address otherwise; else nobody."""
    if data.get("add_contact"):
        if not mail.sender:
            raise InvalidInput.single("add_contact", "inbox_sender_unknown")
        contact = add_contact(session, customer_id, {
            "name": data.get("contact_name") or mail.sender_name or mail.sender, "email": mail.sender,
            "language": data.get("contact_language") or "sv", "roles": []}, actor=actor)
        return contact.id
    if not mail.sender:
        return None
    return session.execute(select(Contact.id).where(Contact.customer_id == customer_id, Contact.removed_at.is_(None),
                                                    func.lower(Contact.email) == mail.sender).limit(1)).scalar()


def _checked_case_data(data: dict[str, Any]) -> tuple[int, int, str | None]:
    errors = FieldErrors()
    customer_id = data.get("customer_id")
    if isinstance(customer_id, bool) or not isinstance(customer_id, int) or not 1 <= customer_id <= 2**31 - 1:
        errors.add("customer_id", "required" if customer_id is None else "not_whole_number")
    severity = data.get("severity")
    level = active_plans().mail_default_severity if severity is None else checked_severity(errors, severity)
    subject = checked_text(errors, "subject", data.get("subject"), 200, required=False) or None
    checked_text(errors, "contact_name", data.get("contact_name"), 200, required=False)
    if data.get("contact_language") not in (None, "", *LANGUAGES):
        errors.add("contact_language", "one_of", choices=LANGUAGES)
    errors.raise_if_any()
    return customer_id, level, subject  # type: ignore[return-value]


def make_case_from_inbox(inbox_id: int, data: dict[str, Any], *, actor: Actor) -> CaseView:
    """Make a case of an inbox item for the chosen customer (`customer_id`, `severity?`, `subject?`,
    `add_contact?` with `contact_name?`, `contact_language?`): the message's text and files become the report,
    its sender is acknowledged (when a contact reports it) and the customer's later replies thread onto it.

    :raise InvalidInput: naming each bad field.  :raise NotFound: unknown item or customer.
    :raise Conflict: the item was dealt with, or the customer is closed.
    """
    require_role(actor, *STAFF_ROLES)
    customer_id, severity, subject = _checked_case_data(data)
    with write_transaction() as session:
        item, mail = _undecided(session, inbox_id)
        customer, _account = lock_account(session, customer_id)
        if customer.status == "closed":
            raise Conflict(code="case_customer_closed", customer_id=customer.id)
        now = utcnow()
        report = CaseReport(customer.id, severity, subject or case_subject(mail.subject, mail.text, mail.sender),
                            mail.text, "email", _reporter(session, customer.id, mail, data, actor))
        case, event = start_case(session, customer, report, actor, now)
        if mail.raw is not None:
            files = read_mail(mail.raw, max_bytes=current_app.config["MAIL_MAX_BYTES"]).files
            store_attachments(session, case, event, files, now)
        if not mail.message_key.startswith("sha256:"):
            remember_message_id(session, case.id, mail.message_key, "in", now)
        _decide(item, "case_made", actor, now, case_id=case.id)
        notify_case_opened(session, case, tell_staff=False, answering_mail=True)
        case_id = case.id
    return get_case(case_id, actor=actor)


def discard_inbox_item(inbox_id: int, reason: str, *, actor: Actor) -> InboxEntry:
    """Discard an inbox item, saying why (spam, a newsletter, a duplicate); it stays listed under done.

    :raise InvalidInput: no reason.  :raise NotFound: unknown item.  :raise Conflict: already dealt with.
    """
    require_role(actor, *STAFF_ROLES)
    errors = FieldErrors()
    text = checked_text(errors, "reason", reason, MAX_NOTE_LENGTH)
    errors.raise_if_any()
    with write_transaction() as session:
        item, mail = _undecided(session, inbox_id)
        _decide(item, "discarded", actor, utcnow(), discard_reason=text)
    return InboxEntry(item, mail)
