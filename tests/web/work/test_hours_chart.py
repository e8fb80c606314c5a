"""The hours chart's arithmetic: bars in proportion, ticks that cover the largest, the rest in one bar."""
from ledger.web.work.hours_chart import MAX_BARS, WIDTH, hours_chart, phone_hours_chart, tick_step


def test_bars_are_in_proportion_and_the_axis_covers_the_largest_group():
    chart = hours_chart([("Fjällbacka AB", 60, 120, 0), ("Grebbestad AB", 0, 30, 15), ("Tom AB", 0, 0, 0)], "Övriga")
    assert (chart.width, len(chart.bars)) == (WIDTH, 2), "a group with no minutes draws no bar"
    first, second = chart.bars
    assert [part.kind for part in first.segments] == ["included", "debited"] and first.minutes == 180
    assert abs(first.segments[1].width - 2 * first.segments[0].width) < 0.2
    assert first.end_x <= chart.right and chart.ticks[-1][1] >= 180 and chart.ticks[0] == (chart.left, 0)
    assert second.y > first.y and chart.axis_y > second.y


def test_more_groups_than_fit_are_drawn_as_the_largest_and_one_bar_for_the_rest():
    groups = [(f"Kund {index}", index, 0, 0) for index in range(1, 21)]
    chart = hours_chart(groups, "Övriga")
    assert len(chart.bars) == MAX_BARS and chart.bars[-1].label == "Övriga"
    assert sum(bar.minutes for bar in chart.bars) == sum(range(1, 21))


def test_the_phone_chart_is_narrow_with_short_labels():
    chart = phone_hours_chart([("Ett mycket långt kundnamn AB", 30, 30, 0)], "Övriga")
    assert chart.width == 340 and chart.bars[0].label.endswith("…") and len(chart.bars[0].label) <= 14
    assert chart.bars[0].end_x <= chart.right


def test_gridlines_step_in_quarters_hours_and_round_numbers_of_hours():
    assert [tick_step(minutes) for minutes in (50, 100, 200, 500, 1500, 6000)] == [15, 30, 60, 300, 600, 3000]
