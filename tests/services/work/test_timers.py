"""Timers: one running per person, stopped into a task classified as usual, asking first after a night."""
from datetime import date

import pytest

from ledger import create_app
from ledger.domain.errors import Conflict, InvalidInput
from ledger.extensions import db
from ledger.models import Task, Timer
from ledger.services.access import Actor
from ledger.services.accounts.hours import record_purchase
from ledger.services.clock import CLOCK_EXTENSION
from ledger.services.errors import NotFound
from ledger.services.work.timers import discard_timer, running_timer, start_timer, stop_timer
from tests.conftest import app_config, utc
from tests.services.helpers import assert_account_sound, race

# 2026-11-03 09:00 in Stockholm is 08:00 UTC (winter time).
MORNING = utc(2026, 11, 3, 8)


@pytest.fixture
def staff(make_user):
    return make_user("staff")


@pytest.fixture
def customer(make_customer):
    made = make_customer()
    record_purchase(made.id, 600, "5000.00", actor=Actor(None, "admin"))
    return made


def test_a_stopped_timer_logs_its_minutes_as_a_task_classified_as_usual(freeze_clock, staff, customer):
    freeze_clock(MORNING)
    timer = start_timer({"customer_id": customer.id, "category": "installation", "description": "Installed"},
                        actor=staff)
    assert running_timer(actor=staff).id == timer.id
    freeze_clock(utc(2026, 11, 3, 9, 29, 40))  # 89 min 40 s later: 90 minutes
    result = stop_timer(timer.id, {}, actor=staff)
    task = result.task
    assert (task.minutes, task.work_date, task.outcome, task.created_by) == (90, date(2026, 11, 3), "debited", staff.id)
    assert result.balance_minutes == 510 == assert_account_sound(customer.id)
    assert running_timer(actor=staff) is None
    stopped = db.session.get(Timer, timer.id)
    assert (stopped.task_id, stopped.stopped_at) == (task.id, utc(2026, 11, 3, 9, 29, 40))


def test_a_second_timer_for_one_person_is_refused_until_the_first_stops(freeze_clock, staff, customer, make_user):
    freeze_clock(MORNING)
    first = start_timer({"customer_id": customer.id, "category": "hosting"}, actor=staff)
    with pytest.raises(Conflict) as refused:
        start_timer({"customer_id": customer.id}, actor=staff)
    assert refused.value.code == "timer_already_running" and refused.value.params["timer_id"] == first.id
    start_timer({"customer_id": customer.id}, actor=make_user("staff"))  # a colleague's own timer is fine
    stop_timer(first.id, {"description": "Patched the server"}, actor=staff)
    second = start_timer({"customer_id": customer.id}, actor=staff)
    assert second.id != first.id
    discard_timer(second.id, actor=staff)  # started by mistake: nothing is logged
    assert running_timer(actor=staff) is None and db.session.query(Task).count() == 1


def test_two_starts_racing_for_one_person_leave_one_running_timer(app, freeze_clock, staff, customer):
    freeze_clock(MORNING)
    results = race(app, lambda i: start_timer({"customer_id": customer.id}, actor=staff), count=2)
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(refused) == 1 and refused[0].code == "timer_already_running"
    assert db.session.query(Timer).filter(Timer.user_id == staff.id).count() == 1


