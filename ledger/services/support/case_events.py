"""Writing a case's history from the team's use cases (assignment, escalation, the waiting rules): lock the case,
append an event. Every event moves the case's `last_event_seq`, so lists read its clocks again."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain.support.sla import SlaState
from ledger.models import Case, CaseEvent
from ledger.services.errors import NotFound
from ledger.services.support.case_reads import clock_events, clock_of


def lock_case(session: Session, case_id: int) -> Case:
    """The case row, locked for this transaction and read afresh.

    :raise NotFound: no such case.
    """
    case = session.execute(
        select(Case).where(Case.id == case_id).with_for_update().execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if case is None:
        raise NotFound(code="case_not_found", case_id=case_id)
    return case


def append_event(session: Session, case: Case, kind: str, actor_id: int | None, at: datetime,
                 **values: Any) -> CaseEvent:
    """Add the next event of a locked case; `actor_id` None means the system acted (a rule, a job)."""
    case.last_event_seq += 1
    event = CaseEvent(case_id=case.id, seq=case.last_event_seq, kind=kind, at=at, actor_id=actor_id, **values)
    session.add(event)
    return event


def sla_in(session: Session, case: Case, now: datetime) -> SlaState:
    """The clocks of a case as the events in `session` (a write transaction's, not yet committed) say."""
    events = list(session.execute(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.seq))
                  .scalars())
    return clock_of(case, clock_events(events), now)
