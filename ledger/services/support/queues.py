"""The team's queues (docs/support.md): cases by assignee ("me", nobody, or a user), customer, plan, severity, status,
breached and at risk; "At risk" by the business time left, the rest nearest breach first; and the counts the staff
menu shows. The SLA state is the clocks' (`case_reads.views_of`); the other filters are SQL."""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select

from ledger.domain.errors import InvalidInput
from ledger.domain.problems import N_, define_messages
from ledger.domain.support.cases import OPEN_STATUSES, STATUSES
from ledger.domain.support.plans import SEVERITIES
from ledger.domain.support.sla import SlaState
from ledger.extensions import db
from ledger.models import Case
from ledger.services.access import READ_ALL_ROLES, STAFF_ROLES, Actor, require_role
from ledger.services.clock import utcnow
from ledger.services.support.case_reads import (
    CaseView,
    by_nearest_breach,
    collector_paused,
    views_of,
    visible_customer_id,
)

#: The staff pages' queues: who owns the case, or how its clocks stand (open cases only).
QUEUES = ("mine", "unassigned", "at_risk", "breached")
#: The largest id the database holds (a 32-bit integer): a larger "user id" is no user.
MAX_USER_ID = 2**31 - 1
#: `assignee` takes a user id, or one of these.
ASSIGNEE_ME, ASSIGNEE_NONE = "me", "none"
MESSAGES = define_messages({
    "assignee_filter": N_("Give the assignee as me, none or a user's number."),
})


@dataclass(frozen=True)
class CaseFilters:
    """What a case list asks for; None means "any"."""

    assignee: str | int | None = None
    customer_id: int | None = None
    plan: str | None = None
    severity: int | None = None
    statuses: tuple[str, ...] | None = None
    breached: bool | None = None
    at_risk: bool | None = None


def queue_filters(queue: str, *, customer_id: int | None = None, plan: str | None = None,
                  severity: int | None = None, statuses: Collection[str] | None = None) -> CaseFilters:
    """A staff queue as filters, narrowed by the page's own (a queue holds open cases unless a status is asked)."""
    if queue not in QUEUES:
        raise InvalidInput.single("queue", "one_of", choices=QUEUES)
    open_or_asked = tuple(statuses) if statuses else OPEN_STATUSES
    return CaseFilters(
        assignee={"mine": ASSIGNEE_ME, "unassigned": ASSIGNEE_NONE}.get(queue), customer_id=customer_id, plan=plan,
        severity=severity, statuses=open_or_asked if queue in ("mine", "unassigned") else OPEN_STATUSES,
        breached=True if queue == "breached" else None, at_risk=True if queue == "at_risk" else None)


def filters_from_query(query: dict[str, Any]) -> CaseFilters:
    """The filters of a list request: assignee "me", "none" or a user id; a status; the others as they are."""
    assignee = query.get("assignee")
    status = query.get("status")
    return CaseFilters(
        assignee=int(assignee) if isinstance(assignee, str) and assignee.isdigit() else assignee,
        customer_id=query.get("customer_id"), plan=query.get("plan"), severity=query.get("severity"),
        statuses=(status,) if status else None, breached=query.get("breached"), at_risk=query.get("at_risk"))


def _assignee_clause(query: Select[tuple[Case]], assignee: str | int | None, actor: Actor) -> Select[tuple[Case]]:
    if assignee is None:
        return query
    require_role(actor, *READ_ALL_ROLES)  # who owns a case is the team's business, not the customer's
    if assignee == ASSIGNEE_ME:
        return query.where(Case.assignee_id == actor.id)
    if assignee == ASSIGNEE_NONE:
        return query.where(Case.assignee_id.is_(None))
    if isinstance(assignee, bool) or not isinstance(assignee, int) or not 1 <= assignee <= MAX_USER_ID:
        raise InvalidInput.single("assignee", "assignee_filter")
    return query.where(Case.assignee_id == assignee)


def _query(filters: CaseFilters, actor: Actor) -> Select[tuple[Case]]:
    for status in filters.statuses or ():
        if status not in STATUSES:
            raise InvalidInput.single("status", "one_of", choices=STATUSES)
    if filters.severity is not None and filters.severity not in SEVERITIES:
        raise InvalidInput.single("severity", "severity_not_a_level", low=SEVERITIES[0], high=SEVERITIES[-1])
    query = select(Case)
    customer_id = visible_customer_id(actor, filters.customer_id)
    query = _assignee_clause(query, filters.assignee, actor)
    if customer_id is not None:
        query = query.where(Case.customer_id == customer_id)
    if filters.plan is not None:
        query = query.where(Case.plan == filters.plan)
    if filters.severity is not None:
        query = query.where(Case.severity == filters.severity)
    if filters.statuses:
        query = query.where(Case.status.in_(list(filters.statuses)))
    return query.order_by(Case.id)


def time_left(sla: SlaState, at_risk_only: bool = False) -> int | None:
    """The business minutes left on the case's tightest target not yet met (negative when overdue); of the targets
    at risk only, for the "At risk" queue (a breached target has its own queue)."""
    left = [state.business_minutes_left for _, state in sla.targets()
            if state.met_epoch is None and state.business_minutes_left is not None
            and (state.at_risk or not at_risk_only)]
    return min(left) if left else None


def by_time_left(views: list[CaseView]) -> list[CaseView]:
    """The least business time left on a target at risk first (then the earliest due time); cases with no target
    at risk last."""
    def key(view: CaseView) -> tuple[bool, int, int, int]:
        left, due = time_left(view.sla, at_risk_only=True), view.sla.next_due_epoch
        return left is None, left or 0, due or 0, view.case.id

    return sorted(views, key=key)


def find_cases(filters: CaseFilters, *, actor: Actor, limit: int | None = None) -> list[CaseView]:
    """The cases the actor may see that match `filters`: "At risk" (at_risk=True) by business time left, the rest
    nearest breach first.

    :raise InvalidInput: a status, severity or assignee that is none.  :raise Forbidden: a customer asking by assignee.
    """
    query = _query(filters, actor)
    with collector_paused():
        views = views_of(query, utcnow())
        if filters.breached is not None:
            views = [view for view in views if view.sla.breached == filters.breached]
        if filters.at_risk is not None:
            views = [view for view in views if view.sla.at_risk == filters.at_risk]
        ordered = by_time_left(views) if filters.at_risk else by_nearest_breach(views)
    return ordered[:limit] if limit is not None else ordered


@dataclass(frozen=True)
class QueueCounts:
    """The open cases in each staff queue, for the menu."""

    mine: int
    unassigned: int
    at_risk: int
    breached: int


def queue_counts(*, actor: Actor) -> QueueCounts:
    """How many open cases are the actor's, nobody's, at risk and breached (staff)."""
    require_role(actor, *STAFF_ROLES)
    open_cases = select(Case).where(Case.status.in_(OPEN_STATUSES)).order_by(Case.id)
    owners = dict(db.session.execute(
        select(Case.assignee_id, func.count()).where(Case.status.in_(OPEN_STATUSES)).group_by(Case.assignee_id)
    ).all())
    with collector_paused():
        states = [view.sla for view in views_of(open_cases, utcnow())]
    return QueueCounts(mine=owners.get(actor.id, 0) if actor.id is not None else 0, unassigned=owners.get(None, 0),
                       at_risk=sum(1 for sla in states if sla.at_risk),
                       breached=sum(1 for sla in states if sla.breached))