def test_a_timer_across_midnight_asks_first_and_logs_on_the_day_it_started(freeze_clock, staff, customer):
    freeze_clock(utc(2026, 11, 3, 22, 30))  # 23:30 in Stockholm
    timer = start_timer({"customer_id": customer.id, "category": "hosting", "description": "Night patch"}, actor=staff)
    freeze_clock(utc(2026, 11, 3, 23, 15))  # 00:15 the next day
    with pytest.raises(Conflict) as asked:
        stop_timer(timer.id, {}, actor=staff)
    assert asked.value.code == "timer_overnight" and asked.value.params["elapsed_minutes"] == 45
    assert running_timer(actor=staff).id == timer.id, "nothing is logged until the time is confirmed"
    task = stop_timer(timer.id, {"confirm_overnight": True}, actor=staff).task
    assert (task.minutes, task.work_date) == (45, date(2026, 11, 3))

    freeze_clock(utc(2026, 11, 4, 16))  # 17:00, left running until 08:00 the next morning
    timer = start_timer({"customer_id": customer.id, "category": "installation", "description": "Setup"}, actor=staff)
    freeze_clock(utc(2026, 11, 5, 7))
    with pytest.raises(Conflict) as asked:
        stop_timer(timer.id, {}, actor=staff)
    assert asked.value.params["elapsed_minutes"] == 900
    result = stop_timer(timer.id, {"minutes": 75}, actor=staff)
    assert (result.task.minutes, result.task.work_date, result.balance_minutes) == (75, date(2026, 11, 4), 525)

    timer = start_timer({"customer_id": customer.id, "category": "hosting", "description": "Forgot"}, actor=staff)
    freeze_clock(utc(2026, 11, 7, 8))  # more than a day: more than one task can hold
    with pytest.raises(Conflict) as asked:
        stop_timer(timer.id, {"confirm_overnight": True}, actor=staff)
    assert asked.value.code == "timer_longer_than_a_day"
    with pytest.raises(InvalidInput) as refused:
        stop_timer(timer.id, {"minutes": 0}, actor=staff)
    assert "minutes" in refused.value.problems
    assert stop_timer(timer.id, {"minutes": 30}, actor=staff).task.minutes == 30


def test_a_stop_missing_the_kind_of_work_is_refused_and_the_timer_keeps_running(freeze_clock, staff, customer):
    freeze_clock(MORNING)
    timer = start_timer({"customer_id": customer.id}, actor=staff)
    freeze_clock(utc(2026, 11, 3, 8, 20))
    with pytest.raises(InvalidInput) as refused:
        stop_timer(timer.id, {}, actor=staff)
    assert {"category", "description"} <= set(refused.value.problems)
    assert running_timer(actor=staff).id == timer.id and db.session.query(Task).count() == 0
    task = stop_timer(timer.id, {"category": "guidance", "description": "Showed the manual"}, actor=staff).task
    assert (task.minutes, task.outcome) == (20, "included")


def test_only_the_owner_or_an_admin_stops_a_timer(freeze_clock, staff, customer, make_user):
    freeze_clock(MORNING)
    timer = start_timer({"customer_id": customer.id, "category": "hosting", "description": "Patch"}, actor=staff)
    with pytest.raises(NotFound):
        stop_timer(timer.id, {}, actor=make_user("staff"))
    freeze_clock(utc(2026, 11, 3, 8, 10))
    task = stop_timer(timer.id, {}, actor=make_user("admin")).task
    assert task.created_by == staff.id, "the work is the timer owner's, whoever stopped it"
    with pytest.raises(Conflict) as again:
        stop_timer(timer.id, {}, actor=staff)
    assert again.value.code == "timer_stopped"


def test_a_running_timer_survives_a_restart_of_the_app(app, database_url, freeze_clock, staff, customer):
    freeze_clock(MORNING)
    timer_id = start_timer({"customer_id": customer.id, "category": "installation", "description": "Upgrade"},
                           actor=staff).id
    db.session.remove()
    db.engine.dispose()  # the first app is gone: nothing of the timer is left in memory
    restarted = create_app(app_config(database_url))
    with restarted.app_context():
        restarted.extensions[CLOCK_EXTENSION] = lambda: utc(2026, 11, 3, 10)
        assert running_timer(actor=staff).id == timer_id
        result = stop_timer(timer_id, {}, actor=staff)
        assert (result.task.minutes, result.balance_minutes) == (120, 480)
        db.session.remove()
        db.engine.dispose()
