"""Amounts and durations typed the way people write them, in Swedish and in English."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.errors import InvalidInput
from ledger.domain.input_formats import parse_amount_input, parse_duration_input


@pytest.mark.parametrize("typed, minor", [
    ("9500", 950000), ("9 500", 950000), ("9 500,00", 950000), ("9 500,00 kr", 950000), ("9500.00", 950000),
    ("9\u00a0500,00\u00a0kr", 950000), ("9\u202f500,50 kr", 950050), ("1 499,00 kr", 149900), ("SEK 9,500.00", 950000),
    ("1.234,50", 123450), ("1,234.50", 123450), ("9,5", 950), ("9.50", 950), ("1 000 000", 100000000),
    ("950:-", 95000), ("0,99", 99), ("12 kr", 1200),
])
def test_amounts_are_read_as_the_app_prints_them_and_as_people_type_them(typed, minor):
    assert parse_amount_input(typed, "SEK", "price").minor == minor


@pytest.mark.parametrize("typed", ["9,500", "9.500", "1,234"])
def test_a_lone_separator_before_three_digits_is_refused_as_ambiguous(typed):
    with pytest.raises(InvalidInput) as refused:
        parse_amount_input(typed, "SEK", "price")
    [problem] = refused.value.problems["price"]
    assert problem.code == "amount_ambiguous"
    assert problem.params["value"] == typed


@pytest.mark.parametrize("typed, code", [
    ("nio tusen", "amount_unreadable"), ("-950", "amount_negative"), ("−950", "amount_negative"),
    ("9,505", "amount_ambiguous"), ("9,5055", "amount_too_many_decimals"), ("950 €", "amount_wrong_currency"),
    ("95 00", "amount_unreadable"), ("1.234.5", "amount_unreadable"), ("١٠٠", "amount_unreadable"),
    ("²", "amount_unreadable"), ("", "required"), ("99999999999999", "amount_too_large"),
])
def test_unreadable_amounts_are_refused_with_a_code_naming_the_field(typed, code):
    with pytest.raises(InvalidInput) as refused:
        parse_amount_input(typed, "SEK", "price")
    assert [problem.code for problem in refused.value.problems["price"]] == [code]


def test_a_zero_price_can_be_refused():
    with pytest.raises(InvalidInput):
        parse_amount_input("0,00", "SEK", "price", allow_zero=False)


def test_euro_amounts_accept_the_euro_sign_and_code():
    assert parse_amount_input("€ 149.99", "EUR").minor == 14999
    assert parse_amount_input("149,99 EUR", "EUR").minor == 14999


@given(st.integers(min_value=0, max_value=10**11))
def test_every_amount_the_app_prints_in_swedish_reads_back_as_the_same_amount(minor):
    whole, fraction = divmod(minor, 100)
    grouped = f"{whole:,}".replace(",", "\u00a0")
    assert parse_amount_input(f"{grouped},{fraction:02d}\u00a0kr", "SEK").minor == minor
    assert parse_amount_input(f"SEK\u00a0{whole:,}.{fraction:02d}", "SEK").minor == minor


@pytest.mark.parametrize("typed, minutes", [
    ("90", 90), ("1:30", 90), ("1 h 30 min", 90), ("1 tim 30 min", 90), ("1,5 h", 90), ("1.5 h", 90),
    ("1h30", 90), ("1h30m", 90), ("2 tim", 120), ("2 timmar", 120), ("45 min", 45), ("45 minuter", 45),
    ("0:45", 45), ("1 timme", 60), ("1,25 h", 75), (" 1 h  30 min ", 90), ("10:00", 600),
])
def test_durations_are_read_in_minutes_hours_and_clock_form(typed, minutes):
    assert parse_duration_input(typed) == minutes


@pytest.mark.parametrize("typed, code", [
    ("1:75", "duration_minutes_past_hour"), ("1,33 h", "duration_not_whole_minutes"), ("en timme", "duration_unreadable"),
    ("0", "duration_out_of_range"), ("25 h", "duration_out_of_range"), ("1,5", "duration_unreadable"),
    ("", "required"), ("١٠", "duration_unreadable"),
])
def test_unreadable_durations_are_refused_with_a_code(typed, code):
    with pytest.raises(InvalidInput) as refused:
        parse_duration_input(typed, high=1440)
    assert [problem.code for problem in refused.value.problems["minutes"]] == [code]


@given(st.integers(min_value=1, max_value=1440))
def test_every_duration_written_as_hours_and_minutes_reads_back(minutes):
    hours, rest = divmod(minutes, 60)
    assert parse_duration_input(f"{hours}:{rest:02d}", high=1440) == minutes
    spoken = " ".join(part for part in (f"{hours} tim" if hours else "", f"{rest} min" if rest else "") if part)
    assert parse_duration_input(spoken, high=1440) == minutes
