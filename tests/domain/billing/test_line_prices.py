"""Lines multiply out: quantity × unit price ÷ base quantity = amount, to the öre (docs/einvoice.md)."""
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.billing.invoicing import hours_amount
from ledger.domain.billing.line_prices import (
    LinePrice,
    PricePer,
    UnitCode,
    line_amount_minor,
    minutes_at_hourly_rate,
    multiplies_out,
    rounding_difference,
    single_item,
    stored_line_price,
)

minutes = st.integers(min_value=1, max_value=600_000)
hourly_rates = st.integers(min_value=0, max_value=10_000_000)


def test_fifty_minutes_at_1_137_33_an_hour_is_947_78():
    price = minutes_at_hourly_rate(50, 113733)
    assert price.amount_minor == 94778
    assert price.exact_amount_minor == Fraction(50 * 113733, 60)  # 947,775 kr before rounding
    assert (price.quantity, price.unit_code, price.unit_price_minor, price.base_quantity) == (50, "MIN", 113733, 60)
    assert price.price_per is PricePer.HOUR


@given(minutes, hourly_rates)
def test_minutes_at_an_hourly_rate_round_once_to_within_half_an_ore(owed_minutes, rate_minor):
    price = minutes_at_hourly_rate(owed_minutes, rate_minor)
    assert price.amount_minor == hours_amount(owed_minutes, rate_minor)  # what the invoice run books
    assert multiplies_out(price, price.amount_minor)
    assert rounding_difference(price, price.amount_minor) <= Fraction(1, 2)  # EN 16931 allows 2 öre


@given(minutes, hourly_rates)
def test_a_credited_line_is_the_exact_negation_of_the_invoiced_one(owed_minutes, rate_minor):
    invoiced = minutes_at_hourly_rate(owed_minutes, rate_minor)
    credited = invoiced.negated()
    assert credited.amount_minor == -invoiced.amount_minor
    assert credited.unit_price_minor == invoiced.unit_price_minor >= 0


@given(minutes, hourly_rates, st.integers(-2, 2))
def test_an_amount_off_by_an_ore_does_not_multiply_out(owed_minutes, rate_minor, off_minor):
    price = minutes_at_hourly_rate(owed_minutes, rate_minor)
    assert multiplies_out(price, price.amount_minor + off_minor) == (off_minor == 0)


def test_a_rounded_hour_count_would_not_multiply_out_which_is_why_minutes_are_invoiced():
    # 0,83 tim × 1 137,33 kr = 943,98 kr, not the 947,78 kr that 50 minutes cost
    assert line_amount_minor(83, 113733, 100) != minutes_at_hourly_rate(50, 113733).amount_minor


def test_a_monthly_fee_and_an_hour_package_are_one_unit_at_their_price():
    fee, package = single_item(149900, UnitCode.MONTH), single_item(950000)
    assert (fee.amount_minor, fee.unit_code, fee.price_per) == (149900, UnitCode.MONTH, PricePer.MONTH)
    assert (package.amount_minor, package.unit_code, package.price_per) == (950000, UnitCode.ONE, PricePer.ITEM)


@pytest.mark.parametrize(("stored", "quantity", "unit", "base"), [
    (("hours_owed", 50, 113733, 94778), 50, UnitCode.MINUTE, 60),
    (("hours_owed", -50, 113733, -94778), -50, UnitCode.MINUTE, 60),
    (("monthly_fee", None, 149900, 149900), 1, UnitCode.MONTH, 1),
    (("monthly_fee", None, 149900, -149900), -1, UnitCode.MONTH, 1),
    (("hour_package", None, 950000, 950000), 1, UnitCode.ONE, 1),
    (("hours_owed", None, 50000, -50000), -1, UnitCode.ONE, 1),  # a part amount credited of an hours line
])
def test_a_stored_line_is_read_as_the_price_it_multiplies_out_from(stored, quantity, unit, base):
    price = stored_line_price(*stored)
    assert (price.quantity, price.unit_code, price.base_quantity) == (quantity, unit, base)
    assert multiplies_out(price, stored[3])


@pytest.mark.parametrize(("fields", "error"), [
    ((1, "C62", -1, 1), ValueError),
    ((1, "C62", 100, 0), ValueError),
    ((1.5, "C62", 100, 1), TypeError),
    ((True, "C62", 100, 1), TypeError),
    ((1, "KGM", 100, 1), ValueError),
])
def test_a_price_refuses_negative_prices_zero_bases_non_integers_and_unknown_units(fields, error):
    with pytest.raises(error):
        LinePrice(*fields)
