"""The decision for some task facts, and what it would bill a customer, without writing anything."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ledger.domain.accounts.entries import check_limit
from ledger.domain.errors import InsufficientHours
from ledger.domain.periods import local_date
from ledger.domain.work.classification import Decision, check_task_facts, classify
from ledger.services.access import STAFF_ROLES, Actor, require_role
from ledger.services.accounts.hours import get_balance
from ledger.services.clock import utcnow
from ledger.services.customers.customers import get_customer
from ledger.services.support.agreements import maintenance_active
from ledger.services.support.cases import case_over_quota
from ledger.services.work.rules import active_catalogue
from ledger.services.work.task_rows import billed_minutes, uses_maintenance


@dataclass(frozen=True)
class Preview:
    """What recording a task would do, without writing anything."""

    decision: Decision
    billed_minutes: int
    balance_minutes: int | None = None
    balance_after: int | None = None
    refused: str | None = None


def classify_task(data: dict[str, Any], *, actor: Actor) -> Preview:
    """Dry run: the decision for these facts and, given a customer, what it would bill; writes nothing."""
    require_role(actor, *STAFF_ROLES)
    facts = check_task_facts(data, active_catalogue(), today=local_date(utcnow()), complete=False)
    customer_id = data.get("customer_id")
    if data.get("case_id") is not None:
        facts = replace(facts, over_quota=case_over_quota(data["case_id"], customer_id))
    if isinstance(customer_id, int) and not isinstance(customer_id, bool) and uses_maintenance(active_catalogue(), facts):
        facts = replace(facts, maintenance_active=maintenance_active(customer_id, facts.work_date))
    decision = classify(facts, active_catalogue())
    if customer_id is None:
        return Preview(decision, 0)
    customer = get_customer(customer_id, actor=actor)
    balance = get_balance(customer_id, actor=actor)
    billed = billed_minutes(decision, facts.minutes, customer)
    refused = None
    try:
        check_limit(customer_id=customer.id, balance_minutes=balance, needed_minutes=billed,
                    overdraft_limit_minutes=customer.overdraft_limit_minutes, what="this task")
    except InsufficientHours as error:  # shown in the preview, not raised
        refused = error.message
    return Preview(decision, billed, balance, balance - billed, refused)
