"""Reading cases with their SLA state, recomputed from the events on every read (docs/support.md).

Lists load the cases and hand them to `ledger.services.support.sla_clocks`, which reads the events only of cases with
a new event since the last read, so the SLA state of thousands of open cases costs little more than the list.
"""
from __future__ import annotations

import gc
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Select, select

from ledger.domain.errors import InvalidInput
from ledger.domain.support.cases import OPEN_STATUSES, STATUSES
from ledger.domain.support.conversation import is_visible_to_customer
from ledger.domain.support.plans import Plan
from ledger.domain.support.sla import ClockEvent, SlaState, sla_state
from ledger.extensions import db
from ledger.models import Case, CaseEvent, Task, User
from ledger.services.access import READ_ALL_ROLES, Actor, check_customer_visible, require_role
from ledger.services.accounts.moved_work import tasks_as_read_by
from ledger.services.clock import utcnow
from ledger.services.errors import NotFound
from ledger.services.support.conversation_reads import Conversation, conversation_of
from ledger.services.support.plans import active_calendar, active_plans
from ledger.services.support.sla_clocks import sla_states


@dataclass(frozen=True)
class CaseWork:
    """The time logged on a case: included in the fee, debited from the account, waiting for review."""

    tasks: list[Task]
    included_minutes: int
    debited_minutes: int
    review_minutes: int


class CaseView(NamedTuple):
    """A case with its SLA state as of `now`; a single case read also carries its events and logged work.
    (A named tuple: a list builds one per case, and a frozen dataclass cost as much as the clocks.)"""

    case: Case
    sla: SlaState
    now: datetime
    events: Sequence[CaseEvent] = ()
    work: CaseWork | None = None
    #: The public messages and, for staff, the internal notes (docs/support.md).
    conversation: Conversation | None = None


def case_plan(case: Case) -> Plan:
    """The plan a case was opened under, as the plan file in force defines it (the default if it is gone)."""
    plans = active_plans()
    return plans.plan(case.plan) or plans.default_plan


def clock_of(case: Case, events: Sequence[Any], now: datetime) -> SlaState:
    """The case's SLA state from its events, its plan's targets and the business calendar."""
    plan = case_plan(case)
    return sla_state(events, plan.targets, active_calendar(), now)


def clock_events(events: list[CaseEvent]) -> list[ClockEvent]:
    """Events as the clocks read them."""
    return [ClockEvent(event.kind, event.at, event.severity, event.status) for event in events]


def event_authors(events: list[CaseEvent]) -> dict[int, User]:
    """The users behind the events, by id (to name them on a case page)."""
    ids = {event.actor_id for event in events if event.actor_id is not None}
    if not ids:
        return {}
    return {user.id: user for user in db.session.execute(select(User).where(User.id.in_(ids))).scalars()}


def _visible_case(case_id: int, actor: Actor) -> Case:
    case = db.session.get(Case, case_id)
    if case is None:
        raise NotFound(code="case_not_found", case_id=case_id)
    try:
        check_customer_visible(actor, case.customer_id)
    except NotFound:
        raise NotFound(code="case_not_found", case_id=case_id) from None
    return case


def case_visible(case_id: int, actor: Actor) -> Case:
    """The case, when the actor may see it.  :raise NotFound: unknown, or another customer's."""
    return _visible_case(case_id, actor)


def case_work(case_id: int) -> CaseWork:
    """The tasks logged on a case (voided ones shown, not counted) and their minutes by outcome."""
    tasks = list(db.session.execute(
        select(Task).where(Task.case_id == case_id).order_by(Task.work_date, Task.id)
    ).scalars())
    counted = [task for task in tasks if task.status != "voided"]
    return CaseWork(
        tasks=tasks,
        included_minutes=sum(task.minutes for task in counted if task.outcome == "included"),
        debited_minutes=sum(task.billed_minutes for task in counted if task.outcome == "debited"),
        review_minutes=sum(task.minutes for task in counted if task.outcome == "needs_review"),
    )


