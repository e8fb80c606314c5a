"""The e-invoice data: it adds up exactly or refuses to exist; SEK VAT at the invoice's rate; addresses split."""
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.billing.einvoice import DocumentKind, EInvoiceLine, VatCategory, address_from_text, vat_category_of
from ledger.domain.billing.exchange_rates import ExchangeRate, format_rate, parse_rate
from ledger.domain.billing.invoicing import vat_amount
from ledger.domain.billing.line_prices import UnitCode, minutes_at_hourly_rate, single_item
from ledger.domain.billing.vat import VatCode
from ledger.domain.errors import InvalidInput
from tests.documents.examples import (
    ALL_EXAMPLES,
    BUYERS,
    build,
    credit_note,
    eur_invoice_with_swedish_vat,
    swedish_invoice,
    without,
)

RATE = ExchangeRate("EUR", date(2025, 10, 31), parse_rate("11.0215"))


@pytest.mark.parametrize(("text", "micro", "shown"), [
    ("11.4925", 11_492_500, "11.4925"), ("11,4925", 11_492_500, "11.4925"), ("10", 10_000_000, "10.0000"),
    ("0.087654", 87_654, "0.087654"),
])
def test_exchange_rates_are_exact_millionths(text, micro, shown):
    assert parse_rate(text) == micro
    assert format_rate(micro) == shown


@pytest.mark.parametrize("text", ["", "11.1234567", "-11.2", "11.2.3", "elva"])
def test_a_rate_that_is_not_a_decimal_is_refused(text):
    with pytest.raises(InvalidInput) as refused:
        parse_rate(text)
    assert refused.value.problems["rate"][0].code == "not_an_exchange_rate"


@given(st.integers(-10**9, 10**9), st.integers(1, 50_000_000))
def test_vat_in_sek_is_vat_times_rate_rounded_once_to_the_ore(vat_minor, rate_micro):
    rate = ExchangeRate("EUR", date(2025, 10, 31), rate_micro)
    exact = Decimal(vat_minor) * Decimal(rate_micro) / Decimal(1_000_000)
    assert rate.to_sek_minor(vat_minor) == int(exact.quantize(Decimal(1), ROUND_HALF_UP))
    assert rate.to_sek_minor(-vat_minor) == -rate.to_sek_minor(vat_minor)


@pytest.mark.parametrize(("text", "country", "lines", "zone", "city"), [
    ("Drottninggatan 1\n111 51 Stockholm", "SE", ("Drottninggatan 1",), "111 51", "Stockholm"),
    ("Box 123\n  Ängsvägen 7\n\n412 58 Göteborg ", "SE", ("Box 123", "Ängsvägen 7"), "412 58", "Göteborg"),
    ("Hafenstraße 5\n20457 Hamburg", "DE", ("Hafenstraße 5",), "20457", "Hamburg"),
    ("Karl Johans gate 1\n0154 Oslo", "NO", ("Karl Johans gate 1",), "0154", "Oslo"),
    ("1 Main Street\nSpringfield, IL 62701", "US", ("1 Main Street", "Springfield, IL 62701"), None, None),
    (None, "SE", (), None, None),
])
def test_an_address_is_split_into_street_lines_postcode_and_city(text, country, lines, zone, city):
    address = address_from_text(text, country)
    assert (address.lines, address.postal_zone, address.city, address.country) == (lines, zone, city, country)


def test_each_vat_treatment_has_its_category_and_back():
    for code, category in ((VatCode.SWEDEN, "S"), (VatCode.REVERSE_CHARGE, "AE"), (VatCode.OUTSIDE_EU, "G")):
        assert vat_category_of(code) == category
        assert VatCategory(category).vat_code is code
    assert [VatCategory(c).exemption_code for c in "S AE G".split()] == [None, "VATEX-EU-AE", "VATEX-EU-G"]


@pytest.mark.parametrize("example", sorted(ALL_EXAMPLES))
def test_every_example_document_adds_up(example):
    invoice = ALL_EXAMPLES[example]()
    assert invoice.net_minor == sum(line.amount_minor for line in invoice.lines)
    assert invoice.vat_minor == vat_amount(invoice.taxable_minor, invoice.vat_rate_bp)  # none on lines outside VAT
    assert invoice.taxable_minor == sum(line.amount_minor for line in invoice.lines if not line.outside_vat)
    assert invoice.to_pay_minor == invoice.net_minor + invoice.vat_minor + invoice.rounding_minor


