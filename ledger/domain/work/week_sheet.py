"""A week sheet: rows of work (customer, kind of work, description) with the time typed for each day.

Each filled cell is one task on that day. Times are read the way people type them ("90", "1:30", "1,5 h",
ledger.domain.input_formats). A problem is named by its row (counted from 1, as the page shows them) and field,
`rows.3.wed` or `rows.3.category`, so that a whole sheet is refused at once with every bad cell named.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ledger.domain.errors import FieldErrors, InvalidInput
from ledger.domain.input_formats import parse_duration_input
from ledger.domain.minutes import MAX_TASK_MINUTES
from ledger.domain.problems import N_, Problem, define_messages

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: The facts a row may carry besides its customer and times (the same for every day of the row).
ROW_FACTS = ("category", "description", "root_cause", "partner_new_major_version", "agreement_reference", "case_id")
MAX_ROWS = 60
_WEEK = re.compile(r"^([0-9]{4})-W([0-9]{2})$")

MESSAGES = define_messages({
    "not_a_week": N_("%(value)s is not a week; write it as YYYY-Www, for example 2026-W45."),
    "too_many_rows": N_("A week sheet holds at most %(max_rows)s rows."),
    "row_without_customer": N_("Choose the customer this row's time is for."),
    "day_total_too_long": N_("%(day)s adds up to %(total_minutes)s on this sheet; a day holds at most %(high_minutes)s."),
})


@dataclass(frozen=True, order=True)
class Week:
    """An ISO week, Monday to Sunday."""

    year: int
    number: int

    @classmethod
    def of(cls, day: date) -> "Week":
        """The week a day belongs to."""
        year, number, _ = day.isocalendar()
        return cls(year, number)

    @property
    def monday(self) -> date:
        """The week's first day."""
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def days(self) -> tuple[date, ...]:
        """Monday to Sunday."""
        return tuple(self.monday + timedelta(days=offset) for offset in range(7))

    def previous(self) -> "Week":
        """The week before."""
        return Week.of(self.monday - timedelta(days=7))

    def next(self) -> "Week":
        """The week after."""
        return Week.of(self.monday + timedelta(days=7))

    def __str__(self) -> str:
        return f"{self.year:04d}-W{self.number:02d}"


def parse_week(text: object, field_name: str = "week") -> Week:
    """Read "2026-W45"; raise InvalidInput naming the field otherwise."""
    match = _WEEK.fullmatch(text) if isinstance(text, str) else None
    if match is not None and 2000 <= int(match[1]) <= 2999:
        try:
            return Week.of(date.fromisocalendar(int(match[1]), int(match[2]), 1))
        except ValueError:
            pass  # week 53 of a year with 52
    raise InvalidInput.single(field_name, "not_a_week", value=repr(text)[:50])


@dataclass(frozen=True)
class SheetRow:
    """One row as typed: the customer, the facts of its work, and the text in each day's cell (Monday first)."""

    number: int
    customer_id: int | None
    facts: dict[str, Any] = field(default_factory=dict)
    cells: tuple[str, ...] = ("",) * 7

    @property
    def blank(self) -> bool:
        """Nothing typed in any day: the row logs nothing (whatever else was chosen)."""
        return not any(cell.strip() for cell in self.cells)


@dataclass(frozen=True)
class SheetCell:
    """A filled cell read: the task it asks for, named by row and day."""

    row: int
    weekday: str
    data: dict[str, Any]


def cell_field(row: int, name: str) -> str:
    """How a problem names a row's field or day: rows.3.wed, rows.3.category."""
    return f"rows.{row}.{name}"


def read_sheet(week: Week, rows: Sequence[SheetRow]) -> list[SheetCell]:
    """Every filled cell as the task it asks for, in row and day order.

    :raise InvalidInput: naming each row and day whose time cannot be read, a row without a customer, and the
        cell where a day's times add up to more than 24 hours.
    """
    errors = FieldErrors()
    if len(rows) > MAX_ROWS:
        errors.add("rows", "too_many_rows", max_rows=MAX_ROWS)
        errors.raise_if_any()
    cells: list[SheetCell] = []
    per_day = [0] * 7
    for row in rows:
        if row.blank:
            continue
        if row.customer_id is None:
            errors.add(cell_field(row.number, "customer_id"), "row_without_customer")
        for index, (weekday, text) in enumerate(zip(WEEKDAYS, row.cells, strict=True)):
            if not text.strip():
                continue
            try:
                minutes = parse_duration_input(text, cell_field(row.number, weekday), high=MAX_TASK_MINUTES)
            except InvalidInput as error:
                errors.merge(error)
                continue
            per_day[index] += minutes
            if per_day[index] > MAX_TASK_MINUTES:  # one person's sheet: no day has more than 24 hours
                errors.add(cell_field(row.number, weekday), "day_total_too_long", day=week.days[index],
                           total_minutes=per_day[index], high_minutes=MAX_TASK_MINUTES)
            cells.append(SheetCell(row.number, weekday, {
                **row.facts, "customer_id": row.customer_id, "minutes": minutes, "work_date": week.days[index]}))
    errors.raise_if_any()
    return cells


def problems_of_cell(cell: SheetCell, error: InvalidInput) -> dict[str, list[Problem]]:
    """A task's problems renamed to the row and field they came from (the day for its time and date)."""
    renamed: dict[str, list[Problem]] = {}
    for name, problems in error.problems.items():
        target = cell.weekday if name in ("minutes", "work_date") else name
        renamed.setdefault(cell_field(cell.row, target), []).extend(problems)
    return renamed
