"""Support cases: open, respond, change status and severity; every change is an append-only case event.

A customer user may open its own cases and reply; staff do everything; the quota is decided when a case
is opened (under the customer's account lock, so two cases opened at once are counted in order).
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.domain.errors import Conflict, FieldErrors, InvalidInput
from ledger.domain.mail.files import IncomingFile, checked_files
from ledger.domain.periods import local_date, period_of
from ledger.domain.support.cases import (
    MAX_MESSAGE_LENGTH,
    MAX_NOTE_LENGTH,
    OPEN_STATUSES,
    CaseReport,
    check_case_report,
    check_channel,
    checked_severity,
    is_over_quota,
)
from ledger.domain.text import checked_text
from ledger.extensions import db
from ledger.models import Case, CaseEvent, Customer, User
from ledger.services.access import STAFF_ROLES, Actor, check_customer_visible, require_role
from ledger.services.clock import utcnow
from ledger.services.customers.contacts import check_reporter
from ledger.services.idempotency import IdempotencyKey, remember, replay
from ledger.services.support.agreements import plan_in_force
from ledger.services.support.attachments import store_attachments
from ledger.services.support.case_events import append_event as _append
from ledger.services.support.case_events import locked_case as _locked_case
from ledger.services.support.case_events import record_customer_reply
from ledger.services.support.case_events import set_status as _set_status
from ledger.services.support.case_reads import CaseView, get_case
from ledger.services.support.notifications import (
    notify_case_opened,
    notify_customer_wrote,
    notify_public_reply,
    notify_status_change,
)
from ledger.services.tx import lock_account, write_transaction

CASE_ROLES = (*STAFF_ROLES, "customer")


def _opened_this_month(session: Session, customer_id: int, now: datetime) -> int:
    month = period_of(local_date(now))
    return session.execute(
        select(func.count(Case.id)).where(Case.customer_id == customer_id, Case.opened_at >= month.start_utc,
                                          Case.opened_at < month.end_utc)
    ).scalar_one()


def start_case(session: Session, customer: Customer, report: CaseReport, actor: Actor,
               now: datetime) -> tuple[Case, CaseEvent]:
    """Open a case in the caller's transaction (the customer's account locked): the plan in force today, the
    channel it allows, the reporter and the quota checked; the `opened` event written. No mail is queued.

    :raise InvalidInput: a channel the plan lacks, another customer's contact.
    """
    plan = plan_in_force(customer.id, local_date(now), session).plan
    check_channel(plan, report.channel)
    check_reporter(session, customer.id, report.reporter_contact_id)
    over_quota = is_over_quota(_opened_this_month(session, customer.id, now), plan.incidents_per_month)
    case = Case(
        customer_id=customer.id, plan=plan.id, severity=report.severity, status="open", subject=report.subject,
        description=report.description, channel=report.channel, reporter_contact_id=report.reporter_contact_id,
        over_quota=over_quota, opened_at=now, opened_by=actor.id, last_event_seq=0,
    )
    session.add(case)
    session.flush()
    return case, _append(session, case, "opened", actor.id, now, severity=report.severity, status="open")


def open_case(data: dict[str, Any], *, actor: Actor, idempotency: IdempotencyKey | None = None) -> CaseView:
    """Open a case under the plan in force today; beyond the plan's incidents this month it is over quota.

    :raise InvalidInput: naming each bad field (a channel the plan lacks, another customer's contact).
    :raise NotFound: unknown customer, or not the customer user's own.  :raise Conflict: customer closed.
    """
    require_role(actor, *CASE_ROLES)
    report = check_case_report(data)
    check_customer_visible(actor, report.customer_id)
    with write_transaction() as session:
        customer, _account = lock_account(session, report.customer_id)
        if (stored := replay(session, idempotency, "open_case")) is not None:
            case_id = stored["case_id"]
        else:
            if customer.status == "closed":
                raise Conflict(code="case_customer_closed", customer_id=customer.id)
            case, _opened = start_case(session, customer, report, actor, utcnow())
            notify_case_opened(session, case, tell_staff=actor.role == "customer")
            remember(session, idempotency, "open_case", {"case_id": case.id})
            case_id = case.id
    return get_case(case_id, actor=actor)


def _name_of(session: Session, actor: Actor) -> str:
    user = session.get(User, actor.id) if actor.id is not None else None
    return (user.display_name or user.email) if user is not None else actor.email


def respond_to_case(case_id: int, message: str | None, *, actor: Actor, files: Sequence[IncomingFile] = ()) -> CaseView:
    """A reply on the case, with files if any: from staff it is a response, mailed to the customer (the first
    meets first response); from the customer it is their reply, which puts a case waiting on them back to open
    and reopens a recently resolved one, and is mailed to the assignee or the team.

    :raise InvalidInput: no text and no file, a file over 10 MB.  :raise NotFound: unknown, or another customer's.
    :raise Conflict: the case is closed.
    """
    require_role(actor, *CASE_ROLES)
    errors = FieldErrors()
    text = checked_text(errors, "message", message, MAX_MESSAGE_LENGTH, required=not files)
    kept = checked_files(errors, files)
    errors.raise_if_any()
    with write_transaction() as session:
        case = _locked_case(session, case_id, actor)
        if case.status == "closed":
            raise Conflict(code="case_closed", case_id=case.id)
        now = utcnow()
        if actor.role != "customer":
            event = _append(session, case, "responded", actor.id, now, message=text or None)
            store_attachments(session, case, event, kept, now)
            notify_public_reply(session, case, event, kept)
        else:
            event = record_customer_reply(session, case, actor, now, text or None)
            store_attachments(session, case, event, kept, now)
            notify_customer_wrote(session, case, event, kept, _name_of(session, actor))
    return get_case(case_id, actor=actor)


def change_case_status(case_id: int, status: str, note: str | None = None, *, actor: Actor) -> CaseView:
    """Move a case: open <-> waiting_on_customer (the resolution clock pauses), resolved, closed, or reopen a
    case resolved at most REOPEN_DAYS ago (staff).

    :raise InvalidInput: not a status.  :raise Conflict: case_transition_not_allowed, case_reopen_window_passed.
    """
    require_role(actor, *STAFF_ROLES)
    errors = FieldErrors()
    text = checked_text(errors, "note", note, MAX_NOTE_LENGTH, required=False) or None
    errors.raise_if_any()
    with write_transaction() as session:
        case = _locked_case(session, case_id, actor)
        _set_status(session, case, status, actor.id, utcnow(), text)
        notify_status_change(session, case, status)
    return get_case(case_id, actor=actor)


def change_case_severity(case_id: int, severity: int, reason: str, *, actor: Actor) -> CaseView:
    """Change an open case's severity, with a reason; the new targets apply to the time used since opening (staff).

    :raise InvalidInput: bad severity or no reason.  :raise Conflict: same severity, or not open.
    """
    require_role(actor, *STAFF_ROLES)
    errors = FieldErrors()
    level = checked_severity(errors, severity)
    text = ""
    if isinstance(reason, str) and reason.strip():
        text = checked_text(errors, "reason", reason, MAX_NOTE_LENGTH)
    else:
        errors.add("reason", "reason_required")
    errors.raise_if_any()
    with write_transaction() as session:
        case = _locked_case(session, case_id, actor)
        if case.status not in OPEN_STATUSES:
            raise Conflict(code="case_severity_fixed", status=case.status)
        if case.severity == level:
            raise Conflict(code="case_same_severity", severity=level)
        _append(session, case, "severity", actor.id, utcnow(), severity=level, message=text)
        case.severity = level
    return get_case(case_id, actor=actor)


def case_over_quota(case_id: int, customer_id: int | None) -> bool:
    """Whether work logged on this case is over quota; the case must be the customer's (when one is given).

    :raise InvalidInput: on case_id, naming an unknown case or another customer's.
    """
    row = db.session.execute(select(Case.customer_id, Case.over_quota).where(Case.id == case_id)).one_or_none()
    if row is None:
        raise InvalidInput.single("case_id", "case_not_found", case_id=case_id)
    if customer_id is not None and row.customer_id != customer_id:
        raise InvalidInput.single("case_id", "case_of_other_customer", case_id=case_id)
    return bool(row.over_quota)