def _bad_line(invoice):
    first = invoice.lines[0]
    return (EInvoiceLine(first.position, first.description, first.price, first.amount_minor + 1), *invoice.lines[1:])


@pytest.mark.parametrize(("change", "rule"), [
    (lambda i: {"lines": _bad_line(i), "net_minor": i.net_minor + 1}, "R120"),
    (lambda i: {"net_minor": i.net_minor + 1}, "BR-CO-10"),
    (lambda i: {"vat_minor": i.vat_minor + 1, "total_minor": i.total_minor + 1, "to_pay_minor": i.to_pay_minor + 1},
     "BR-CO-17"),
    (lambda i: {"total_minor": i.total_minor + 1}, "BR-CO-15"),
    (lambda i: {"to_pay_minor": i.to_pay_minor + 1}, "BR-CO-16"),
    (lambda i: {"lines": ()}, "BR-16"),
    (lambda i: {"due_date": None}, "BR-CO-25"),
    (lambda i: {"payment_terms": " "}, "payment terms"),
    (lambda i: {"period_end": date(2025, 9, 30)}, "BR-29"),
    (lambda i: {"kind": DocumentKind.CREDIT_NOTE}, "BR-55"),
    (lambda i: {"vat_category": VatCategory.REVERSE_CHARGE}, "BR-AE-05"),
    (lambda i: {"exchange_rate": RATE}, "a SEK invoice has no exchange rate"),
])
def test_a_swedish_invoice_that_does_not_add_up_cannot_be_made(change, rule):
    invoice = swedish_invoice()
    with pytest.raises(ValueError, match=rule):
        without(invoice, **change(invoice))


@pytest.mark.parametrize(("change", "message"), [
    ({"exchange_rate": None}, "needs the rate and the VAT in SEK"),
    ({"vat_sek_minor": None}, "needs the rate and the VAT in SEK"),
    ({"vat_sek_minor": 1}, "not VAT × rate rounded once"),
    ({"exchange_rate": ExchangeRate("USD", date(2025, 10, 31), 10_000_000)}, "for USD, not EUR"),
])
def test_an_eur_invoice_with_swedish_vat_needs_its_rate_and_the_matching_sek_vat(change, message):
    with pytest.raises(ValueError, match=message):
        without(eur_invoice_with_swedish_vat(), **change)


def test_reverse_charge_and_export_need_their_exemption_reason_and_an_eur_invoice_an_iban():
    with pytest.raises(ValueError, match="exemption reason"):
        without(ALL_EXAMPLES["reverse_charge"](), vat_exemption_reason="")
    with pytest.raises(ValueError, match="VAT in SEK is stated only"):
        without(ALL_EXAMPLES["reverse_charge"](), vat_sek_minor=0)
    invoice = ALL_EXAMPLES["reverse_charge"]()
    with pytest.raises(ValueError, match="IBAN"):
        without(invoice, seller=without(invoice.seller, iban=""))


def test_a_credit_note_negates_the_invoice_exactly_and_names_it():
    original, note = swedish_invoice(), credit_note()
    assert note.is_credit_note and note.credited is not None and note.credited.number == original.document_number
    for field in ("net_minor", "vat_minor", "total_minor", "rounding_minor", "to_pay_minor"):
        assert getattr(note, field) == -getattr(original, field)


owed_lines = st.lists(
    st.tuples(st.integers(1, 6000), st.integers(0, 500_000)).map(lambda pair: minutes_at_hourly_rate(*pair)), max_size=3)
fixed_lines = st.lists(st.integers(0, 10**8).map(lambda price: single_item(price, UnitCode.MONTH)), max_size=3)


@given(owed_lines, fixed_lines, st.sampled_from(sorted(BUYERS)))
def test_any_mix_of_lines_adds_up_and_its_credit_note_is_its_exact_negation(owed, fixed, buyer):
    priced = [(f"Rad {index}", price) for index, price in enumerate([*fixed, *owed], start=1)]
    if not priced:
        priced = [("Månadsavgift", single_item(0, UnitCode.MONTH))]
    currency = "SEK" if buyer in ("SE", "NO") else "EUR"
    invoice = build(BUYERS[buyer], priced, currency=currency, rate=None if currency == "SEK" else RATE)
    assert all(line.amount_minor == line.price.amount_minor for line in invoice.lines)
    note = credit_note(invoice)
    assert note.to_pay_minor == -invoice.to_pay_minor and note.vat_sek_minor == (
        None if invoice.vat_sek_minor is None else -invoice.vat_sek_minor)
