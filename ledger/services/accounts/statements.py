"""A customer's monthly statement: opening balance, the month's entries, closing balance, minutes by outcome."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ledger.domain.periods import Period
from ledger.extensions import db
from ledger.models import LedgerEntry, Task
from ledger.services.access import Actor
from ledger.services.accounts.moved_work import entries_as_read_by, tasks_as_read_by
from ledger.services.customers.customers import get_customer


#: What a statement's summary and its list of work count: the work done in the month (by work date), whenever it
#: was logged. The balances follow the entries booked in the month, so work of November logged in December is in
#: November's summary and list, and changes December's balance.
BASIS = "work_date"


@dataclass(frozen=True)
class Statement:
    """One month of a service account; opening + sum(entries) = closing; included and debited minutes are those of
    `tasks`, the work done in the month (`basis`)."""

    customer_id: int
    period: Period
    opening_balance_minutes: int
    closing_balance_minutes: int
    included_minutes: int
    debited_minutes: int
    entries: list[LedgerEntry]
    tasks: list[Task]
    basis: str = BASIS


def get_statement(customer_id: int, period: Period, *, actor: Actor) -> Statement:
    """The statement of a month (Stockholm time): a range scan on (account_id, recorded_at).

    The balances come from the entries booked in the month, so they reconcile; the task list and the included
    and debited minutes follow the tasks' work dates (work done in the month), so the summary and the list agree.
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
    tasks = list(db.session.execute(
        select(Task)
        .where(Task.customer_id == customer_id, Task.work_date >= period.first_day, Task.work_date <= period.last_day)
        .order_by(Task.work_date, Task.id)
    ).scalars())
    counted = [task for task in tasks if task.status != "voided"]
    included = sum(task.minutes for task in counted if task.outcome == "included")
    debited = sum(task.billed_minutes for task in counted if task.outcome == "debited")
    return Statement(
        customer_id=customer_id,
        period=period,
        opening_balance_minutes=opening,
        closing_balance_minutes=entries[-1].balance_after if entries else opening,
        included_minutes=included,
        debited_minutes=debited,
        entries=entries_as_read_by(actor, entries),
        tasks=tasks_as_read_by(actor, tasks),
    )
