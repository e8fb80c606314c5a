"""Writing a case's events, for every module that changes a case (cases, the conversation, the mail desk): the
case row locked, each event appended with the next sequence number, a status moved as the workflow allows."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain.support.cases import REOPEN_DAYS, transition_kind
from ledger.models import Case, CaseEvent
from ledger.services.access import Actor, check_customer_visible
from ledger.services.errors import NotFound


def append_event(session: Session, case: Case, kind: str, actor: Actor, at: datetime, **values: Any) -> CaseEvent:
    """Add the case's next event (the case row must be locked by the caller's transaction)."""
    case.last_event_seq += 1
    event = CaseEvent(case_id=case.id, seq=case.last_event_seq, kind=kind, at=at, actor_id=actor.id, **values)
    session.add(event)
    return event


def locked_case(session: Session, case_id: int, actor: Actor) -> Case:
    """The case, locked for this transaction (SELECT … FOR UPDATE).

    :raise NotFound: unknown, or another customer's.
    """
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


def set_status(session: Session, case: Case, status: str, actor: Actor, now: datetime, note: str | None) -> CaseEvent:
    """Move a locked case to `status`, writing the status, resolved or reopened event the move is.

    :raise Conflict: a move the workflow refuses.
    """
    kind = transition_kind(case.status, status, case.resolved_at, now)
    event = append_event(session, case, kind, actor, now, status=status, message=note)
    case.status = status
    if status == "resolved":
        case.resolved_at = now
    elif kind == "reopened":
        case.resolved_at = None
    return event


def record_customer_reply(session: Session, case: Case, actor: Actor, now: datetime, text: str | None) -> CaseEvent:
    """The customer's reply on a locked case (from the portal, the API or by mail): a case waiting on them is
    open again, one resolved at most REOPEN_DAYS ago is reopened."""
    event = append_event(session, case, "customer_replied", actor, now, message=text)
    recently = case.resolved_at is not None and now - case.resolved_at <= timedelta(days=REOPEN_DAYS)
    if case.status == "waiting_on_customer" or (case.status == "resolved" and recently):
        set_status(session, case, "open", actor, now, None)
    return event
