"""Every invoice line multiplies out to the öre: hours owed as minutes at the hourly rate, over random terms."""
from __future__ import annotations

from fractions import Fraction

from flask_babel import force_locale
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.documents.invoice import line_rows
from ledger.domain.billing.invoicing import vat_amount
from ledger.domain.billing.line_prices import stored_line_price
from ledger.domain.periods import parse_period
from ledger.models import Customer, Invoice, InvoiceLine
from ledger.services.billing.runs import apply_totals, owed_line

OCTOBER = parse_period("2025-10")


def test_fifty_minutes_at_1137_33_an_hour_reads_as_it_multiplies_out(app):
    line = owed_line(Customer(hourly_rate_minor=113733), 50, OCTOBER)
    line.position = 1
    invoice = Invoice(currency="SEK", lines=[line])
    with force_locale("sv"):
        [row] = line_rows(invoice, "sv")
    assert (row.quantity, row.unit_price, row.amount) == ("50\xa0min", "1\xa0137,33\xa0kr/tim", "947,78\xa0kr")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(minutes=st.integers(1, 100_000), rate_minor=st.integers(0, 10_000_000))
def test_hours_owed_are_minutes_at_the_rate_rounded_once(app, minutes, rate_minor):
    line = owed_line(Customer(hourly_rate_minor=rate_minor), minutes, OCTOBER)
    price = stored_line_price(line.kind, line.quantity_minutes, line.unit_price_minor, line.amount_minor)
    assert price.amount_minor == line.amount_minor
    assert abs(line.amount_minor - Fraction(minutes * rate_minor, 60)) <= Fraction(1, 2)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(minutes=st.integers(1, 50_000), rate_minor=st.integers(0, 5_000_000), fee_minor=st.integers(0, 10_000_000),
       country=st.sampled_from(["SE", "FI", "NO"]))
def test_totals_are_the_sum_of_lines_and_vat_is_rate_times_net_rounded_once(app, minutes, rate_minor, fee_minor,
                                                                            country):
    customer = Customer(hourly_rate_minor=rate_minor)
    invoice = Invoice(currency="SEK", buyer_country=country, buyer_vat_number=None)
    fee = InvoiceLine(kind="monthly_fee", description_sv="Månadsavgift", description_en="Monthly fee",
                      unit_price_minor=fee_minor, amount_minor=fee_minor)
    lines = [fee, owed_line(customer, minutes, OCTOBER)]
    apply_totals(invoice, lines)
    for line in lines:
        price = stored_line_price(line.kind, line.quantity_minutes, line.unit_price_minor, line.amount_minor)
        assert price.amount_minor == line.amount_minor
    assert invoice.net_minor == sum(line.amount_minor for line in lines)
    assert invoice.vat_minor == vat_amount(invoice.net_minor, invoice.vat_rate_bp)
    assert invoice.to_pay_minor == invoice.total_minor + invoice.rounding_minor
