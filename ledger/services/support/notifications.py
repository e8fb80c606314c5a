"""Mail about a case (docs/support.md), queued in the outbox in the transaction of the change that causes it.

The customer (the reporter, or without one the customer's service owners, each in their language) is told when a
case is opened (its number, severity and due times in Stockholm time with the weekday), of every public reply,
when the case waits on them and when it is resolved. Staff (the assignee, else SUPPORT_TEAM_ADDRESS) are told when
a customer opens a case or writes on one. Every mail's subject is `[#N] <subject>`; its Message-ID is ours and
recorded with the case, and In-Reply-To/References name the conversation so far, so that mail clients thread it
and a reply lands on the case. Customer mail says Reply-To: SUPPORT_ADDRESS; mail no person wrote says
Auto-Submitted (RFC 3834), so that well-behaved auto-responders do not answer it.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urljoin

from flask import current_app
from sqlalchemy.orm import Session

from ledger.domain.mail.files import IncomingFile
from ledger.domain.support.due_text import weekday_time
from ledger.domain.support.mail_routing import tagged_subject
from ledger.domain.support.sla import ClockEvent
from ledger.locales import LANGUAGES
from ledger.models import Case, CaseEvent, Contact, Customer, User
from ledger.services.clock import utcnow
from ledger.services.customers.contacts import contacts_in_roles
from ledger.services.customers.recipients import Recipient
from ledger.services.mail.outbox import new_message_id, queue_mail
from ledger.services.support.case_reads import clock_of
from ledger.services.support.mail_threads import remember_message_id, thread_headers
from ledger.services.support.plans import active_plans

#: Where a case is read, for the links in mails (PUBLIC_URL is put in front).
CUSTOMER_CASE_PATH = "/portal/cases/{case_id}"
STAFF_CASE_PATH = "/staff/cases/{case_id}"
#: Links in mails when PUBLIC_URL is unset in development and tests; production without it mails no link.
DEVELOPMENT_URL = "http://localhost:5000"
STATUS_TEMPLATES = {"waiting_on_customer": "case_waiting", "resolved": "case_resolved"}


def _link(path: str) -> str | None:
    base = current_app.config.get("PUBLIC_URL")
    if not base:
        if current_app.config.get("SERVICEKONTO_ENV") not in ("development", "testing"):
            return None
        base = DEVELOPMENT_URL
    return urljoin(base.rstrip("/") + "/", path.lstrip("/"))


def customer_recipients(session: Session, case: Case) -> list[Recipient]:
    """Who hears of a case at the customer: its reporter while a current contact, else the service owners."""
    if case.reporter_contact_id is not None:
        contact = session.get(Contact, case.reporter_contact_id)
        if contact is not None and contact.removed_at is None:
            return [Recipient(contact.email, contact.language)]
    found: dict[str, Recipient] = {}
    for owner in contacts_in_roles(session, case.customer_id, ("service_owner",)):
        found.setdefault(owner.email.lower(), Recipient(owner.email, owner.language))
    return list(found.values())


def staff_recipients(session: Session, case: Case) -> list[Recipient]:
    """Who hears of a customer's mail at the vendor: the case's assignee, else the team's address."""
    if case.assignee_id is not None:
        user = session.get(User, case.assignee_id)
        if user is not None and user.active:
            return [Recipient(user.email, user.language or LANGUAGES[0])]
    team = current_app.config.get("SUPPORT_TEAM_ADDRESS")
    return [Recipient(team, LANGUAGES[0])] if team else []


def _severity(level: int, language: str) -> str:
    severity = active_plans().severities.get(level)
    if severity is None:
        return str(level)
    return f"{level} – {severity.label_en if language == 'en' else severity.label_sv}"


