"""A customer's monthly statement: opening balance, the month's entries, closing balance, minutes by outcome."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import aliased

from ledger.domain.periods import Period
from ledger.extensions import db
from ledger.models import LedgerEntry, Task
from ledger.models.types import summed_minutes
from ledger.services.access import Actor
from ledger.services.accounts.moved_work import entries_as_read_by, tasks_as_read_by
from ledger.services.customers.customers import get_customer


@dataclass(frozen=True)
class Statement:
    """One month of a service account; opening + sum(entries) = closing."""

    customer_id: int
    period: Period
    opening_balance_minutes: int
    closing_balance_minutes: int
    included_minutes: int
    debited_minutes: int
    entries: list[LedgerEntry]
    tasks: list[Task]


def get_statement(customer_id: int, period: Period, *, actor: Actor) -> Statement:
    """The statement of a month (Stockholm time): a range scan on (account_id, recorded_at).

    The balances and `debited_minutes` come from the entries booked in the month, so they reconcile;
    the task list and `included_minutes` follow the tasks' work dates (work done in the month).
    """
    customer = get_customer(customer_id, actor=actor)
    account_id = customer.account.id
    opening = db.session.execute(
        select(LedgerEntry.balance_after)
        .where(LedgerEntry.account_id == account_id, LedgerEntry.recorded_at < period.start_utc)
        .order_by(LedgerEntry.recorded_at.desc(), LedgerEntry.seq.desc())
        .limit(1)
    ).scalar() or 0
    entries = list(db.session.execute(
        select(LedgerEntry)
        .where(
            LedgerEntry.account_id == account_id,
            LedgerEntry.recorded_at >= period.start_utc,
            LedgerEntry.recorded_at < period.end_utc,
        )
        .order_by(LedgerEntry.seq)
    ).scalars())
    original = aliased(LedgerEntry)
    debited = db.session.execute(
        select(summed_minutes(LedgerEntry.minutes))
        .outerjoin(original, original.id == LedgerEntry.reverses_entry_id)
        .where(
            LedgerEntry.account_id == account_id,
            LedgerEntry.recorded_at >= period.start_utc,
            LedgerEntry.recorded_at < period.end_utc,
            (LedgerEntry.kind == "consumption") | ((LedgerEntry.kind == "reversal") & (original.kind == "consumption")),
        )
    ).scalar()
    tasks = list(db.session.execute(
        select(Task)
        .where(Task.customer_id == customer_id, Task.work_date >= period.first_day, Task.work_date <= period.last_day)
        .order_by(Task.work_date, Task.id)
    ).scalars())
    included = sum(task.minutes for task in tasks if task.outcome == "included" and task.status != "voided")
    return Statement(
        customer_id=customer_id,
        period=period,
        opening_balance_minutes=opening,
        closing_balance_minutes=entries[-1].balance_after if entries else opening,
        included_minutes=included,
        debited_minutes=-debited,
        entries=entries_as_read_by(actor, entries),
        tasks=tasks_as_read_by(actor, tasks),
    )
