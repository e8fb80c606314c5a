"""The business calendar: Monday-Friday 09-17 Stockholm time, Swedish holidays closed, pauses stop the clock."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.domain.support.business_calendar import epoch_seconds
from tests.domain.support_plans import CALENDAR, STOCKHOLM, local

CLOSED = holidays.country_holidays("SE", years=range(2026, 2031), categories=("public", "de_facto"))


moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2030, 12, 20),
                       timezones=st.just(timezone.utc)).map(lambda moment: moment.replace(microsecond=0))
durations = st.integers(min_value=1, max_value=40 * 480)  # up to 40 business days


@st.composite
def pause_lists(draw: st.DrawFn, start: datetime) -> list[tuple[datetime, datetime]]:
    pauses = []
    for _ in range(draw(st.integers(0, 4))):
        begin = start + timedelta(minutes=draw(st.integers(-600, 60 * 24 * 30)))
        pauses.append((begin, begin + timedelta(minutes=draw(st.integers(0, 60 * 24 * 10)))))
    return pauses


def within_opening_hours(moment: datetime) -> bool:
    here = moment.astimezone(STOCKHOLM)
    return (here.weekday() < 5 and here.date() not in CLOSED
            and time(9) <= here.time().replace(tzinfo=None) <= time(17))


@settings(max_examples=300, deadline=None)
@given(start=moments, minutes=durations)
def test_adding_business_time_and_measuring_it_gives_back_the_minutes(start, minutes):
    due = CALENDAR.add_business_time(start, minutes)
    assert CALENDAR.business_minutes_between(start, due) == minutes


@settings(max_examples=300, deadline=None)
@given(start=moments, minutes=st.integers(min_value=0, max_value=40 * 480))
def test_a_due_time_never_lands_outside_opening_hours(start, minutes):
    assert within_opening_hours(CALENDAR.add_business_time(start, minutes))


@settings(max_examples=200, deadline=None)
@given(data=st.data(), start=moments, minutes=durations)
def test_pauses_only_ever_move_a_due_time_later(data, start, minutes):
    pauses = data.draw(pause_lists(start))
    more = pauses + data.draw(pause_lists(start))
    plain = CALENDAR.add_business_time(start, minutes)
    paused = CALENDAR.add_business_time(start, minutes, pauses)
    assert plain <= paused <= CALENDAR.add_business_time(start, minutes, more)
    assert within_opening_hours(paused)
    assert CALENDAR.business_minutes_between(start, paused, pauses) == minutes


@settings(max_examples=200, deadline=None)
@given(start=moments, minutes=durations)
def test_counting_back_from_a_moment_runs_exactly_that_many_business_minutes_to_it(start, minutes):
    earlier = CALENDAR.subtract_business_time(start, minutes)
    assert CALENDAR.business_minutes_between(earlier, start) == minutes


@pytest.mark.parametrize("friday, monday", [(date(2026, 3, 27), date(2026, 3, 30)),
                                            (date(2026, 10, 23), date(2026, 10, 26)),
                                            (date(2029, 3, 23), date(2029, 3, 26)),
                                            (date(2029, 10, 26), date(2029, 10, 29))])
def test_the_summer_time_weekends_keep_opening_at_nine_stockholm_time(friday, monday):
    start = datetime.combine(friday, time(16, 30), tzinfo=STOCKHOLM)
    due = CALENDAR.add_business_time(start, 90)
    assert due.astimezone(STOCKHOLM) == datetime.combine(monday, time(10, 0), tzinfo=STOCKHOLM)
    assert CALENDAR.business_minutes_between(start, datetime.combine(monday, time(12, 0), tzinfo=STOCKHOLM)) == 210


@settings(max_examples=150, deadline=None)
@given(offset=st.integers(min_value=-3 * 24 * 60, max_value=3 * 24 * 60), minutes=st.integers(1, 3 * 480),
       weekend=st.sampled_from([date(2026, 3, 29), date(2026, 10, 25), date(2030, 3, 31), date(2030, 10, 27)]))
def test_around_a_summer_time_change_adding_then_measuring_still_agrees(offset, minutes, weekend):
    start = datetime.combine(weekend, time(3, 0), tzinfo=STOCKHOLM) + timedelta(minutes=offset)
    due = CALENDAR.add_business_time(start, minutes)
    assert CALENDAR.business_minutes_between(start, due) == minutes and within_opening_hours(due)


def test_every_swedish_holiday_from_2026_to_2030_is_closed_midsommarafton_and_julafton_included():
    names = {day: name for day, name in CLOSED.items()}
    assert names[date(2026, 6, 19)] == "Midsummer Eve" and names[date(2029, 6, 22)] == "Midsummer Eve"
    assert names[date(2026, 12, 24)] == "Christmas Eve" and names[date(2030, 12, 31)] == "New Year's Eve"
    weekdays = [day for day in CLOSED if day.weekday() < 5]
    assert len(weekdays) >= 45
    for day in weekdays:
        midnight = datetime.combine(day, time(0), tzinfo=STOCKHOLM)
        assert not CALENDAR.is_open(midnight + timedelta(hours=12)), day
        assert CALENDAR.business_minutes_between(midnight, midnight + timedelta(days=1)) == 0, day


def test_an_ordinary_week_has_five_days_of_eight_business_hours():
    assert CALENDAR.business_minutes_between(local(2029, 9, 3, 0), local(2029, 9, 10, 0)) == 5 * 480
    assert CALENDAR.is_open(local(2029, 9, 3, 9, 0)) and not CALENDAR.is_open(local(2029, 9, 3, 17, 0))


def test_a_target_that_runs_out_at_closing_is_due_at_closing_not_the_next_morning():
    assert CALENDAR.add_business_time(local(2029, 9, 3, 9, 0), 480) == local(2029, 9, 3, 17, 0)


def test_starting_outside_opening_hours_counts_from_the_next_opening():
    assert CALENDAR.add_business_time(local(2029, 9, 1, 20, 0), 60) == local(2029, 9, 3, 10, 0)
    assert CALENDAR.add_business_time(local(2029, 12, 23, 20, 0), 0) == local(2029, 12, 27, 9, 0)


def test_a_pause_at_night_costs_no_business_time():
    pause = [(local(2029, 9, 3, 18, 0), local(2029, 9, 4, 8, 0))]
    assert CALENDAR.add_business_time(local(2029, 9, 3, 16, 0), 120, pause) == local(2029, 9, 4, 10, 0)


def test_business_time_needs_a_moment_with_its_time_zone():
    with pytest.raises(ValueError, match="aware"):
        CALENDAR.add_business_time(datetime(2029, 9, 3, 10, 0), 60)


def test_a_long_target_is_counted_across_many_years_without_stopping():
    start = local(2026, 1, 5, 9, 0)
    due = CALENDAR.add_business_time(start, 480 * 250 * 12)
    assert CALENDAR.business_minutes_between(start, due) == 480 * 250 * 12


@given(end=moments, starts=st.lists(st.integers(min_value=-30 * 24 * 3600, max_value=24 * 3600), max_size=6))
def test_seconds_until_one_end_agree_with_business_seconds_between_each_start_and_it(end, starts):
    end_seconds = epoch_seconds(end)
    since = CALENDAR.seconds_until(end_seconds)
    for offset in [*starts, -20 * 366 * 24 * 3600]:  # the last one reaches before the calendar's table
        start = end_seconds + offset
        assert since(start) == CALENDAR.business_seconds_between(start, end_seconds, [])
