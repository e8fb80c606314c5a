"""Support cases: open, respond, change status and severity; every change is an append-only case event.

A customer user may open its own cases and reply; staff do everything; the quota is decided when a case
is opened (under the customer's account lock, so two cases opened at once are counted in order).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.domain.errors import Conflict, FieldErrors, InvalidInput
from ledger.domain.periods import local_date, period_of
from ledger.domain.support.cases import (
    MAX_MESSAGE_LENGTH,
    MAX_NOTE_LENGTH,
    OPEN_STATUSES,
    REOPEN_DAYS,
    check_case_report,
    check_channel,
    checked_severity,
    is_over_quota,
    transition_kind,
)
from ledger.domain.text import checked_text
from ledger.extensions import db
from ledger.models import Case, CaseEvent
from ledger.services.access import STAFF_ROLES, Actor, check_customer_visible, require_role
from ledger.services.clock import utcnow
from ledger.services.customers.contacts import check_reporter
from ledger.services.errors import NotFound
from ledger.services.idempotency import IdempotencyKey, remember, replay
from ledger.services.support.agreements import plan_in_force
from ledger.services.support.case_reads import CaseView, get_case
from ledger.services.tx import lock_account, write_transaction

CASE_ROLES = (*STAFF_ROLES, "customer")


def _append(session: Session, case: Case, kind: str, actor: Actor, at: datetime, **values: Any) -> CaseEvent:
    case.last_event_seq += 1
    event = CaseEvent(case_id=case.id, seq=case.last_event_seq, kind=kind, at=at, actor_id=actor.id, **values)
    session.add(event)
    return event


def _opened_this_month(session: Session, customer_id: int, now: datetime) -> int:
    month = period_of(local_date(now))
    return session.execute(
        select(func.count(Case.id)).where(Case.customer_id == customer_id, Case.opened_at >= month.start_utc,
                                          Case.opened_at < month.end_utc)
    ).scalar_one()


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
            now = utcnow()
            plan = plan_in_force(customer.id, local_date(now), session).plan
            check_channel(plan, report.channel)
            check_reporter(session, customer.id, report.reporter_contact_id)
            over_quota = is_over_quota(_opened_this_month(session, customer.id, now), plan.incidents_per_month)
            case = Case(
                customer_id=customer.id, plan=plan.id, severity=report.severity, status="open",
                subject=report.subject, description=report.description, channel=report.channel,
                reporter_contact_id=report.reporter_contact_id, over_quota=over_quota, opened_at=now,
                opened_by=actor.id, last_event_seq=0,
            )
            session.add(case)
            session.flush()
            _append(session, case, "opened", actor, now, severity=report.severity, status="open")
            remember(session, idempotency, "open_case", {"case_id": case.id})
            case_id = case.id
    return get_case(case_id, actor=actor)


def _locked_case(session: Session, case_id: int, actor: Actor) -> Case:
    case = session.execute(
        select(Case).where(Case.id == case_id).with_for_update().execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if case is None:
        raise NotFound(code="case_not_found", case_id=case_id)
    try:
        check_customer_visible(actor, case.customer_id)
    except NotFound:
        raise NotFound(code="case_not_found", case_id=case_id) from None
    return case


def _set_status(session: Session, case: Case, status: str, actor: Actor, now: datetime, note: str | None) -> None:
    kind = transition_kind(case.status, status, case.resolved_at, now)
    _append(session, case, kind, actor, now, status=status, message=note)
    case.status = status
    if status == "resolved":
        case.resolved_at = now
    elif kind == "reopened":
        case.resolved_at = None


def respond_to_case(case_id: int, message: str, *, actor: Actor) -> CaseView:
    """A reply on the case: from staff it is a response (the first meets first response); from the customer
    it is their reply, which puts a case waiting on them back to open and reopens a recently resolved one.

    :raise NotFound: unknown, or another customer's.  :raise Conflict: the case is closed.
    """
    require_role(actor, *CASE_ROLES)
    errors = FieldErrors()
    text = checked_text(errors, "message", message, MAX_MESSAGE_LENGTH)
    errors.raise_if_any()
    with write_transaction() as session:
        case = _locked_case(session, case_id, actor)
        if case.status == "closed":
            raise Conflict(code="case_closed", case_id=case.id)
        now = utcnow()
        if actor.role != "customer":
            _append(session, case, "responded", actor, now, message=text)
        else:
            _append(session, case, "customer_replied", actor, now, message=text)
            recently = case.resolved_at is not None and now - case.resolved_at <= timedelta(days=REOPEN_DAYS)
            if case.status == "waiting_on_customer" or (case.status == "resolved" and recently):
                _set_status(session, case, "open", actor, now, None)
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
        _set_status(session, case, status, actor, utcnow(), text)
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
        _append(session, case, "severity", actor, utcnow(), severity=level, message=text)
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
