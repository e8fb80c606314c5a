"""The balance chart's geometry: points, steps, ticks and the zero line, computed without an app."""
from __future__ import annotations

from datetime import date, timedelta

from ledger.web.charts import balance_changes, balance_chart


def days(start: date, balances: list[int]) -> list[tuple[date, int]]:
    return [(start + timedelta(days=i), minutes) for i, minutes in enumerate(balances)]


def test_an_empty_history_draws_nothing_but_still_has_an_axis_through_zero():
    chart = balance_chart([])
    assert chart.empty and chart.points == () and chart.path == "" and chart.date_ticks == ()
    assert chart.zero_y == chart.bottom and [t.minutes for t in chart.hour_ticks][0] == 0


def test_a_single_day_is_one_point_in_the_middle_with_its_date():
    chart = balance_chart([(date(2026, 3, 5), 90)])
    [point] = chart.points
    assert point.x == (chart.left + chart.right) / 2 and point.minutes == 90
    assert chart.path == f"M{point.x},{point.y}"
    assert [tick.label for tick in chart.date_ticks] == ["2026-03-05"]
    assert chart.top <= point.y < chart.zero_y == chart.bottom


def test_all_positive_balances_sit_above_a_zero_line_at_the_bottom():
    chart = balance_chart(days(date(2026, 3, 1), [600, 540, 540, 300]))
    assert chart.zero_y == chart.bottom
    assert all(point.y < chart.zero_y for point in chart.points)
    assert min(t.minutes for t in chart.hour_ticks) == 0 and max(t.minutes for t in chart.hour_ticks) >= 600


def test_all_negative_balances_hang_below_a_zero_line_at_the_top():
    chart = balance_chart(days(date(2026, 3, 1), [-30, -90, -200]))
    assert chart.zero_y == chart.top
    assert all(point.y > chart.zero_y for point in chart.points)
    assert max(t.minutes for t in chart.hour_ticks) == 0 and min(t.minutes for t in chart.hour_ticks) <= -200
    assert chart.lowest_minutes == -200 and chart.highest_minutes == -30


def test_a_balance_crossing_zero_puts_the_zero_line_between_its_highs_and_lows():
    chart = balance_chart(days(date(2026, 3, 1), [120, -60]))
    high, low = chart.points
    assert high.y < chart.zero_y < low.y
    assert chart.top <= high.y and low.y <= chart.bottom


def test_the_line_steps_only_where_the_balance_changed():
    history = days(date(2026, 3, 1), [600, 600, 480, 480, 480, 420])
    assert balance_changes(history) == [(date(2026, 3, 1), 600), (date(2026, 3, 3), 480), (date(2026, 3, 6), 420)]
    chart = balance_chart(history)
    first, second, third = chart.points
    assert chart.path == f"M{first.x},{first.y} H{second.x} V{second.y} H{third.x} V{third.y}"
    assert first.x == chart.left and third.x == chart.right


def test_an_unchanged_last_day_is_kept_so_the_line_reaches_today():
    history = days(date(2026, 3, 1), [600, 480, 480, 480])
    assert balance_changes(history)[-1] == (date(2026, 3, 4), 480)
    assert balance_chart(history).last.x == balance_chart(history).right


def test_a_year_is_labelled_with_at_most_six_months_in_order():
    chart = balance_chart(days(date(2025, 3, 6), [600 - i for i in range(365)]))
    labels = [tick.label for tick in chart.date_ticks]
    assert 3 <= len(labels) <= 6 and labels == sorted(labels) and all(len(label) == 7 for label in labels)
    assert all(chart.left <= tick.x <= chart.right for tick in chart.date_ticks)


def test_a_few_weeks_are_labelled_with_days():
    chart = balance_chart(days(date(2026, 3, 1), [60] * 21))
    labels = [tick.label for tick in chart.date_ticks]
    assert labels[0] == "2026-03-01" and labels[-1] == "2026-03-21" and len(labels) <= 5


def test_hour_gridlines_fall_on_round_values():
    small = balance_chart(days(date(2026, 3, 1), [50, 20]))
    assert [t.minutes for t in small.hour_ticks] == [0, 15, 30, 45, 60]
    large = balance_chart(days(date(2026, 3, 1), [3000, -700]))
    steps = {b.minutes - a.minutes for a, b in zip(large.hour_ticks, large.hour_ticks[1:])}
    assert steps == {1200} and large.hour_ticks[0].minutes <= -700 and large.hour_ticks[-1].minutes >= 3000
