"""Billed minutes: rounded up to the customer's increment, never down."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.formatting import describe_minutes
from ledger.domain.minutes import hours_and_minutes, round_up_minutes


@pytest.mark.parametrize(("minutes", "billed"), [(1, 15), (15, 15), (16, 30), (0, 0), (44, 45)])
def test_an_increment_of_15_rounds_up_to_the_next_quarter(minutes, billed):
    assert round_up_minutes(minutes, 15) == billed


@given(st.integers(0, 100_000))
def test_an_increment_of_one_keeps_exact_time(minutes):
    assert round_up_minutes(minutes, 1) == minutes


@given(st.integers(0, 100_000), st.integers(1, 240))
def test_rounding_never_bills_less_and_never_a_whole_increment_more(minutes, increment):
    billed = round_up_minutes(minutes, increment)
    assert billed % increment == 0
    assert minutes <= billed < minutes + increment


def test_rounding_refuses_nonsense():
    with pytest.raises(ValueError):
        round_up_minutes(10, 0)
    with pytest.raises(ValueError):
        round_up_minutes(-1, 15)


def test_minutes_are_described_in_hours_and_minutes():
    assert hours_and_minutes(90) == (1, 30)
    assert hours_and_minutes(-90) == (-1, -30)
    assert [describe_minutes(m) for m in (45, 120, 90, -90)] == ["45 min", "2 h", "1 h 30 min", "-1 h 30 min"]
