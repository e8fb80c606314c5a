"""The arithmetic of hours reports: a task's value, totals that add up, and names in Swedish order."""
from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.work.hours_report import HoursTotals, swedish_sort_key, task_value_minor


def test_a_tasks_value_is_its_billed_minutes_at_the_hourly_rate_rounded_half_up_to_the_ore():
    assert task_value_minor(60, 95000) == 95000
    assert task_value_minor(50, 113733) == 94778  # 947,775 kr -> 947,78 kr (docs/einvoice.md's example)
    assert task_value_minor(1, 1) == 0 and task_value_minor(30, 1) == 1 and task_value_minor(0, 95000) == 0


@given(st.integers(0, 1440), st.integers(0, 10**9))
def test_the_value_is_the_exact_amount_rounded_half_up(billed, rate):
    exact = billed * rate / 60
    value = task_value_minor(billed, rate)
    assert value - 0.5 <= exact < value + 0.5 or abs(exact - value + 0.5) < 1e-6 * max(1, exact)


def test_merged_totals_add_every_figure_and_each_currency():
    first = HoursTotals(2, 90, 30, 60, 60, 0, {"SEK": 100})
    first.merge(HoursTotals(1, 15, 0, 0, 0, 15, {"EUR": 5}))
    first.merge(HoursTotals(1, 10, 0, 10, 15, 0, {"SEK": 1}))
    assert (first.tasks, first.logged_minutes, first.debited_minutes, first.billed_minutes, first.review_minutes,
            first.value_minor) == (4, 115, 70, 75, 15, {"SEK": 101, "EUR": 5})


def test_names_sort_as_swedish_lists_do():
    names = ["Östra AB", "Ägir AB", "Åby AB", "zeta AB", "Alfa AB", "beta AB"]
    assert sorted(names, key=swedish_sort_key) == ["Alfa AB", "beta AB", "zeta AB", "Åby AB", "Ägir AB", "Östra AB"]
