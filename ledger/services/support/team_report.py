"""The SLA report across customers (docs/support.md): a month's cases grouped by plan, severity, assignee or customer,
with met, breached and met % per target and the median first response (`ledger.domain.support.sla_groups`).

Cases count in the month they were opened (Stockholm), as they stand now, like the per-customer report (docs/support.md).
Plans and severities get a row each even without cases; assignees and customers only when they have some. The
assignee is the case's current one (None: nobody).
"""
from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Hashable

from sqlalchemy import select

from ledger.domain.errors import InvalidInput
from ledger.domain.periods import Period
from ledger.domain.support.plans import SEVERITIES
from ledger.domain.support.sla_groups import GROUPINGS, GroupRow, group_rows
from ledger.extensions import db
from ledger.models import Case, Customer, User
from ledger.services.access import READ_ALL_ROLES, Actor, require_role
from ledger.services.clock import utcnow
from ledger.services.support.case_reads import CaseView, collector_paused, views_of
from ledger.services.support.plans import active_plans


@dataclass(frozen=True)
class TeamSlaReport:
    """A month's rows per group, the total row, and the names of the assignees and customers the rows name."""

    period: Period
    group_by: str
    rows: list[GroupRow]
    total: GroupRow
    names: dict[Hashable, str]


def _key(view: CaseView, group_by: str) -> Hashable:
    case = view.case
    return {"plan": case.plan, "severity": case.severity, "assignee": case.assignee_id,
            "customer": case.customer_id}[group_by]


def _names(group_by: str, keys: list[Hashable]) -> dict[Hashable, str]:
    ids = [key for key in keys if key is not None]
    if group_by == "assignee" and ids:
        return dict(db.session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all())
    if group_by == "customer" and ids:
        return dict(db.session.execute(select(Customer.id, Customer.name).where(Customer.id.in_(ids))).all())
    return {}


def _ordered(rows: list[GroupRow], group_by: str, names: dict[Hashable, str]) -> list[GroupRow]:
    if group_by in ("plan", "severity"):
        return rows
    # by name, nobody (unassigned) last
    return sorted(rows, key=lambda row: (row.key is None, names.get(row.key, "").casefold(), str(row.key)))


def team_sla_report(period: Period, group_by: str, *, actor: Actor) -> TeamSlaReport:
    """Every customer's cases opened in `period`, grouped by `group_by` (plan, severity, assignee or customer).

    :raise InvalidInput: on group_by, when it is none of those.
    """
    require_role(actor, *READ_ALL_ROLES)
    if group_by not in GROUPINGS:
        raise InvalidInput.single("group_by", "one_of", choices=GROUPINGS)
    query = (select(Case).where(Case.opened_at >= period.start_utc, Case.opened_at < period.end_utc)
             .order_by(Case.id))
    fixed: tuple[Hashable, ...] = ()
    if group_by == "plan":
        fixed = tuple(active_plans().plans)
    elif group_by == "severity":
        fixed = SEVERITIES
    with collector_paused():
        rows, total = group_rows(((_key(view, group_by), view.sla) for view in views_of(query, utcnow())), fixed)
    names = _names(group_by, [row.key for row in rows])
    return TeamSlaReport(period, group_by, _ordered(rows, group_by, names), total, names)