def _files(files: Sequence[IncomingFile]) -> list[dict[str, Any]]:
    return [{"file_name": file.file_name, "size_kb": max(1, (len(file.content) + 1023) // 1024)} for file in files]


def _queue(session: Session, case: Case, recipients: list[Recipient], template: str, params: dict[str, Any], *,
           customer_facing: bool, auto_submitted: str | None) -> int:
    """Queue one mail per recipient, threaded into the case's conversation; the number queued."""
    headers = thread_headers(session, case.id)
    if customer_facing and current_app.config.get("SUPPORT_ADDRESS"):
        headers["Reply-To"] = current_app.config["SUPPORT_ADDRESS"]
    if auto_submitted:
        headers["Auto-Submitted"] = auto_submitted
    path = (CUSTOMER_CASE_PATH if customer_facing else STAFF_CASE_PATH).format(case_id=case.id)
    for recipient in recipients:
        language = recipient.language if recipient.language in LANGUAGES else LANGUAGES[0]
        message_id = new_message_id(f"case-{case.id}")
        queue_mail(session, kind=template, recipient=recipient.email, language=language, template=template,
                   customer_id=case.customer_id, headers=headers, message_id=message_id,
                   params={**params, "case_id": case.id, "case_subject": case.subject, "link": _link(path),
                           "subject_line": tagged_subject(case.id, case.subject),
                           "severity_text": _severity(case.severity, language),
                           **({"due": params["due"].get(language)} if "due" in params else {})})
        if customer_facing:
            remember_message_id(session, case.id, message_id, "out", utcnow())
    return len(recipients)


def _due_texts(case: Case) -> dict[str, dict[str, str | None]]:
    """The due times at opening, per language: {"sv": {"first_response": "mån 21 dec 16:30", …}}."""
    sla = clock_of(case, [ClockEvent("opened", case.opened_at, case.severity, "open")], case.opened_at)
    return {language: {name: None if state.due_at is None else weekday_time(state.due_at, language)
                       for name, state in sla.targets()} for language in LANGUAGES}


def notify_case_opened(session: Session, case: Case, *, tell_staff: bool, answering_mail: bool = False,
                       follows_case_id: int | None = None) -> None:
    """The acknowledgement with the case's number and due times (and the closed case it follows, if any); staff
    told too when the customer opened it."""
    _queue(session, case, customer_recipients(session, case), "case_opened",
           {"due": _due_texts(case), "follows_case_id": follows_case_id},
           customer_facing=True, auto_submitted="auto-replied" if answering_mail else "auto-generated")
    if tell_staff:
        customer = session.get(Customer, case.customer_id)
        _queue(session, case, staff_recipients(session, case), "case_opened_staff",
               {"customer_name": customer.name if customer else "", "text": case.description,
                "channel": case.channel, "follows_case_id": follows_case_id},
               customer_facing=False, auto_submitted="auto-generated")


def notify_public_reply(session: Session, case: Case, event: CaseEvent, files: Sequence[IncomingFile]) -> None:
    """Support's reply, mailed to the customer as written (its files listed, to fetch on the case page)."""
    _queue(session, case, customer_recipients(session, case), "case_reply",
           {"text": event.message or "", "files": _files(files)}, customer_facing=True, auto_submitted=None)


def notify_status_change(session: Session, case: Case, status: str) -> None:
    """Tell the customer their case waits on them, or is resolved (a reply within 14 days reopens it)."""
    template = STATUS_TEMPLATES.get(status)
    if template is not None:
        _queue(session, case, customer_recipients(session, case), template, {}, customer_facing=True,
               auto_submitted="auto-generated")


def notify_waiting_reminder(session: Session, case: Case, params: dict[str, Any]) -> int:
    """Remind the customer, once, that the case still waits on them and when the rule will resolve it; the number
    of mails queued."""
    return _queue(session, case, customer_recipients(session, case), "case_waiting_reminder", params,
                  customer_facing=True, auto_submitted="auto-generated")


def notify_customer_wrote(session: Session, case: Case, event: CaseEvent, files: Sequence[IncomingFile],
                          author: str) -> None:
    """Tell the assignee (or the team) that the customer wrote on the case."""
    customer = session.get(Customer, case.customer_id)
    _queue(session, case, staff_recipients(session, case), "case_customer_wrote",
           {"text": event.message or "", "files": _files(files), "author": author,
            "customer_name": customer.name if customer else "", "status": case.status},
           customer_facing=False, auto_submitted="auto-generated")
