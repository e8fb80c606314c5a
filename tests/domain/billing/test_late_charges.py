"""Late-payment interest (räntelagen 6 §, 9 §): the reference rate of each half-year plus the points, on what is
outstanding each day after the due date, summed exactly and rounded once to the öre."""
from datetime import date
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.domain.billing.late_charges import (
    ReferenceRate, format_rate_percent, half_year_start, late_interest, reference_rate_on, settled_on,
)

DUE = date(2026, 12, 2)
RATES = [ReferenceRate(date(2026, 7, 1), 200), ReferenceRate(date(2027, 1, 1), 225)]


def test_a_45_day_late_invoice_owes_amount_times_rate_plus_8_points_times_days_over_365_to_the_ore():
    interest = late_interest(to_pay_minor=603_000, due_on=date(2026, 10, 2), movements=[(date(2026, 11, 16), 603_000)],
                             rates=RATES, points_bp=800)
    assert (interest.days, interest.settled_on) == (45, date(2026, 11, 16))
    assert interest.amount_minor == round(Fraction(603_000 * 1000 * 45, 10_000 * 365)) == 7434


def test_each_half_year_has_the_reference_rate_of_its_first_day_and_what_was_paid_stops_its_interest():
    assert half_year_start(date(2026, 12, 31)) == date(2026, 7, 1)
    assert half_year_start(date(2027, 6, 30)) == date(2027, 1, 1)
    assert reference_rate_on(RATES, date(2026, 12, 31)) == 200 and reference_rate_on(RATES, date(2027, 1, 1)) == 225
    assert reference_rate_on(RATES, date(2026, 6, 30)) is None
    half_then_rest = late_interest(to_pay_minor=100_000, due_on=DUE,
                                   movements=[(date(2026, 12, 12), 50_000), (date(2027, 1, 11), 50_000)],
                                   rates=RATES, points_bp=800)
    # 10 days on 1 000 kr at 10 %, 19 days on 500 kr at 10 %, 11 days on 500 kr at 10,25 %
    exact = Fraction(100_000 * 1000 * 10 + 50_000 * 1000 * 19 + 50_000 * 1025 * 11, 10_000 * 365)
    assert (half_then_rest.days, half_then_rest.amount_minor) == (40, round(exact))


def test_no_interest_while_unpaid_when_paid_on_time_or_without_a_rate_on_file():
    assert late_interest(to_pay_minor=100_000, due_on=DUE, movements=[(date(2026, 12, 20), 60_000)], rates=RATES,
                         points_bp=800) is None
    assert late_interest(to_pay_minor=100_000, due_on=DUE, movements=[(DUE, 100_000)], rates=RATES,
                         points_bp=800) is None
    try:
        late_interest(to_pay_minor=100_000, due_on=date(2026, 6, 1), movements=[(date(2026, 6, 20), 100_000)],
                      rates=RATES, points_bp=800)
    except ValueError as error:
        assert "2026-06-02" in str(error)
    else:
        raise AssertionError("a late day without a reference rate must not be guessed")
    assert format_rate_percent(225) == "2.25" and format_rate_percent(-50) == "-0.50"


@settings(max_examples=60)
@given(st.lists(st.tuples(st.integers(0, 120), st.integers(-20_000, 80_000)), max_size=6))
def test_interest_is_never_negative_and_only_for_an_invoice_settled_after_its_due_date(moves):
    movements = [(date.fromordinal(DUE.toordinal() - 10 + offset), amount) for offset, amount in moves]
    interest = late_interest(to_pay_minor=100_000, due_on=DUE, movements=movements, rates=RATES, points_bp=800)
    settled = settled_on(100_000, movements)
    if settled is None or settled <= DUE:
        assert interest is None
    else:
        assert interest.amount_minor >= 0 and interest.days == (settled - DUE).days
