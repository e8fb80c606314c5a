"""A customer's balance over time: end-of-day balances in Stockholm time, for the portal's chart (read-only)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from sqlalchemy import select

from ledger.domain.errors import InvalidInput
from ledger.domain.periods import day_start_utc, local_date
from ledger.domain.problems import N_, define_messages
from ledger.extensions import db
from ledger.models import LedgerEntry
from ledger.services.access import Actor
from ledger.services.clock import utcnow
from ledger.services.customers.customers import get_customer

MESSAGES = define_messages({
    "days_out_of_range": N_("Must be a whole number of days between %(low)s and %(high)s."),
})

#: About ten years: a longer window is a report, not a chart.
MAX_DAYS = 3660


def balance_history(customer_id: int, *, actor: Actor, days: int = 365) -> list[tuple[date, int]]:
    """The balance at the end of each Stockholm day of the last `days` days up to today, or since the
    first entry if that is later; empty when the account has no entries yet.

    :raise InvalidInput: `days` is not between 1 and MAX_DAYS.  :raise NotFound: not the actor's customer.
    """
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise InvalidInput.single("days", "days_out_of_range", low=1, high=MAX_DAYS)
    customer = get_customer(customer_id, actor=actor)
    account_id = customer.account.id
    today = local_date(utcnow())
    first_day = today - timedelta(days=days - 1)
    window_start, window_end = day_start_utc(first_day), day_start_utc(today + timedelta(days=1))
    opening = db.session.execute(
        select(LedgerEntry.balance_after)
        .where(LedgerEntry.account_id == account_id, LedgerEntry.recorded_at < window_start)
        .order_by(LedgerEntry.recorded_at.desc(), LedgerEntry.seq.desc())
        .limit(1)
    ).scalar()
    movements = db.session.execute(
        select(LedgerEntry.recorded_at, LedgerEntry.balance_after)
        .where(
            LedgerEntry.account_id == account_id,
            LedgerEntry.recorded_at >= window_start,
            LedgerEntry.recorded_at < window_end,
        )
        .order_by(LedgerEntry.recorded_at, LedgerEntry.seq)
    ).all()
    return end_of_day_balances(first_day, today, opening, [(row.recorded_at, row.balance_after) for row in movements])


def end_of_day_balances(first_day: date, last_day: date, opening: int | None,
                        movements: Iterable[tuple[datetime, int]]) -> list[tuple[date, int]]:
    """Fill every day from `first_day` to `last_day` with its closing balance; `opening` None means the
    account had no entries before, so the history starts on the day of the first movement."""
    closing_of_day: dict[date, int] = {}
    for recorded_at, balance_after in movements:  # in booking order, so the day's last entry wins
        closing_of_day[local_date(recorded_at)] = balance_after
    balance = opening if opening is not None else 0
    if opening is None:
        if not closing_of_day:
            return []
        first_day = min(closing_of_day)
    history = []
    day = first_day
    while day <= last_day:
        balance = closing_of_day.get(day, balance)
        history.append((day, balance))
        day += timedelta(days=1)
    return history
