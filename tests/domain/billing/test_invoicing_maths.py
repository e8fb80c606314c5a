"""Invoice arithmetic: VAT decisions, öre rounding, öresavrundning, OCR references, the seller's numbers."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.billing.invoicing import (
    divide_half_up,
    hours_amount,
    invoice_totals,
    is_valid_ocr,
    ocr_reference,
    vat_amount,
)
from ledger.domain.billing.seller import check_seller
from ledger.domain.billing.vat import VatCode, decide_vat
from ledger.domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("country", "vat_number", "code", "rate_bp"),
    [
        ("SE", None, VatCode.SWEDEN, 2500),
        ("SE", "SE556677889901", VatCode.SWEDEN, 2500),
        ("DE", "DE136695976", VatCode.REVERSE_CHARGE, 0),
        ("DE", None, VatCode.SWEDEN, 2500),
        ("NO", None, VatCode.OUTSIDE_EU, 0),
        ("US", "12-3456789", VatCode.OUTSIDE_EU, 0),
    ],
)
def test_vat_follows_where_the_buyer_is_and_whether_it_is_vat_registered(country, vat_number, code, rate_bp):
    decision = decide_vat(country, vat_number)
    assert (decision.code, decision.rate_bp) == (code, rate_bp)


def test_reverse_charge_and_outside_eu_carry_their_legal_text():
    assert (decide_vat("FI", "FI20774740").text_sv, decide_vat("FI", "FI20774740").text_en) == (
        "Omvänd betalningsskyldighet", "Reverse charge")
    outside = decide_vat("NO", None)
    assert "utanför EU" in outside.text_sv and "outside the EU" in outside.text_en
    assert decide_vat("SE", None).text_sv == ""


@pytest.mark.parametrize(("minutes", "rate", "amount"), [(90, 95000, 142500), (1, 95000, 1583), (7, 89500, 10442)])
def test_hours_are_priced_to_the_ore(minutes, rate, amount):
    assert hours_amount(minutes, rate) == amount


def test_vat_is_rounded_half_up_to_the_ore_on_the_net():
    assert vat_amount(2, 2500) == 1  # 0.5 öre rounds up
    assert vat_amount(149900, 2500) == 37475
    assert vat_amount(-2, 2500) == -1


def test_the_amount_to_pay_is_rounded_to_whole_kronor_on_its_own_line():
    totals = invoice_totals([149900, 142500, 1], 2500, round_to_whole_units=True)
    assert (totals.net_minor, totals.vat_minor, totals.total_minor) == (292401, 73100, 365501)
    assert (totals.rounding_minor, totals.to_pay_minor) == (-1, 365500)
    assert invoice_totals([14900], 0, round_to_whole_units=False).rounding_minor == 0


@given(st.lists(st.integers(-10**9, 10**9), max_size=8), st.sampled_from([0, 600, 1200, 2500]), st.booleans())
def test_totals_add_up_and_a_credit_is_the_exact_negation(amounts, rate_bp, whole):
    totals = invoice_totals(amounts, rate_bp, round_to_whole_units=whole)
    assert totals.total_minor == totals.net_minor + totals.vat_minor
    assert totals.to_pay_minor == totals.total_minor + totals.rounding_minor
    if whole:
        assert totals.to_pay_minor % 100 == 0 and abs(totals.rounding_minor) <= 50
    credit = invoice_totals([-amount for amount in amounts], rate_bp, round_to_whole_units=whole)
    assert (credit.net_minor, credit.vat_minor, credit.to_pay_minor) == (
        -totals.net_minor, -totals.vat_minor, -totals.to_pay_minor)


@given(st.integers(-10**12, 10**12), st.integers(1, 10**6))
def test_half_up_division_is_within_half_a_unit_and_symmetric(numerator, denominator):
    result = divide_half_up(numerator, denominator)
    assert abs(result * denominator - numerator) * 2 <= denominator
    assert divide_half_up(-numerator, denominator) == -result


def test_an_ocr_reference_is_the_number_a_length_digit_and_a_luhn_digit():
    assert ocr_reference(1001) == "100164"
    assert ocr_reference(7) == "737"


@given(st.integers(1, 10**12))
def test_every_ocr_reference_passes_its_checks_and_any_single_digit_error_fails(number):
    reference = ocr_reference(number)
    assert is_valid_ocr(reference) and reference.startswith(str(number))
    for index in range(len(reference)):
        wrong = str((int(reference[index]) + 1) % 10)
        assert not is_valid_ocr(reference[:index] + wrong + reference[index + 1:])


SELLER = {"name": "AB", "address": "Gata 1", "org_number": "5598765435", "vat_number": "SE559876543501",
          "bankgiro": "505-0125", "iban": "SE4550000000058398257466", "bic": "ESSESESS", "f_skatt": True,
          "email": "a@b.se", "phone": "", "payment_terms_days": 30, "late_interest_sv": "x", "late_interest_en": "x"}


def test_seller_numbers_are_normalised():
    seller = check_seller(SELLER)
    assert (seller.org_number, seller.iban) == ("559876-5435", "SE45 5000 0000 0583 9825 7466")


@pytest.mark.parametrize("field, value", [("bankgiro", "505-0126"), ("iban", "SE4550000000058398257467"),
                                          ("bic", "NOTABIC!"), ("org_number", "5598765436"),
                                          ("vat_number", "SE559876543502"), ("payment_terms_days", 365)])
def test_a_wrong_seller_number_is_refused_by_name(field, value):
    with pytest.raises(InvalidInput) as refused:
        check_seller({**SELLER, field: value})
    assert list(refused.value.errors) == [field]
