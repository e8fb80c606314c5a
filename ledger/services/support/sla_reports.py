"""SLA over time: a customer's month report, and the cases whose targets need a warning now."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ledger.domain.periods import Period
from ledger.domain.support.sla_report import SlaSummary, summarize
from ledger.extensions import db
from ledger.models import Case, CaseEvent, User
from ledger.services.access import STAFF_ROLES, Actor, check_customer_visible
from ledger.services.clock import utcnow
from ledger.services.customers.customers import get_customer
from ledger.services.support.case_reads import CaseView, by_nearest_breach, open_cases_of, views_of


@dataclass(frozen=True)
class SlaReport:
    """A customer's cases opened in a month, how their targets went, and the summary per severity."""

    customer_id: int
    period: Period
    cases: list[CaseView]
    over_quota: int
    summary: SlaSummary


def sla_report(customer_id: int, period: Period, *, actor: Actor) -> SlaReport:
    """Cases opened in `period` (Stockholm months) with met and breached per target and severity, as of now.

    :raise NotFound: unknown customer, or another customer's.
    """
    check_customer_visible(actor, customer_id)
    get_customer(customer_id, actor=actor)
    query = (select(Case).where(Case.customer_id == customer_id, Case.opened_at >= period.start_utc,
                                Case.opened_at < period.end_utc).order_by(Case.opened_at, Case.id))
    views = views_of(query, utcnow())
    return SlaReport(customer_id, period, views, sum(1 for view in views if view.case.over_quota),
                     summarize([(view.case.severity, view.sla) for view in views]))


@dataclass(frozen=True)
class SlaWarning:
    """A target of an open case past 80 % (level "at_risk") or past its due time (level "breached").

    A mail job sends one message per (case_id, target, level) and should key it so; `staff_user_ids` are the
    staff who have acted on the case (empty: nobody yet, so tell all staff)."""

    case_id: int
    customer_id: int
    target: str
    level: str
    due_at: datetime
    business_minutes_left: int
    staff_user_ids: tuple[int, ...]

    @property
    def key(self) -> str:
        """Stable per case, target and level: "sla-warning:12:resolution:at_risk"."""
        return f"sla-warning:{self.case_id}:{self.target}:{self.level}"


def _staff_on_cases(case_ids: list[int]) -> dict[int, tuple[int, ...]]:
    if not case_ids:
        return {}
    rows = db.session.execute(
        select(CaseEvent.case_id, CaseEvent.actor_id).join(User, User.id == CaseEvent.actor_id)
        .where(CaseEvent.case_id.in_(case_ids), User.role.in_(STAFF_ROLES)).distinct()
    ).all()
    found: dict[int, set[int]] = {}
    for case_id, user_id in rows:
        found.setdefault(case_id, set()).add(user_id)
    return {case_id: tuple(sorted(users)) for case_id, users in found.items()}


def cases_needing_warning(now: datetime | None = None) -> list[SlaWarning]:
    """Every unmet target of an open case that is at risk or breached as of `now`, nearest breach first."""
    views = by_nearest_breach(views_of(open_cases_of(), now or utcnow()))
    flagged = [(view, kind, state) for view in views for kind, state in view.sla.targets()
               if state.met_at is None and (state.at_risk or state.breached)]
    staff = _staff_on_cases(sorted({view.case.id for view, _, _ in flagged}))
    return [
        SlaWarning(view.case.id, view.case.customer_id, kind, "breached" if state.breached else "at_risk",
                   state.due_at, state.business_minutes_left, staff.get(view.case.id, ()))  # type: ignore[arg-type]
        for view, kind, state in flagged
    ]
