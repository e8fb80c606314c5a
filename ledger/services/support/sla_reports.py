"""SLA over time: a customer's month report (docs/api.md)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ledger.domain.periods import Period
from ledger.domain.support.sla_report import SlaSummary, summarize
from ledger.models import Case
from ledger.services.access import Actor, check_customer_visible
from ledger.services.clock import utcnow
from ledger.services.customers.customers import get_customer
from ledger.services.support.case_reads import CaseView, views_of


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
