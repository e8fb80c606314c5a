"""Payments, reversals and write-offs as vouchers in the month they belong to: the bank against the receivable,
an EUR payment at its day's rate with the difference to exchange gains, a small remainder written off."""
from __future__ import annotations

from datetime import date

from ledger.domain.billing.exchange_rates import vat_sek_minor
from ledger.domain.books.vouchers import IssuedDocument, bas_accounts, voucher_for
from ledger.domain.periods import Period
from ledger.services.access import SYSTEM
from ledger.services.billing.exchange_rates import record_exchange_rate
from ledger.services.books.sie import sie_export
from ledger.services.payments.by_hand import record_payment, reverse_payment, write_off
from tests.conftest import utc
from tests.documents.sie_reader import read_sie


def _rows(sie, series: str) -> dict[str, list[tuple[int, int]]]:
    return {ver.number: [(row.account, row.amount_minor) for row in ver.rows]
            for ver in sie.vouchers if ver.series == series}


def test_payments_reversals_and_write_offs_are_vouchers_of_their_month(app, numbered, freeze_clock, make_user):
    [swedish] = numbered()
    [german] = numbered(name="Müller Logistik GmbH", country="DE", org_number="HRB 12345",
                        vat_number="DE136695976", currency="EUR")
    record_exchange_rate({"currency": "EUR", "date": "2026-11-25", "rate": "11.6"}, actor=SYSTEM)
    freeze_clock(utc(2026, 11, 26, 9))
    short = record_payment(swedish.id, {"amount": f"{(swedish.to_pay_minor - 500) / 100:.2f}",
                                        "paid_on": date(2026, 11, 20)}, actor=SYSTEM)
    euros = record_payment(german.id, {"amount": f"{german.to_pay_minor / 100:.2f}", "paid_on": date(2026, 11, 25)},
                           actor=SYSTEM)
    mistaken = record_payment(swedish.id, {"amount": "1.00", "paid_on": date(2026, 11, 26)}, actor=SYSTEM)
    reversal = reverse_payment(mistaken.id, "Fel faktura", actor=SYSTEM)
    freeze_clock(utc(2026, 12, 3, 9))
    taken = record_payment(swedish.id, {"amount": "1.00", "paid_on": date(2026, 12, 3)}, actor=SYSTEM)
    reverse_payment(taken.id, "Dubbel", actor=SYSTEM)
    written = write_off(swedish.id, "Småbelopp", actor=SYSTEM)
    finance = make_user("finance")
    november = read_sie(sie_export(Period(2026, 11), actor=finance))
    december = read_sie(sie_export(Period(2026, 12), actor=finance))

    bank = _rows(november, "B")
    assert bank[str(short.id)] == [(1930, swedish.to_pay_minor - 500), (1510, -(swedish.to_pay_minor - 500))]
    at_payment = vat_sek_minor(german.to_pay_minor, 11_600_000)
    booked = vat_sek_minor(german.to_pay_minor, german.exchange_rate_micro)
    assert at_payment > booked
    assert bank[str(euros.id)] == [(1930, at_payment), (1510, -booked), (3960, -(at_payment - booked))]
    assert bank[str(reversal.id)] == [(1930, -100), (1510, 100)]
    assert str(taken.id) not in bank and str(taken.id) in _rows(december, "B")
    assert _rows(december, "K")[str(written.id)] == [(6390, 500), (1510, -500)]
    assert {ver.voucher_date for ver in december.vouchers if ver.series in "BK"} == {date(2026, 12, 3)}


def test_late_interest_goes_to_interest_income_and_packages_to_deferred_revenue():
    document = IssuedDocument("invoice", "F", 1, date(2026, 11, 2), "Kund AB", "se_standard", "SEK",
                              net_minor=1_000_000 + 15_000, vat_minor=250_000, rounding_minor=0,
                              to_pay_minor=1_265_000, deferred=(("Timpaket F1:2", 900_000),), interest_minor=15_000)
    rows = {posting.account.number: posting.amount_sek_minor
            for posting in voucher_for(document, bas_accounts()).postings}
    assert rows == {1510: 1_265_000, 3041: -100_000, 2970: -900_000, 8313: -15_000, 2611: -250_000}
