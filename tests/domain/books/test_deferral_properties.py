"""Deferred revenue as a property: for random purchases at different prices, debits, credits, closings and
months, the deferred balance the vouchers leave equals the value of the hours still on the account, every voucher
balances, and no package is ever earned beyond what was invoiced for it — all of it once it is used up."""
from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.domain.books.deferral import (
    AgreementLot, CustomerBooks, Lot, difference, earned_by_forfeit, earned_of_agreement, earned_of_lot,
    used_per_lot,
)
from ledger.domain.books.recognition import Earned, forfeit_voucher, month_voucher
from ledger.domain.books.vouchers import IssuedDocument, bas_accounts, voucher_for

ACCOUNTS = bas_accounts()
DAY = date(2026, 1, 31)

steps = st.lists(st.one_of(
    st.tuples(st.just("buy"), st.integers(1, 3000), st.integers(0, 5_000_000), st.booleans()),
    st.tuples(st.just("debit"), st.integers(1, 900)),
    st.tuples(st.just("give"), st.integers(1, 120)),
    st.tuples(st.just("credit_part"), st.integers(0, 20), st.floats(0.01, 1.0)),
    st.tuples(st.just("credit_all"), st.integers(0, 20)),
    st.tuples(st.just("close"),),
    st.tuples(st.just("month"),),
), max_size=40)


class Account:
    """A customer's account as the ledger and the invoices make it, and what the vouchers posted."""

    def __init__(self) -> None:
        self.lots: list[Lot] = []
        self.uninvoiced: list[int] = []
        self.balance = 0
        self.deferred = 0  # credit balance of the deferred account
        self.earned_before: dict[str, int] = {}
        self.forfeited: list[dict[str, int]] = []
        self.invoiced: dict[int, int] = {}
        self.recognised_total = 0

    def books(self) -> CustomerBooks:
        return CustomerBooks(1, "Kund AB", tuple(self.lots), self.balance)

    def invoice(self, index: int) -> None:
        lot = self.lots[index]
        value = self.invoiced[lot.key]
        self.lots[index] = Lot(lot.key, lot.minutes, value)
        document = IssuedDocument("invoice", "F", lot.key, DAY, "Kund AB", "se_standard", "SEK", value,
                                  value // 4, 0, value + value // 4, deferred=(("Timpaket", value),))
        voucher = voucher_for(document, ACCOUNTS)
        assert voucher.balance_minor == 0
        self.deferred -= sum(row.amount_sek_minor for row in voucher.postings if row.account.number == 2970)

    def month_end(self, number: int) -> None:
        for index in self.uninvoiced:
            self.invoice(index)
        self.uninvoiced = []
        if self.balance < 0:  # hours owed are invoiced at the hourly rate, to sales: a lot of no deferred value
            self.lots.append(Lot(1000 + len(self.lots), -self.balance, 0))
            self.balance = 0
        earned = self.books().earned(DAY)
        moved = difference(earned, self.earned_before, *self.forfeited)
        voucher = month_voucher(2026, number % 12 + 1, DAY, [Earned(1, "Kund AB", moved)], ACCOUNTS)
        if voucher is not None:
            assert voucher.balance_minor == 0
            self.post(voucher)
        self.earned_before, self.forfeited = earned, []
        assert self.deferred == self.books().remaining_value_minor()

    def post(self, voucher) -> None:
        deferred_rows = sum(row.amount_sek_minor for row in voucher.postings if row.account.number == 2970)
        self.deferred -= deferred_rows
        self.recognised_total += deferred_rows


@settings(max_examples=150, deadline=None)
@given(steps)
def test_the_deferred_balance_is_the_value_of_the_hours_still_on_the_account(sequence):
    account, months = Account(), 0
    for step in sequence:
        kind = step[0]
        if kind == "buy":
            _kind, minutes, price, later = step
            key = len(account.lots) + 1
            account.lots.append(Lot(key, minutes, 0))
            account.invoiced[key] = price
            account.balance += minutes
            if later:
                account.uninvoiced.append(len(account.lots) - 1)
            else:
                account.invoice(len(account.lots) - 1)
        elif kind == "debit":
            account.balance -= step[1]
        elif kind == "give":  # goodwill minutes: a lot of no value
            account.lots.append(Lot(2000 + len(account.lots), step[1], 0))
            account.balance += step[1]
        elif kind in ("credit_part", "credit_all") and account.lots:
            index = step[1] % len(account.lots)
            lot = account.lots[index]
            if index in account.uninvoiced or lot.key not in account.invoiced or lot.minutes == 0:
                continue
            if kind == "credit_part":
                amount = int(lot.value_minor * step[2])
                account.lots[index] = Lot(lot.key, lot.minutes, lot.value_minor - amount)
            else:  # the purchase is reversed with it
                amount = lot.value_minor
                account.lots[index] = Lot(lot.key, 0, 0)
                account.balance -= lot.minutes
            account.deferred -= amount
        elif kind == "close" and account.balance > 0:
            books = account.books()
            remaining = books.remaining_value_minor()
            earned = earned_by_forfeit(books, account.balance)
            voucher = forfeit_voucher(9000 + months, DAY, Earned(1, "Kund AB", earned), ACCOUNTS)
            assert sum(earned.values()) == remaining  # forfeiting everything earns all that is left
            if voucher is not None:
                assert voucher.balance_minor == 0
                account.post(voucher)
            account.forfeited.append(earned)
            account.balance = 0
            assert account.books().remaining_value_minor() == 0
        elif kind == "month":
            account.month_end(months)
            months += 1
    account.month_end(months)
    for lot, used in zip(account.lots, used_per_lot(account.lots, account.books().consumed)):
        assert 0 <= earned_of_lot(lot, used) <= lot.value_minor
        if used == lot.minutes:
            assert earned_of_lot(lot, used) == lot.value_minor
    assert account.recognised_total <= sum(lot.value_minor for lot in account.lots) + 0


@given(st.integers(1, 100_000), st.integers(0, 10_000_000), st.integers(0, 100_000))
def test_a_lot_is_earned_monotonically_up_to_exactly_its_value(minutes, value, used):
    lot = Lot(1, minutes, value)
    used = min(used, minutes)
    earned = earned_of_lot(lot, used)
    assert 0 <= earned <= value
    assert earned_of_lot(lot, max(used - 1, 0)) <= earned
    assert earned_of_lot(lot, minutes) == value


@given(st.integers(1, 800), st.integers(0, 10_000_000), st.integers(-10, 900))
def test_an_agreement_is_earned_day_by_day_to_exactly_its_value(days, value, offset):
    start = date(2026, 1, 12)
    agreement = AgreementLot(1, start, date.fromordinal(start.toordinal() + days - 1), value)
    day = date.fromordinal(start.toordinal() + offset)
    earned = earned_of_agreement(agreement, day)
    assert 0 <= earned <= value
    if offset >= days - 1:
        assert earned == value
    if offset < 0:
        assert earned == 0
