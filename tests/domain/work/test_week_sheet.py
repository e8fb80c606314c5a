"""Reading a week sheet: ISO weeks, times typed the Swedish way, and every bad cell named by row and day."""
from datetime import date

import pytest

from ledger.domain.errors import InvalidInput
from ledger.domain.work.week_sheet import SheetRow, Week, parse_week, read_sheet

WEEK = Week(2026, 45)


def row(number, customer_id=1, *cells, **facts):
    return SheetRow(number, customer_id, facts, tuple(cells) + ("",) * (7 - len(cells)))


def test_a_week_runs_monday_to_sunday_and_reads_as_iso():
    assert WEEK.days[0] == date(2026, 11, 2) and WEEK.days[-1] == date(2026, 11, 8)
    assert parse_week("2026-W45") == WEEK and str(WEEK) == "2026-W45"
    assert Week.of(date(2027, 1, 1)) == Week(2026, 53) and WEEK.next().previous() == WEEK
    for bad in ("2026-45", "2027-W53", "2026-W00", None, "1999-W10"):
        with pytest.raises(InvalidInput):
            parse_week(bad)


def test_each_filled_cell_is_one_task_on_its_day_with_the_time_as_typed():
    cells = read_sheet(WEEK, [row(1, 7, "1:30", "", "1,5 h", "45 min", "2 tim", "", "90", category="hosting"),
                              row(2, None)])
    assert [(cell.row, cell.weekday, cell.data["work_date"], cell.data["minutes"]) for cell in cells] == [
        (1, "mon", date(2026, 11, 2), 90), (1, "wed", date(2026, 11, 4), 90), (1, "thu", date(2026, 11, 5), 45),
        (1, "fri", date(2026, 11, 6), 120), (1, "sun", date(2026, 11, 8), 90)]
    assert cells[0].data["category"] == "hosting" and cells[0].data["customer_id"] == 7


def test_every_bad_cell_of_the_sheet_is_named_by_its_row_and_day():
    with pytest.raises(InvalidInput) as refused:
        read_sheet(WEEK, [row(1, 7, "1:30"), row(2, 7, "", "", "1:75", "fyra"), row(3, None, "30")])
    problems = refused.value.problems
    assert set(problems) == {"rows.2.wed", "rows.2.thu", "rows.3.customer_id"}
    assert problems["rows.2.wed"][0].code == "duration_minutes_past_hour"
    assert problems["rows.2.thu"][0].code == "duration_unreadable"


def test_a_day_holds_at_most_twenty_four_hours_across_the_sheet():
    with pytest.raises(InvalidInput) as refused:
        read_sheet(WEEK, [row(1, 7, "20:00"), row(2, 8, "5:00")])
    assert list(refused.value.problems) == ["rows.2.mon"]
    assert refused.value.problems["rows.2.mon"][0].code == "day_total_too_long"
