"""Deferred revenue (docs/books.md): what of the invoiced hour packages and agreements is earned by a day.

Prepaid hours are lots on the customer's account, in the order they came (each package bought; hours owed that
were invoiced, and hours given, as lots of no value). Every minute that leaves the account — debited work, a
negative adjustment, hours forfeited on closing — is taken from the oldest lot first, so the lot a minute came
from follows from two numbers: the minutes of the lots and the minutes that left (`consumed`). A lot's earned
value is its invoiced value in öre times the share of its minutes used, rounded down, so that it never exceeds
the value and reaches it exactly when the lot is used up. A purchase reversed by a credit note leaves the queue
(its minutes count no more, what remains of its value is earned). An agreement is earned day by day over its
period. Everything here is pure and exact: the books' vouchers are the differences of these values over time.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Lot:
    """Minutes that came onto the account, in order (`key`), and their invoiced value in öre known so far.

    `minutes` is 0 once the purchase is reversed; `value_minor` is the invoice line's SEK value less what credit
    notes took back (0 for hours owed or given, and for a package not invoiced yet); `sales` is the VAT treatment
    of the invoice, which decides the sales account the value is earned to.
    """

    key: int
    minutes: int
    value_minor: int = 0
    sales: str = "se_standard"


@dataclass(frozen=True)
class AgreementLot:
    """An agreement line invoiced (value less credits, in öre), earned straight-line over its days."""

    key: int
    starts_on: date
    ends_on: date
    value_minor: int
    sales: str = "se_standard"

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


def used_per_lot(lots: Sequence[Lot], consumed: int) -> list[int]:
    """How many minutes of each lot are used when `consumed` minutes have left the account, oldest lot first."""
    used, before = [], 0
    for lot in lots:
        used.append(min(max(consumed - before, 0), lot.minutes))
        before += lot.minutes
    return used


def earned_of_lot(lot: Lot, used: int) -> int:
    """The earned value of a lot: value × used / minutes, rounded toward zero; all of it when used up or reversed."""
    if lot.minutes <= 0 or used >= lot.minutes:
        return lot.value_minor
    if used <= 0:
        return 0
    share = abs(lot.value_minor) * used // lot.minutes
    return share if lot.value_minor >= 0 else -share


def earned_of_agreement(agreement: AgreementLot, day: date) -> int:
    """The share of an agreement's value earned by the end of `day` (the days passed of its period)."""
    passed = min(max((day - agreement.starts_on).days + 1, 0), agreement.days)
    if passed >= agreement.days:
        return agreement.value_minor
    share = abs(agreement.value_minor) * passed // agreement.days
    return share if agreement.value_minor >= 0 else -share


def consumed_minutes(lots: Iterable[Lot], balance_minutes: int) -> int:
    """The minutes that have left the account: what came (the lots still counted) less the balance."""
    return max(sum(lot.minutes for lot in lots) - balance_minutes, 0)


@dataclass(frozen=True)
class CustomerBooks:
    """One customer's deferred items at the end of a day: the lots in order, the balance, the agreements."""

    customer_id: int
    name: str
    lots: tuple[Lot, ...] = ()
    balance_minutes: int = 0
    agreements: tuple[AgreementLot, ...] = ()

    @property
    def consumed(self) -> int:
        return consumed_minutes(self.lots, self.balance_minutes)

    def earned(self, day: date, consumed: int | None = None) -> dict[str, int]:
        """What is earned by the end of `day`, by VAT treatment (the sales account it goes to)."""
        found: dict[str, int] = defaultdict(int)
        taken = self.consumed if consumed is None else consumed
        for lot, used in zip(self.lots, used_per_lot(self.lots, taken)):
            found[lot.sales] += earned_of_lot(lot, used)
        for agreement in self.agreements:
            found[agreement.sales] += earned_of_agreement(agreement, day)
        return dict(found)

    @property
    def invoiced_minor(self) -> int:
        """Everything credited to deferred revenue so far, less credit notes."""
        return sum(lot.value_minor for lot in self.lots) + sum(agreement.value_minor for agreement in self.agreements)

    def remaining_value_minor(self) -> int:
        """The value of the prepaid minutes still on the account (their lots' unearned parts)."""
        return sum(lot.value_minor - earned_of_lot(lot, used)
                   for lot, used in zip(self.lots, used_per_lot(self.lots, self.consumed)))


def earned_by_forfeit(books: CustomerBooks, forfeit_minutes: int) -> dict[str, int]:
    """What forfeiting `forfeit_minutes` (positive) earns at once, the books standing as `books` before it."""
    before = books.consumed
    lots_only = CustomerBooks(books.customer_id, books.name, books.lots, books.balance_minutes)
    after_earned = lots_only.earned(date.min, before + forfeit_minutes)
    before_earned = lots_only.earned(date.min, before)
    return {sales: after_earned.get(sales, 0) - before_earned.get(sales, 0)
            for sales in set(after_earned) | set(before_earned)}


def difference(later: dict[str, int], earlier: dict[str, int], *less: dict[str, int]) -> dict[str, int]:
    """later − earlier − each of `less`, by key, without zeros."""
    keys = set(later) | set(earlier) | {key for part in less for key in part}
    found = {key: later.get(key, 0) - earlier.get(key, 0) - sum(part.get(key, 0) for part in less) for key in keys}
    return {key: value for key, value in sorted(found.items()) if value}
