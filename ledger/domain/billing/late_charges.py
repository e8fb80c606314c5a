"""What a late payer owes besides the price: late-payment interest (räntelagen 6 §) and reminder fees.

Interest runs from the day after the due date on what is still outstanding each day, at the Riksbank's reference
rate plus `points_bp` percentage points (8 by default). Under räntelagen 9 § the reference rate of a calendar
half-year is the one in force on its first day (1 January, 1 July). The amount is the exact sum over the days,
outstanding × rate × 1/365, rounded once to the minor unit. It is charged once, on the customer's next invoice,
after the invoice has been paid in full: then the days and the amount are known and never change.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ledger.domain.billing.invoicing import divide_half_up

DAYS_PER_YEAR = 365
BASIS_POINTS = 10_000
#: The most the debt-collection costs act (inkassokostnadslagen) lets a reminder cost, in öre.
MAX_REMINDER_FEE_MINOR = 6_000


@dataclass(frozen=True)
class ReferenceRate:
    """The reference rate from `valid_from`, in basis points (2,25 % = 225)."""

    valid_from: date
    rate_bp: int


@dataclass(frozen=True)
class LateInterest:
    """Interest on an invoice paid late: the days it was late, the amount, and the day it was paid in full."""

    days: int
    amount_minor: int
    settled_on: date


def format_rate_percent(rate_bp: int) -> str:
    """Basis points as a percentage with two decimals: 225 → "2.25", -50 → "-0.50"."""
    sign = "-" if rate_bp < 0 else ""
    return f"{sign}{abs(rate_bp) // 100}.{abs(rate_bp) % 100:02d}"


def half_year_start(day: date) -> date:
    """1 January or 1 July: the first day of the calendar half-year of `day`."""
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def reference_rate_on(rates: Sequence[ReferenceRate], day: date) -> int | None:
    """The reference rate that applies on `day` (the one in force when its half-year began), or None."""
    start = half_year_start(day)
    known = [rate for rate in rates if rate.valid_from <= start]
    return max(known, key=lambda rate: rate.valid_from).rate_bp if known else None


def settled_on(to_pay_minor: int, movements: Iterable[tuple[date, int]]) -> date | None:
    """The day the movements (payments positive, reversals and refunds negative) first paid the amount in full
    and it stayed paid, or None while something is outstanding."""
    outstanding, settled = to_pay_minor, None
    for day, amount in sorted(movements):
        outstanding -= amount
        if outstanding <= 0 and settled is None:
            settled = day
        elif outstanding > 0:
            settled = None
    return settled


def late_interest(*, to_pay_minor: int, due_on: date, movements: Iterable[tuple[date, int]],
                  rates: Sequence[ReferenceRate], points_bp: int) -> LateInterest | None:
    """The interest on an invoice that was paid in full after its due date, or None (not paid in full, or in time).

    `movements` are (day, amount) of every payment, reversal and refund. The amount outstanding on a day is what
    the movements dated before it left unpaid: paid 45 days after the due date, the invoice is 45 days late.

    :raise ValueError: a late day has no reference rate on file (the interest waits until one is recorded).
    """
    moves = sorted(movements)
    settled = settled_on(to_pay_minor, moves)
    if settled is None or settled <= due_on:
        return None
    exact = 0  # Σ outstanding × rate in basis points, one term a day
    day, outstanding, index = due_on + timedelta(days=1), to_pay_minor, 0
    while index < len(moves) and moves[index][0] < day:
        outstanding -= moves[index][1]
        index += 1
    while day <= settled:
        rate = reference_rate_on(rates, day)
        if rate is None:
            raise ValueError(f"no reference rate in force on {day.isoformat()}")
        exact += max(0, outstanding) * max(0, rate + points_bp)
        while index < len(moves) and moves[index][0] <= day:
            outstanding -= moves[index][1]
            index += 1
        day += timedelta(days=1)
    return LateInterest((settled - due_on).days, divide_half_up(exact, BASIS_POINTS * DAYS_PER_YEAR), settled)
