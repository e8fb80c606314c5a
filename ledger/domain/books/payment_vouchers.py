"""Money vouchers (docs/books.md): payments, reversals and refunds between the bank and the receivable, EUR
exchange differences, and write-offs.

A payment debits the bank and credits the receivable; a reversal or a refund (a negative amount) books the
same rows with the opposite sign. In a foreign currency the bank row is the amount at the payment day's rate and
the receivable row the same amount at the rate the invoice was booked at, so that the receivable clears at its
booked value; the difference is an exchange gain (credit) or loss (debit). A write-off moves what finance gave
up on from the receivable to the write-off account, at the invoice's booked value.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ledger.domain.billing.exchange_rates import NATIONAL_CURRENCY, vat_sek_minor
from ledger.domain.books.vouchers import ChartOfAccounts, Posting, Voucher
from ledger.domain.money import format_minor

#: Voucher series of the money vouchers (a #VER series each), numbered by the row's id.
PAYMENT_SERIES, WRITE_OFF_SERIES = "B", "K"
_LABELS = {"payment": "Inbetalning", "reversal": "Återförd inbetalning", "refund": "Återbetalning"}


@dataclass(frozen=True)
class MoneyMovement:
    """A payment, reversal, refund or write-off as the books need it (amount signed as stored, in its currency).

    `rate_micro` is the rate of the movement's own day (None in SEK), `booked_rate_micro` the invoice's rate (None
    in SEK or when there is no invoice: then the movement's own rate is used for the receivable too).
    """

    key: int
    kind: str
    day: date
    amount_minor: int
    currency: str
    party: str
    document: str | None = None
    rate_micro: int | None = None
    booked_rate_micro: int | None = None

    def at(self, rate_micro: int | None) -> int:
        if self.currency == NATIONAL_CURRENCY or rate_micro is None:
            return self.amount_minor
        return vat_sek_minor(self.amount_minor, rate_micro)

    @property
    def text(self) -> str:
        subject = f"{self.document} {self.party}" if self.document else f"{self.party} (ej matchad)"
        return f"{_LABELS.get(self.kind, 'Avskrivning')} {subject}"


def payment_voucher(movement: MoneyMovement, accounts: ChartOfAccounts) -> Voucher:
    """Bank against receivable, with an exchange difference when the rates differ."""
    bank = movement.at(movement.rate_micro)
    receivable = movement.at(movement.booked_rate_micro or movement.rate_micro)
    foreign = movement.currency != NATIONAL_CURRENCY
    text = f"{movement.currency} {format_minor(movement.amount_minor)}" if foreign else None
    rows = [Posting(accounts.bank, bank, text), Posting(accounts.receivable, -receivable, text)]
    difference = bank - receivable
    if difference:
        rows.append(Posting(accounts.fx_gain if difference > 0 else accounts.fx_loss, -difference, "Kursdifferens"))
    return Voucher(PAYMENT_SERIES, movement.key, movement.day, movement.text, tuple(rows))


def write_off_voucher(movement: MoneyMovement, accounts: ChartOfAccounts) -> Voucher:
    """The written-off remainder from the receivable to the write-off account."""
    amount = movement.at(movement.booked_rate_micro or movement.rate_micro)
    rows = (Posting(accounts.write_off, amount), Posting(accounts.receivable, -amount))
    return Voucher(WRITE_OFF_SERIES, movement.key, movement.day, movement.text, rows)
