"""Timers as plain rules: the minutes a timer has run, the day its work is logged on, and when stopping must ask.

A timer that was started on an earlier day (Stockholm) than it is stopped was most likely left running
overnight: stopping it logs nothing until the person confirms the time or says how long they really worked.
A timer that ran for more than a day cannot become one task at all without the real time.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ledger.domain.errors import Conflict
from ledger.domain.minutes import MAX_TASK_MINUTES
from ledger.domain.periods import local_date
from ledger.domain.problems import N_, define_messages

MESSAGES = define_messages({
    "timer_not_found": N_("Timer %(timer_id)s does not exist."),
    "timer_already_running": N_("A timer is already running (timer %(timer_id)s, started %(started_at)s); stop it "
                                "before starting another."),
    "timer_stopped": N_("Timer %(timer_id)s is already stopped."),
    "timer_overnight": N_("The timer has run since %(started_at)s, %(elapsed_minutes)s in all; confirm that time or "
                          "give the time you worked."),
    "timer_longer_than_a_day": N_("The timer has run since %(started_at)s, %(elapsed_minutes)s in all, which is "
                                  "more than one task can hold; give the time you worked."),
})


def elapsed_minutes(started_at: datetime, stopped_at: datetime) -> int:
    """Whole minutes between two moments, rounded to the nearest minute, at least 1 (a task is never 0 minutes)."""
    seconds = max(0, int((stopped_at - started_at).total_seconds()))
    return max(1, (seconds + 30) // 60)


def work_date_of(started_at: datetime) -> date:
    """The day a timer's work is logged on: the Stockholm day it was started."""
    return local_date(started_at)


def ran_overnight(started_at: datetime, stopped_at: datetime) -> bool:
    """True when the timer is stopped on a later Stockholm day than it was started."""
    return local_date(stopped_at) > local_date(started_at)


@dataclass(frozen=True)
class StopTime:
    """The minutes a stop logs: the time typed, or the time elapsed when that needs no confirmation."""

    minutes: int
    elapsed_minutes: int
    typed: bool


def minutes_to_log(timer_id: int, started_at: datetime, stopped_at: datetime, *, typed_minutes: int | None,
                   confirmed: bool) -> StopTime:
    """The minutes a stop may log, asking first for a timer left running overnight.

    :raise Conflict: `timer_overnight` (confirm or type the time), or `timer_longer_than_a_day` (type it).
    """
    elapsed = elapsed_minutes(started_at, stopped_at)
    if typed_minutes is not None:
        return StopTime(typed_minutes, elapsed, True)
    if elapsed > MAX_TASK_MINUTES:
        raise Conflict(code="timer_longer_than_a_day", timer_id=timer_id, started_at=started_at,
                       elapsed_minutes=elapsed)
    if ran_overnight(started_at, stopped_at) and not confirmed:
        raise Conflict(code="timer_overnight", timer_id=timer_id, started_at=started_at, elapsed_minutes=elapsed)
    return StopTime(elapsed, elapsed, False)
