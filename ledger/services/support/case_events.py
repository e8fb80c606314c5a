"""Writing a case's events, for every module that changes a case (cases, the conversation, the mail desk, the
team's assignment, escalation and waiting rules): the case row locked, each event appended with the next sequence
number, a status moved as the workflow allows. Every event moves `last_event_seq`, so lists read its clocks again."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain.support.cases import REOPEN_DAYS, transition_kind
from ledger.domain.support.sla import SlaState
from ledger.models import Case, CaseEvent
from ledger.services.access import Actor, check_customer_visible
from ledger.services.errors import NotFound
from ledger.services.support.case_reads import clock_events, clock_of


def lock_case(session: Session, case_id: int) -> Case:
    """The case row, locked for this transaction (SELECT … FOR UPDATE) and read afresh.

    :raise NotFound: no such case.
    """
    case = session.execute(
        select(Case).where(Case.id == case_id).with_for_update().execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if case is None:
        raise NotFound(code="case_not_found", case_id=case_id)
    return case


def locked_case(session: Session, case_id: int, actor: Actor) -> Case:
    """The case, locked for this transaction, if the actor may see it.

    :raise NotFound: unknown, or another customer's.
    """
    case = lock_case(session, case_id)
    try:
        check_customer_visible(actor, case.customer_id)
    except NotFound:
        raise NotFound(code="case_not_found", case_id=case_id) from None
    return case


def append_event(session: Session, case: Case, kind: str, actor_id: int | None, at: datetime,
                 **values: Any) -> CaseEvent:
    """Add the next event of a locked case; `actor_id` None means the system acted (a rule, a job, a mail)."""
    case.last_event_seq += 1
    event = CaseEvent(case_id=case.id, seq=case.last_event_seq, kind=kind, at=at, actor_id=actor_id, **values)
    session.add(event)
    return event


def set_status(session: Session, case: Case, status: str, actor_id: int | None, now: datetime,
               note: str | None) -> CaseEvent:
    """Move a locked case to `status`, writing the status, resolved or reopened event the move is.

    :raise Conflict: a move the workflow refuses.
    """
    kind = transition_kind(case.status, status, case.resolved_at, now)
    event = append_event(session, case, kind, actor_id, now, status=status, message=note)
    case.status = status
    if status == "resolved":
        case.resolved_at = now
    elif kind == "reopened":
        case.resolved_at = None
    return event


def record_customer_reply(session: Session, case: Case, actor: Actor, now: datetime, text: str | None) -> CaseEvent:
    """The customer's reply on a locked case (from the portal, the API or by mail): a case waiting on them is
    open again, one resolved at most REOPEN_DAYS ago is reopened."""
    event = append_event(session, case, "customer_replied", actor.id, now, message=text)
    recently = case.resolved_at is not None and now - case.resolved_at <= timedelta(days=REOPEN_DAYS)
    if case.status == "waiting_on_customer" or (case.status == "resolved" and recently):
        set_status(session, case, "open", actor.id, now, None)
    return event


def sla_in(session: Session, case: Case, now: datetime) -> SlaState:
    """The clocks of a case as the events in `session` (a write transaction's, not yet committed) say."""
    events = list(session.execute(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.seq))
                  .scalars())
    return clock_of(case, clock_events(events), now)
