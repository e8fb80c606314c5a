"""Hours reports: totals equal the sum of the tasks behind them, for random months and every grouping."""
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.domain.errors import InvalidInput
from ledger.domain.periods import Period
from ledger.domain.work.hours_report import task_value_minor
from ledger.domain.work.week_sheet import Week
from ledger.extensions import db
from ledger.models import Customer, Task
from ledger.services.access import SYSTEM
from ledger.services.errors import Forbidden
from ledger.services.work.hours_reports import hours_report, my_hours
from ledger.services.work.tasks import record_task, void_task
from tests.conftest import utc

KINDS = [{"category": "hosting"}, {"category": "installation"}, {"category": "troubleshooting"},
         {"category": "troubleshooting", "root_cause": "customer_change"}, {"category": "guidance"}]


@pytest.fixture
def world(make_customer, make_user, freeze_clock):
    freeze_clock(utc(2026, 12, 1, 9))
    customers = [make_customer(name="Ängsbacka AB", hourly_rate="950.00"),
                 make_customer(name="Björkö AB", hourly_rate="1137.33", billing_increment_minutes=15),
                 make_customer(name="Cork Ltd", country="IE", vat_number="IE6388047V", currency="EUR",
                               hourly_rate="120.50", language="en")]
    return customers, [make_user("staff"), make_user("admin")]


def expected_rows(period, group_by):
    """Each group's sums, read task by task in Python."""
    key_of = {"customer": lambda t: t.customer_id, "staff": lambda t: t.created_by, "category": lambda t: t.category}
    rates = {c.id: (c.hourly_rate_minor, c.currency) for c in db.session.query(Customer)}
    groups = {}
    for task in db.session.query(Task).filter(Task.work_date >= period.first_day, Task.work_date <= period.last_day,
                                              Task.status != "voided"):
        sums = groups.setdefault(key_of[group_by](task), {"tasks": 0, "logged": 0, "included": 0, "debited": 0,
                                                          "billed": 0, "review": 0, "value": {}})
        sums["tasks"] += 1
        sums["logged"] += task.minutes
        name = {"included": "included", "debited": "debited", "needs_review": "review"}[task.outcome]
        sums[name] += task.minutes
        if task.outcome == "debited":
            sums["billed"] += task.billed_minutes
            rate, currency = rates[task.customer_id]
            sums["value"][currency] = sums["value"].get(currency, 0) + task_value_minor(task.billed_minutes, rate)
    return groups


def as_sums(totals):
    return {"tasks": totals.tasks, "logged": totals.logged_minutes, "included": totals.included_minutes,
            "debited": totals.debited_minutes, "billed": totals.billed_minutes, "review": totals.review_minutes,
            "value": totals.value_minor}


work = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 1), st.integers(1, 4), st.integers(1, 28),
                          st.integers(1, 600), st.integers(0, len(KINDS) - 1), st.booleans()), max_size=12)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tasks=work, month=st.integers(1, 4), group_by=st.sampled_from(["customer", "staff", "category"]))
def test_a_reports_totals_equal_the_sum_of_its_tasks_for_random_months(world, tasks, month, group_by):
    customers, people = world
    for customer, person, task_month, day, minutes, kind, voided in tasks:
        task = record_task({"customer_id": customers[customer].id, "work_date": date(2026, task_month, day),
                            "minutes": minutes, "description": "Arbete", **KINDS[kind]}, actor=people[person]).task
        if voided:
            void_task(task.id, "Fel", actor=SYSTEM)
    period = Period(2026, month)
    report = hours_report(period, group_by, actor=people[1])
    expected = expected_rows(period, group_by)
    assert {row.key: as_sums(row.totals) for row in report.rows} == expected
    total = as_sums(report.total)
    for name in ("tasks", "logged", "included", "debited", "billed", "review"):
        assert total[name] == sum(sums[name] for sums in expected.values())
    assert total["logged"] == total["included"] + total["debited"] + total["review"]
    for currency in ("SEK", "EUR"):
        assert total["value"].get(currency, 0) == sum(sums["value"].get(currency, 0) for sums in expected.values())
    lines = list(report.lines())
    assert len(lines) == total["tasks"] and sum(line.minutes for line in lines) == total["logged"]
    assert sum(line.value_minor for line in lines if line.currency == "SEK") == total["value"].get("SEK", 0)


def test_a_report_names_its_groups_and_values_billed_time_at_the_hourly_rate(world):
    customers, (staff, admin) = world
    record_task({"customer_id": customers[1].id, "work_date": date(2026, 11, 4), "minutes": 50,
                 "category": "installation", "description": "Install"}, actor=staff)
    record_task({"customer_id": customers[0].id, "work_date": date(2026, 11, 5), "minutes": 30,
                 "category": "hosting", "description": "Patch"}, actor=admin)
    report = hours_report(Period(2026, 11), "customer", actor=staff)
    # 50 minutes billed per started quarter: 60 minutes at 1 137,33 kr an hour. Names in Swedish order (Ä after Z).
    assert [(row.name, row.totals.billed_minutes, row.totals.value_minor) for row in report.rows] == [
        ("Björkö AB", 60, {"SEK": 113733}), ("Ängsbacka AB", 0, {})]
    by_person = hours_report(Period(2026, 11), "staff", actor=staff).rows
    assert {row.key: row.totals.logged_minutes for row in by_person} == {staff.id: 50, admin.id: 30}
    assert all(row.name for row in by_person)
    with pytest.raises(InvalidInput) as refused:
        hours_report(Period(2026, 11), "planet", actor=staff)
    assert "group_by" in refused.value.problems


def test_my_hours_are_the_signed_in_persons_week_and_month_per_customer(world, make_user):
    customers, (staff, admin) = world
    for actor, day, minutes in ((staff, 2, 60), (staff, 9, 30), (admin, 3, 45), (staff, 30, 15)):
        record_task({"customer_id": customers[0].id, "work_date": date(2026, 11, day), "minutes": minutes,
                     "category": "installation", "description": "Work"}, actor=actor)
    mine = my_hours(actor=staff, week=Week(2026, 45), period=Period(2026, 11))
    assert [(row.key, row.totals.logged_minutes) for row in mine.week_report.rows] == [(customers[0].id, 60)]
    assert mine.month_report.total.logged_minutes == 105 and mine.month_report.total.debited_minutes == 105
    assert my_hours(actor=staff).period == Period(2026, 12)
    with pytest.raises(Forbidden):
        my_hours(actor=make_user("finance"))
