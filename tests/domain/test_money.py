"""Money in minor units: parsing what people type, formatting what the API sends."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.errors import InvalidInput
from ledger.domain.money import MAX_AMOUNT_MINOR, Money, check_currency, format_minor, parse_amount


@pytest.mark.parametrize(
    ("text", "minor"),
    [("950", 95000), ("950.00", 95000), ("950,00", 95000), ("950.5", 95050), ("0,05", 5), (" 1499,00 ", 149900)],
)
def test_amounts_in_swedish_or_english_notation_parse_to_the_same_ore(text, minor):
    assert parse_amount(text, "SEK") == Money(minor, "SEK")


@pytest.mark.parametrize("text", ["", "abc", "-5.00", "1.234", "1,499.00", "1 499,00", "1e3", "NaN", "12.", ".50"])
def test_text_that_is_not_a_plain_amount_is_refused_naming_the_field(text):
    with pytest.raises(InvalidInput) as refused:
        parse_amount(text, "SEK", "price")
    assert list(refused.value.errors) == ["price"]


@pytest.mark.parametrize("value", [950, 9.5, None, True])
def test_an_amount_must_arrive_as_a_string(value):
    with pytest.raises(InvalidInput, match="decimal string"):
        parse_amount(value, "SEK", "price")


def test_an_absurdly_large_amount_is_refused():
    with pytest.raises(InvalidInput, match="too large"):
        parse_amount("9999999999999", "SEK", "price")


def test_zero_can_be_refused_where_a_price_must_be_positive():
    with pytest.raises(InvalidInput, match="greater than zero"):
        parse_amount("0.00", "SEK", "price", allow_zero=False)


def test_unknown_currency_lists_the_supported_ones():
    with pytest.raises(InvalidInput) as refused:
        check_currency("USD")
    assert refused.value.errors == {"currency": ["Unknown currency 'USD'; supported: EUR, SEK."]}
    assert check_currency("eur") == "EUR"


def test_money_of_different_currencies_does_not_mix():
    with pytest.raises(ValueError):
        Money(100, "SEK") + Money(100, "EUR")
    assert Money(150, "SEK") - Money(50, "SEK") == Money(100, "SEK")


@given(st.integers(min_value=0, max_value=MAX_AMOUNT_MINOR))
def test_formatting_and_parsing_round_trip_every_amount_exactly(minor):
    assert parse_amount(format_minor(minor), "EUR").minor == minor
    assert parse_amount(format_minor(minor).replace(".", ","), "SEK").minor == minor


def test_negative_amounts_format_with_a_sign():
    assert format_minor(-5) == "-0.05"
    assert str(Money(149900, "SEK")) == "1499.00 SEK"
