"""Recognition vouchers (docs/books.md): deferred revenue moved to sales, one pair of rows per customer.

The month's voucher moves what was earned in the month — the difference between what is earned at its end and
at the previous month's end, less what forfeits already recognised — dated the month's last day; a forfeiture's
voucher moves what closing the account earned, dated that day. Each customer gets one debit of deferred revenue
and one credit of the sales account of its VAT treatment (the other way round when a credit took earnings back),
both rows naming the customer.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ledger.domain.billing.vat import VatCode
from ledger.domain.books.vouchers import ChartOfAccounts, Posting, Voucher

#: The month's recognition is voucher P YYYYMM; a forfeiture's is S and the forfeit entry's id.
MONTH_SERIES, FORFEIT_SERIES = "P", "S"


@dataclass(frozen=True)
class Earned:
    """What one customer earned, by VAT treatment, in öre."""

    customer_id: int
    name: str
    by_sales: dict[str, int]


def recognition_postings(earned: Iterable[Earned], accounts: ChartOfAccounts) -> tuple[Posting, ...]:
    """Deferred against sales, one pair per customer and sales account, customers by name."""
    rows: list[Posting] = []
    for item in sorted(earned, key=lambda found: (found.name, found.customer_id)):
        for sales, amount in sorted(item.by_sales.items()):
            if amount:
                rows += [Posting(accounts.deferred, amount, item.name),
                         Posting(accounts.sales(VatCode(sales)), -amount, item.name)]
    return tuple(rows)


def month_voucher(year: int, month: int, last_day: date, earned: Iterable[Earned],
                  accounts: ChartOfAccounts) -> Voucher | None:
    """The month's recognition voucher, or None when nothing was earned."""
    rows = recognition_postings(earned, accounts)
    if not rows:
        return None
    return Voucher(MONTH_SERIES, year * 100 + month, last_day,
                   f"Periodisering {year:04d}-{month:02d}: intjänade förutbetalda intäkter", rows)


def forfeit_voucher(entry_id: int, day: date, earned: Earned, accounts: ChartOfAccounts) -> Voucher | None:
    """Hours forfeited when a customer closed, recognised that day."""
    rows = recognition_postings([earned], accounts)
    if not rows:
        return None
    return Voucher(FORFEIT_SERIES, entry_id, day, f"Förverkade timmar {earned.name}", rows)