def get_case(case_id: int, *, actor: Actor) -> CaseView:
    """One case with its events, SLA state and the work logged on it.

    :raise NotFound: unknown, or another customer's.
    """
    if actor.role != "customer":
        require_role(actor, *READ_ALL_ROLES)
    case = _visible_case(case_id, actor)
    events = list(db.session.execute(
        select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.seq)
    ).scalars())
    # A customer sees neither internal notes nor the team's own events; the clocks still read every event.
    shown = [event for event in events if is_visible_to_customer(event.kind)] if actor.role == "customer" else events
    now = utcnow()
    work = case_work(case.id)
    work = replace(work, tasks=tasks_as_read_by(actor, work.tasks))  # a customer reads moved work as moved
    return CaseView(case, clock_of(case, clock_events(events), now), now, shown, work,
                    conversation_of(case, shown, actor))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Build many small objects without the cyclic garbage collector running over the whole heap again and again
    (it would free nothing here: every object built is kept); it resumes afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def views_of(query: Select[tuple[Case]], now: datetime) -> list[CaseView]:
    """The cases `query` selects, each with its SLA state: one query for the cases, one for their events."""
    with collector_paused():
        return _views_of(query, now)


def _views_of(query: Select[tuple[Case]], now: datetime) -> list[CaseView]:
    cases = list(db.session.execute(query).scalars())
    if not cases:
        return []
    return [CaseView(case, sla, now) for case, sla in zip(cases, sla_states(query, cases, now), strict=True)]


def by_nearest_breach(views: list[CaseView]) -> list[CaseView]:
    """Overdue first (the longest overdue first), then by the next due time; cases with no due time last."""
    def key(view: CaseView) -> tuple[bool, int, int]:
        due = view.sla.next_due_epoch
        return due is None, due or 0, view.case.id

    return sorted(views, key=key)


def visible_customer_id(actor: Actor, customer_id: int | None) -> int | None:
    """The customer whose cases the actor reads: a customer user's own (another one asked for is refused), or
    `customer_id` (None: all) for roles that read every customer's."""
    if actor.role == "customer":
        if customer_id is not None:
            check_customer_visible(actor, customer_id)
        return actor.customer_id
    require_role(actor, *READ_ALL_ROLES)
    return customer_id


def list_cases(*, actor: Actor, customer_id: int | None = None, statuses: Collection[str] | None = None,
               breached: bool | None = None, limit: int | None = None) -> list[CaseView]:
    """Cases the actor may see, nearest breach first, filtered by customer, statuses and breached."""
    for status in statuses or ():
        if status not in STATUSES:
            raise InvalidInput.single("status", "one_of", choices=STATUSES)
    query = select(Case)
    customer_id = visible_customer_id(actor, customer_id)
    if customer_id is not None:
        query = query.where(Case.customer_id == customer_id)
    if statuses:
        query = query.where(Case.status.in_(list(statuses)))
    with collector_paused():  # the sort builds a key per case too
        views = views_of(query.order_by(Case.id), utcnow())
        if breached is not None:
            views = [view for view in views if view.sla.breached == breached]
        ordered = by_nearest_breach(views)
    return ordered[:limit] if limit is not None else ordered


def open_cases_of(customer_id: int | None = None) -> Select[tuple[Case]]:
    """The query of cases whose clocks still run or are paused (optionally one customer's)."""
    query = select(Case).where(Case.status.in_(OPEN_STATUSES)).order_by(Case.id)
    return query if customer_id is None else query.where(Case.customer_id == customer_id)


#: Cases the staff start page lists as needing attention, at most.
ATTENTION = 20


def needing_attention(*, actor: Actor, limit: int = ATTENTION) -> list[CaseView]:
    """Open cases with a target at risk (past 80 %) or breached, the nearest breach first."""
    views = list_cases(actor=actor, statuses=OPEN_STATUSES)
    return [view for view in views if view.sla.at_risk or view.sla.breached][:limit]
