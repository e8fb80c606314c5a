"""Cases waiting on the customer (docs/support.md): the reporter is reminded once, and the case is resolved by the rule
if nobody answers, both after the plan's business days (`ledger.domain.support.waiting`).

The periodic job calls `follow_up_waiting_cases`. A waiting spell begins with the event that set the status; a
reminder is kept per spell (`case_waiting_reminders`, unique), so a case that waits again later is reminded again,
and a run that comes twice, or two runs at once, remind once. Each step locks the case and checks it still waits
in the same spell, so a customer's reply that lands first wins. The reminder is a `reminded` event and the
resolution a `resolved` event without an actor, each naming its rule, so both show on the case.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ledger.domain.support.plans import Plan
from ledger.domain.support.waiting import (
    AUTO_RESOLVE_RULE,
    REMINDER_RULE,
    WaitingDeadlines,
    rule_note,
    waiting_deadlines,
    waiting_step,
)
from ledger.extensions import db
from ledger.models import Case, CaseEvent, CaseWaitingReminder
from ledger.services.clock import utcnow
from ledger.services.support.case_events import append_event, lock_case, set_status
from ledger.services.support.case_reads import case_plan
from ledger.services.support.notifications import notify_status_change, notify_waiting_reminder
from ledger.services.support.plans import active_calendar
from ledger.services.tx import write_transaction

WAITING = "waiting_on_customer"


@dataclass
class WaitingRun:
    """What one run did: the cases reminded, the cases resolved by the rule, the messages queued."""

    reminded: list[int] = field(default_factory=list)
    resolved: list[int] = field(default_factory=list)
    messages: int = 0


def _waiting_spells() -> list[tuple[Case, int, datetime]]:
    """Each case waiting on the customer, with the seq and moment of the event that made it wait."""
    began = (select(CaseEvent.case_id, func.max(CaseEvent.seq).label("seq"))
             .join(Case, Case.id == CaseEvent.case_id)
             .where(Case.status == WAITING, CaseEvent.status == WAITING).group_by(CaseEvent.case_id).subquery())
    rows = db.session.execute(
        select(Case, CaseEvent.seq, CaseEvent.at).join(began, began.c.case_id == Case.id)
        .join(CaseEvent, (CaseEvent.case_id == began.c.case_id) & (CaseEvent.seq == began.c.seq))
        .order_by(Case.id)
    ).all()
    return [(case, seq, at) for case, seq, at in rows]


def _reminded_spells(case_ids: list[int]) -> set[tuple[int, int]]:
    if not case_ids:
        return set()
    rows = db.session.execute(select(CaseWaitingReminder.case_id, CaseWaitingReminder.waiting_event_seq)
                              .where(CaseWaitingReminder.case_id.in_(case_ids)))
    return {(case_id, seq) for case_id, seq in rows}


def _still_waiting(session: Session, case_id: int, seq: int) -> Case | None:
    """The locked case if it still waits in the spell that began at `seq`; else None (a reply came first)."""
    case = lock_case(session, case_id)
    if case.status != WAITING:
        return None
    last_status = session.execute(select(func.max(CaseEvent.seq))
                                  .where(CaseEvent.case_id == case_id, CaseEvent.status.is_not(None))).scalar_one()
    return case if last_status == seq else None


def _remind(case_id: int, seq: int, since: datetime, plan: Plan, deadlines: WaitingDeadlines, now: datetime,
            run: WaitingRun) -> None:
    with write_transaction() as session:
        case = _still_waiting(session, case_id, seq)
        if case is None:
            return
        try:
            with session.begin_nested():
                session.add(CaseWaitingReminder(case_id=case.id, waiting_event_seq=seq, reminded_at=now))
        except IntegrityError:
            return  # another run reminded this spell first
        days = plan.waiting_reminder_business_days
        append_event(session, case, "reminded", None, now, message=rule_note(REMINDER_RULE, days))
        run.reminded.append(case.id)
        run.messages += notify_waiting_reminder(session, case, {
            "waiting_since": since, "resolve_at": deadlines.resolve_at, "days": days,
            "resolve_days": plan.auto_resolve_business_days})


def _resolve(case_id: int, seq: int, plan: Plan, now: datetime, run: WaitingRun) -> None:
    with write_transaction() as session:
        case = _still_waiting(session, case_id, seq)
        if case is None:
            return
        set_status(session, case, "resolved", None, now, rule_note(AUTO_RESOLVE_RULE, plan.auto_resolve_business_days))
        notify_status_change(session, case, "resolved")
        run.resolved.append(case.id)


def follow_up_waiting_cases(now: datetime | None = None) -> WaitingRun:
    """Remind the reporters of cases that have waited the plan's reminder days, and resolve the cases that have
    waited its resolution days; safe to run any number of times, on any number of workers at once."""
    now = now or utcnow()
    calendar = active_calendar()
    spells = _waiting_spells()
    reminded = _reminded_spells([case.id for case, _seq, _since in spells])
    run = WaitingRun()
    for case, seq, since in spells:
        plan = case_plan(case)
        deadlines = waiting_deadlines(calendar, plan, since)
        step = waiting_step(deadlines, now, (case.id, seq) in reminded)
        if step == "resolve":
            _resolve(case.id, seq, plan, now, run)
        elif step == "remind":
            _remind(case.id, seq, since, plan, deadlines, now, run)
    return run
