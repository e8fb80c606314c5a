"""A case waiting on the customer (docs/support.md): when its reporter is reminded, and when the rule resolves it.

Both moments are business time after the case began to wait, in whole business days of the plan file's calendar
(a weekend or a holiday in between does not count), per plan: `waiting_reminder_business_days` and
`auto_resolve_business_days`. Pure: the job that acts on them is `ledger.services.support.waiting`.
"""
from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from ledger.domain.support.business_calendar import BusinessCalendar
from ledger.domain.support.plans import Plan

#: The rules, named in the events they write ("auto_resolve_business_days=10") so the history says which one acted.
REMINDER_RULE = "waiting_reminder_business_days"
AUTO_RESOLVE_RULE = "auto_resolve_business_days"


class WaitingDeadlines(NamedTuple):
    """When a waiting case's reporter is reminded, and when the case is resolved by the rule."""

    remind_at: datetime
    resolve_at: datetime


def waiting_deadlines(calendar: BusinessCalendar, plan: Plan, waiting_since: datetime) -> WaitingDeadlines:
    """The plan's reminder and automatic resolution, counted in business days from `waiting_since`."""
    day = calendar.spec.business_day_minutes
    return WaitingDeadlines(calendar.add_business_time(waiting_since, plan.waiting_reminder_business_days * day),
                            calendar.add_business_time(waiting_since, plan.auto_resolve_business_days * day))


def waiting_step(deadlines: WaitingDeadlines, now: datetime, reminded: bool) -> str | None:
    """What is due now: "resolve" once the resolution day has come, else "remind" once (not yet reminded), else None."""
    if now >= deadlines.resolve_at:
        return "resolve"
    if now >= deadlines.remind_at and not reminded:
        return "remind"
    return None


def rule_note(rule: str, days: int) -> str:
    """The message of the event a rule writes: the rule and its figure ("auto_resolve_business_days=10")."""
    return f"{rule}={days}"


def parse_rule_note(message: str | None) -> tuple[str, int] | None:
    """(rule, days) from an event message `rule_note` wrote; None for any other message."""
    rule, _, days = (message or "").partition("=")
    if rule in (REMINDER_RULE, AUTO_RESOLVE_RULE) and days.isdigit():
        return rule, int(days)
    return None
