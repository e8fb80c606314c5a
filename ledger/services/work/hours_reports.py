"""Hours reports: minutes logged, included, debited and billed, and their value, per customer, person or kind of
work for a month (every customer's work), and a staff member's own week and month ("My hours").

The sums are taken by the database, a task's value with the same integer rounding as
`ledger.domain.work.hours_report.task_value_minor`, so that a report of 100,000 tasks reads a few rows.
The XLSX download also lists every task; `HoursReport.lines` streams them.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import case, cast, func, select

from ledger.domain.errors import InvalidInput
from ledger.domain.periods import Period, local_date, period_of
from ledger.domain.work.hours_report import GROUPINGS, HoursTotals, swedish_sort_key
from ledger.domain.work.week_sheet import Week
from ledger.extensions import db
from ledger.models import Customer, Task, User
from ledger.models.types import MinorUnits
from ledger.services.access import READ_ALL_ROLES, STAFF_ROLES, Actor, require_role
from ledger.services.clock import utcnow
from ledger.services.work.rules import active_catalogue


@dataclass(frozen=True)
class HoursRow:
    """One group of a report: its key (customer id, user id or category), its name, and its totals."""

    key: int | str | None
    name: str | None
    totals: HoursTotals


@dataclass(frozen=True)
class TaskLine:
    """One task as the XLSX's task sheet lists it."""

    task_id: int
    work_date: date
    customer: str
    staff: str | None
    category: str
    description: str
    outcome: str
    minutes: int
    billed_minutes: int
    value_minor: int
    currency: str


@dataclass(frozen=True)
class HoursReport:
    """A report of the work done from `first` to `last` (work dates), grouped by `group_by`."""

    label: str
    first: date
    last: date
    group_by: str
    rows: list[HoursRow]
    total: HoursTotals
    lines: Callable[[], Iterator[TaskLine]] = field(repr=False, compare=False)

    @property
    def currencies(self) -> list[str]:
        """The currencies the report's values are in, SEK first (always there, for kronor columns)."""
        return ["SEK", *sorted(set(self.total.value_minor) - {"SEK"})]


def _value_of_debited() -> Any:
    """A task's value in minor units: billed minutes at the hourly rate, rounded half up (integer arithmetic)."""
    return case((Task.outcome == "debited",
                 (2 * Task.billed_minutes * Customer.hourly_rate_minor + 60) // 120), else_=0)


def _minutes_when(outcome: str, column: Any) -> Any:
    return cast(func.coalesce(func.sum(case((Task.outcome == outcome, column), else_=0)), 0), MinorUnits)


def _counted(first: date, last: date, created_by: int | None) -> list[Any]:
    conditions = [Task.work_date >= first, Task.work_date <= last, Task.status != "voided"]
    if created_by is not None:
        conditions.append(Task.created_by == created_by)
    return conditions


def _names(group_by: str, keys: set[Any]) -> dict[Any, str]:
    if group_by == "category":
        return {}
    model = Customer if group_by == "customer" else User
    label = Customer.name if group_by == "customer" else User.display_name
    ids = [key for key in keys if key is not None]
    if not ids:
        return {}
    return dict(db.session.execute(select(model.id, label).where(model.id.in_(ids))).all())


def _ordered(group_by: str, rows: list[HoursRow]) -> list[HoursRow]:
    if group_by == "category":
        order = {key: index for index, key in enumerate(active_catalogue().categories)}
        return sorted(rows, key=lambda row: (order.get(row.key, len(order)), str(row.key)))
    return sorted(rows, key=lambda row: (row.name is None, swedish_sort_key(row.name or ""), str(row.key)))


def _lines(first: date, last: date, created_by: int | None) -> Iterator[TaskLine]:
    query = (
        select(Task.id, Task.work_date, Customer.name, User.display_name, Task.category, Task.description,
               Task.outcome, Task.minutes, Task.billed_minutes, _value_of_debited(), Customer.currency)
        .join(Customer, Customer.id == Task.customer_id)
        .outerjoin(User, User.id == Task.created_by)
        .where(*_counted(first, last, created_by))
        .order_by(Task.work_date, Task.id)
        .execution_options(yield_per=2000)
    )
    for row in db.session.execute(query):
        yield TaskLine(*row)


def hours_between(first: date, last: date, group_by: str, *, label: str, created_by: int | None = None) -> HoursReport:
    """The work dated from `first` to `last` (of one person when `created_by` is given), grouped."""
    key = {"customer": Task.customer_id, "staff": Task.created_by, "category": Task.category}[group_by]
    query = (
        select(key, Customer.currency, func.count(Task.id), _minutes_when("included", Task.minutes),
               _minutes_when("debited", Task.minutes), _minutes_when("debited", Task.billed_minutes),
               _minutes_when("needs_review", Task.minutes),
               cast(func.coalesce(func.sum(_value_of_debited()), 0), MinorUnits))
        .join(Customer, Customer.id == Task.customer_id)
        .where(*_counted(first, last, created_by))
        .group_by(key, Customer.currency)
    )
    groups: dict[Any, HoursTotals] = {}
    for group, currency, tasks, included, debited, billed, review, value in db.session.execute(query):
        part = HoursTotals(tasks, included + debited + review, included, debited, billed, review,
                           {currency: value} if debited else {})
        groups.setdefault(group, HoursTotals()).merge(part)
    names = _names(group_by, set(groups))
    total = HoursTotals()
    for totals in groups.values():
        total.merge(totals)
    rows = _ordered(group_by, [HoursRow(group, names.get(group), totals) for group, totals in groups.items()])
    return HoursReport(label, first, last, group_by, rows, total, lambda: _lines(first, last, created_by))


def check_grouping(group_by: object) -> str:
    """`customer`, `staff` or `category`; refused otherwise, naming the field."""
    if group_by not in GROUPINGS:
        raise InvalidInput.single("group_by", "one_of", choices=GROUPINGS)
    return group_by  # type: ignore[return-value]


def hours_report(period: Period, group_by: str, *, actor: Actor) -> HoursReport:
    """A month of every customer's work, grouped by customer, person or kind of work (staff, finance, admin)."""
    require_role(actor, *READ_ALL_ROLES)
    return hours_between(period.first_day, period.last_day, check_grouping(group_by), label=str(period))


@dataclass(frozen=True)
class MyHours:
    """A staff member's own work of a week and of a month, per customer."""

    week: Week
    period: Period
    week_report: HoursReport
    month_report: HoursReport


def my_hours(*, actor: Actor, week: Week | None = None, period: Period | None = None) -> MyHours:
    """The signed-in staff member's week and month (default: this week and this month), per customer."""
    require_role(actor, *STAFF_ROLES)
    today = local_date(utcnow())
    week = week or Week.of(today)
    period = period or period_of(today)
    return MyHours(
        week, period,
        hours_between(week.days[0], week.days[-1], "customer", label=str(week), created_by=actor.id),
        hours_between(period.first_day, period.last_day, "customer", label=str(period), created_by=actor.id),
    )
