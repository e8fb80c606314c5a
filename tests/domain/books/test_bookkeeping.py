"""Vouchers for the books: one per document, balanced to the öre, in SEK, on the configured accounts."""
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.billing.einvoice import DocumentKind
from ledger.domain.billing.exchange_rates import ExchangeRate
from ledger.domain.billing.invoicing import invoice_totals
from ledger.domain.billing.vat import VatCode
from ledger.domain.books.vouchers import (
    BAS_NAMES,
    IssuedDocument,
    bas_accounts,
    financial_year,
    issued_document,
    voucher_for,
    vouchers_for,
)
from tests.documents.examples import ALL_EXAMPLES, credit_note

ACCOUNTS = bas_accounts()


def _rows(voucher):
    return {posting.account.number: posting.amount_sek_minor for posting in voucher.postings}


def test_a_swedish_invoice_debits_receivables_and_credits_sales_vat_and_rounding():
    invoice = ALL_EXAMPLES["invoice"]()
    voucher = voucher_for(issued_document(invoice), ACCOUNTS)
    assert _rows(voucher) == {1510: invoice.to_pay_minor, 3041: -invoice.net_minor, 2611: -invoice.vat_minor,
                              3740: -invoice.rounding_minor}
    assert voucher.balance_minor == 0
    assert (voucher.series, voucher.number, voucher.voucher_date) == ("F", 1004, invoice.issue_date)
    assert voucher.text == "Faktura F1004 Kommunförbundet Väst"


def test_a_credit_note_books_the_same_rows_the_other_way():
    original = voucher_for(issued_document(ALL_EXAMPLES["invoice"]()), ACCOUNTS)
    credit = voucher_for(issued_document(credit_note()), ACCOUNTS)
    assert _rows(credit) == {account: -amount for account, amount in _rows(original).items()}
    assert credit.text.startswith("Kreditfaktura F1014 ")


@pytest.mark.parametrize(("example", "sales_account"), [("reverse_charge", 3308), ("outside_eu", 3305)])
def test_sales_without_swedish_vat_go_to_the_eu_or_export_account_with_no_vat_row(example, sales_account):
    voucher = voucher_for(issued_document(ALL_EXAMPLES[example]()), ACCOUNTS)
    assert sales_account in _rows(voucher) and 2611 not in _rows(voucher)
    assert voucher.balance_minor == 0


def test_an_eur_invoice_is_booked_in_sek_at_its_rate_with_the_vat_printed_in_sek():
    invoice = ALL_EXAMPLES["eur_swedish_vat"]()
    voucher = voucher_for(issued_document(invoice), ACCOUNTS)
    assert invoice.exchange_rate is not None
    rows = _rows(voucher)
    assert rows[2611] == -invoice.vat_sek_minor
    assert rows[1510] == invoice.exchange_rate.to_sek_minor(invoice.to_pay_minor)
    assert voucher.balance_minor == 0
    assert [posting.text for posting in voucher.postings] == ["EUR 1356.76", "EUR 1085.41", "EUR 271.35"]
    assert "(EUR kurs 11.0215 2025-10-31)" in voucher.text


rates = st.integers(1, 30_000_000).map(lambda micro: ExchangeRate("EUR", date(2025, 10, 31), micro))


@given(st.lists(st.integers(-10**8, 10**8), min_size=1, max_size=5), st.sampled_from(list(VatCode)), rates,
       st.sampled_from(["SEK", "EUR"]))
def test_every_voucher_balances_whatever_the_amounts_and_rate(amounts, vat_code, rate, currency):
    totals = invoice_totals(amounts, 2500 if vat_code is VatCode.SWEDEN else 0, round_to_whole_units=currency == "SEK")
    document = IssuedDocument(
        DocumentKind.INVOICE, "F", 1001, date(2025, 11, 3), "Kund AB", vat_code, currency, totals.net_minor,
        totals.vat_minor, totals.rounding_minor, totals.to_pay_minor, rate if currency == "EUR" else None)
    voucher = voucher_for(document, ACCOUNTS)
    assert voucher.balance_minor == 0
    sales = -_rows(voucher).get(ACCOUNTS.sales(vat_code).number, 0)
    assert abs(sales - document.to_sek_minor(totals.net_minor)) <= 1  # only the rounding of the conversion
    assert -_rows(voucher).get(2611, 0) == document.to_sek_minor(totals.vat_minor)


def test_the_accounts_are_the_configured_ones():
    chart = bas_accounts(receivable=1511, sales_se=3001, vat_out=2610, rounding=3741)
    voucher = voucher_for(issued_document(ALL_EXAMPLES["invoice"]()), chart)
    assert sorted(_rows(voucher)) == [1511, 2610, 3001, 3741]
    assert chart.receivable.name == "Kundfordringar" and chart.sales_se.name == "Försäljning tjänster Sverige"
    assert ACCOUNTS.rounding.name == BAS_NAMES[3740] == "Öres- och kronutjämning"


@pytest.mark.parametrize("number", [999, 10000, "1510", True])
def test_an_account_that_is_not_a_four_digit_number_is_refused(number):
    with pytest.raises(ValueError, match="four-digit"):
        bas_accounts(receivable=number)


def test_vouchers_follow_issue_date_then_number_in_the_series_chosen():
    documents = [issued_document(factory()) for factory in ALL_EXAMPLES.values()]
    vouchers = vouchers_for(reversed(documents), ACCOUNTS, voucher_series="B")
    assert [voucher.number for voucher in vouchers] == sorted(document.number for document in documents)
    assert {voucher.series for voucher in vouchers} == {"B"}


def test_a_foreign_document_without_its_rate_or_that_does_not_add_up_is_refused():
    with pytest.raises(ValueError, match="exchange rate"):
        IssuedDocument(DocumentKind.INVOICE, "F", 1, date(2025, 11, 3), "Kund", VatCode.SWEDEN, "EUR", 100, 25, 0, 125)
    with pytest.raises(ValueError, match="not net"):
        IssuedDocument(DocumentKind.INVOICE, "F", 1, date(2025, 11, 3), "Kund", VatCode.SWEDEN, "SEK", 100, 25, 0, 126)


@pytest.mark.parametrize(("day", "first_month", "year"), [
    (date(2025, 11, 3), 1, (date(2025, 1, 1), date(2025, 12, 31))),
    (date(2025, 11, 3), 7, (date(2025, 7, 1), date(2026, 6, 30))),
    (date(2025, 3, 31), 5, (date(2024, 5, 1), date(2025, 4, 30))),
])
def test_the_financial_year_contains_the_day(day, first_month, year):
    assert financial_year(day, first_month) == year
