"""Support plans as data: channels, incident quota, targets per severity, prices and the business calendar.

A plan file (TOML, in ledger/plans/) looks like:

    [plans_file]
    id = "support_tiers"
    version = "2026.1"
    title_sv, title_en, source
    default_plan = "professional"     # the plan of a customer without a support_plan agreement
    mail_default_severity = 3         # optional: the severity of a case opened by e-mail

    [calendar]
    time_zone = "Europe/Stockholm"
    days = ["monday", "tuesday", "wednesday", "thursday", "friday"]
    opens = "09:00"
    closes = "17:00"                  # a business day is one day's opening hours
    holiday_country = "SE"
    holiday_categories = ["public", "de_facto"]

    [severities.1]
    label_sv, label_en, definition_sv, definition_en

    [plans.gold]
    label_sv, label_en
    channels = ["email", "chat", "remote", "phone"]
    incidents_per_month = 4
    price = { billing = "yearly_in_advance", monthly = { EUR = "1499.00" } }   # or included_in_subscription = true
    waiting_reminder_business_days = 3   # a case waiting on the customer: remind the reporter once (default 3)
    auto_resolve_business_days = 10      # ... and resolve it by this rule (default 10); both in business days
    [plans.gold.targets]
    1 = { first_response = "8 business hours", resolution = "16 business hours" }
    4 = { first_response = "24 business hours", resolution = "best effort" }

Other top-level tables belong to other readers of the same file (maintenance prices, for instance) and
are left alone here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from ledger.domain.errors import PlanError
from ledger.domain.money import CURRENCIES, MAX_AMOUNT_MINOR
from ledger.domain.support.business_calendar import WEEKDAYS, CalendarSpec

CHANNELS = ("email", "chat", "phone", "remote")
SEVERITIES = (1, 2, 3, 4)
TARGET_KINDS = ("first_response", "resolution")
#: How a priced plan is billed: the whole period's price, once, in the next invoice run after the purchase.
BILLINGS = {"yearly_in_advance": 12}

_TARGET = re.compile(r"^(\d{1,4}) business (hours|days)$")
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_PRICE = re.compile(r"^(\d{1,13})\.(\d{2})$")
#: Business days a case may wait on the customer before the reporter is reminded, and before it is resolved.
WAITING_REMINDER_BUSINESS_DAYS = 3
AUTO_RESOLVE_BUSINESS_DAYS = 10
_MAX_WAITING_DAYS = 365


@dataclass(frozen=True)
class Target:
    """A response or resolution target: business minutes, or None for best effort."""

    business_minutes: int | None
    amount: int | None
    unit: str  # business_hours | business_days | best_effort


@dataclass(frozen=True)
class Severity:
    """A severity level with its definition, shown where a case is opened."""

    level: int
    label_sv: str
    label_en: str
    definition_sv: str
    definition_en: str


@dataclass(frozen=True)
class Price:
    """A priced plan: the monthly price per currency (minor units) and how it is billed."""

    billing: str
    monthly_minor: dict[str, int]

    @property
    def months(self) -> int:
        return BILLINGS[self.billing]

    def per_period_minor(self, currency: str) -> int | None:
        """The price of one period in `currency`, or None when the file has no price in it."""
        monthly = self.monthly_minor.get(currency)
        return None if monthly is None else monthly * self.months


@dataclass(frozen=True)
class Plan:
    """A support plan: channels, incidents per month, targets per severity and its price (None: included)."""

    id: str
    label_sv: str
    label_en: str
    channels: tuple[str, ...]
    incidents_per_month: int
    price: Price | None
    targets: dict[int, dict[str, Target]]
    waiting_reminder_business_days: int = WAITING_REMINDER_BUSINESS_DAYS
    auto_resolve_business_days: int = AUTO_RESOLVE_BUSINESS_DAYS

    def target(self, severity: int, kind: str) -> Target:
        return self.targets[severity][kind]


@dataclass(frozen=True)
class SupportPlans:
    """The plans of one plan file, its severities and its business calendar."""

    id: str
    version: str
    title_sv: str
    title_en: str
    source: str
    default_plan_id: str
    calendar: CalendarSpec
    severities: dict[int, Severity]
    plans: dict[str, Plan]
    #: The severity of a case opened by e-mail (docs/support.md); staff change it once they have read the mail.
    mail_default_severity: int = 3

    @property
    def default_plan(self) -> Plan:
        return self.plans[self.default_plan_id]

    def plan(self, plan_id: str) -> Plan | None:
        return self.plans.get(plan_id)


def _text(table: dict[str, Any], key: str, where: str, required: bool = True) -> str:
    value = table.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise PlanError(f"{where}: `{key}` must be a non-empty string")
    return value.strip()


def _only(table: Any, allowed: set[str], where: str) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise PlanError(f"{where}: must be a table")
    unknown = set(table) - allowed
    if unknown:
        raise PlanError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
    return table


def parse_target(text: Any, business_day_minutes: int, where: str) -> Target:
    """ "8 business hours", "7 business days" (of one day's opening hours) or "best effort"."""
    if text == "best effort":
        return Target(None, None, "best_effort")
    match = _TARGET.fullmatch(text) if isinstance(text, str) else None
    if match is None or int(match[1]) == 0:
        raise PlanError(f'{where}: write a target as "8 business hours", "7 business days" or "best effort"')
    amount = int(match[1])
    minutes = amount * 60 if match[2] == "hours" else amount * business_day_minutes
    return Target(minutes, amount, f"business_{match[2]}")


def _clock(value: Any, where: str) -> time:
    match = _CLOCK.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise PlanError(f'{where}: write the time as "HH:MM"')
    return time(int(match[1]), int(match[2]))


def parse_calendar(raw: Any) -> CalendarSpec:
    """The business calendar table; raise PlanError naming what is wrong."""
    table = _only(raw, {"time_zone", "days", "opens", "closes", "holiday_country", "holiday_categories"}, "calendar")
    days = table.get("days")
    if not isinstance(days, list) or not days or any(day not in WEEKDAYS for day in days):
        raise PlanError(f"calendar: `days` must list weekdays ({', '.join(WEEKDAYS)})")
    opens, closes = _clock(table.get("opens"), "calendar.opens"), _clock(table.get("closes"), "calendar.closes")
    if closes <= opens:
        raise PlanError("calendar: `closes` must be after `opens`")
    categories = table.get("holiday_categories")
    if not isinstance(categories, list) or not all(isinstance(item, str) and item for item in categories):
        raise PlanError("calendar: `holiday_categories` must list holiday categories, e.g. [\"public\"]")
    zone, country = _text(table, "time_zone", "calendar"), _text(table, "holiday_country", "calendar")
    try:
        ZoneInfo(zone)
    except (ValueError, ZoneInfoNotFoundError):
        raise PlanError(f"calendar: unknown time zone {zone!r}") from None
    try:
        holidays.country_holidays(country, years=2026, categories=tuple(categories))
    except (NotImplementedError, ValueError) as error:
        raise PlanError(f"calendar: the holidays of {country!r} with categories {categories}: {error}") from None
    return CalendarSpec(
        time_zone=zone, weekdays=tuple(sorted(WEEKDAYS.index(day) for day in set(days))),
        opens=opens, closes=closes, holiday_country=country, holiday_categories=tuple(categories),
    )


def _price(raw: Any, where: str) -> Price:
    table = _only(raw, {"billing", "monthly"}, where)
    if table.get("billing") not in BILLINGS:
        raise PlanError(f"{where}: `billing` must be one of {', '.join(BILLINGS)}")
    monthly = table.get("monthly")
    if not isinstance(monthly, dict) or not monthly:
        raise PlanError(f'{where}: `monthly` must give a price per currency, e.g. {{ EUR = "1499.00" }}')
    prices = {}
    for currency, text in monthly.items():
        match = _PRICE.fullmatch(text) if isinstance(text, str) else None
        if currency not in CURRENCIES or match is None:
            raise PlanError(f'{where}: monthly prices are "1499.00" in {", ".join(sorted(CURRENCIES))}')
        prices[currency] = int(match[1]) * 100 + int(match[2])
        if prices[currency] * BILLINGS[table["billing"]] > MAX_AMOUNT_MINOR:
            raise PlanError(f"{where}: the {currency} price is too large")
    return Price(table["billing"], prices)


def _business_days(table: dict[str, Any], key: str, default: int, where: str) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= _MAX_WAITING_DAYS:
        raise PlanError(f"{where}: `{key}` must be a whole number of business days, 1 to {_MAX_WAITING_DAYS}")
    return value


def _waiting_days(table: dict[str, Any], where: str) -> dict[str, int]:
    """The plan's waiting rules: remind after N business days, resolve after M > N."""
    remind = _business_days(table, "waiting_reminder_business_days", WAITING_REMINDER_BUSINESS_DAYS, where)
    resolve = _business_days(table, "auto_resolve_business_days", AUTO_RESOLVE_BUSINESS_DAYS, where)
    if resolve <= remind:
        raise PlanError(f"{where}: `auto_resolve_business_days` must be more than `waiting_reminder_business_days`")
    return {"waiting_reminder_business_days": remind, "auto_resolve_business_days": resolve}


def _plan(plan_id: str, raw: Any, calendar: CalendarSpec) -> Plan:
    where = f"plans.{plan_id}"
    table = _only(raw, {"label_sv", "label_en", "channels", "incidents_per_month", "price",
                        "included_in_subscription", "targets", "waiting_reminder_business_days",
                        "auto_resolve_business_days"}, where)
    channels = table.get("channels")
    if not isinstance(channels, list) or not channels or any(channel not in CHANNELS for channel in channels):
        raise PlanError(f"{where}: `channels` must list some of {', '.join(CHANNELS)}")
    quota = table.get("incidents_per_month")
    if isinstance(quota, bool) or not isinstance(quota, int) or quota < 0:
        raise PlanError(f"{where}: `incidents_per_month` must be a whole number, 0 or more")
    if ("price" in table) == bool(table.get("included_in_subscription")):
        raise PlanError(f"{where}: give either `price` or `included_in_subscription = true`")
    raw_targets = table.get("targets")
    if not isinstance(raw_targets, dict) or {str(level) for level in SEVERITIES} != set(raw_targets):
        raise PlanError(f"{where}.targets: give the targets of severities {', '.join(map(str, SEVERITIES))}")
    targets = {}
    for level in SEVERITIES:
        entry = _only(raw_targets[str(level)], set(TARGET_KINDS), f"{where}.targets.{level}")
        targets[level] = {kind: parse_target(entry.get(kind), calendar.business_day_minutes,
                                             f"{where}.targets.{level}.{kind}") for kind in TARGET_KINDS}
    return Plan(
        id=plan_id, label_sv=_text(table, "label_sv", where), label_en=_text(table, "label_en", where),
        channels=tuple(channel for channel in CHANNELS if channel in channels), incidents_per_month=quota,
        price=_price(table["price"], f"{where}.price") if "price" in table else None, targets=targets,
        **_waiting_days(table, where),
    )


def parse_support_plans(document: dict[str, Any], source: str = "") -> SupportPlans:
    """Build and check the plans of a parsed plan file; raise PlanError naming what is wrong."""
    head = _only(document.get("plans_file") or {}, {"id", "version", "title_sv", "title_en", "source",
                                                      "default_plan", "mail_default_severity"}, "plans_file")
    calendar = parse_calendar(document.get("calendar"))
    raw_severities = document.get("severities") or {}
    if {str(level) for level in SEVERITIES} != set(raw_severities):
        raise PlanError(f"severities: define severities {', '.join(map(str, SEVERITIES))}")
    severities = {}
    for level in SEVERITIES:
        where = f"severities.{level}"
        table = _only(raw_severities[str(level)], {"label_sv", "label_en", "definition_sv", "definition_en"}, where)
        severities[level] = Severity(level, *(_text(table, key, where) for key in
                                              ("label_sv", "label_en", "definition_sv", "definition_en")))
    raw_plans = document.get("plans") or {}
    if not isinstance(raw_plans, dict) or not raw_plans:
        raise PlanError("the plan file defines no [plans]")
    plans = {plan_id: _plan(plan_id, raw, calendar) for plan_id, raw in raw_plans.items()}
    default = _text(head, "default_plan", "plans_file")
    if default not in plans:
        raise PlanError(f"plans_file: default_plan {default!r} is not defined under [plans]")
    mail_severity = head.get("mail_default_severity", 3)
    if isinstance(mail_severity, bool) or mail_severity not in SEVERITIES:
        raise PlanError(f"plans_file.mail_default_severity: write a severity from {SEVERITIES[0]} to {SEVERITIES[-1]}")
    return SupportPlans(
        id=_text(head, "id", "plans_file"), version=_text(head, "version", "plans_file"),
        title_sv=_text(head, "title_sv", "plans_file"), title_en=_text(head, "title_en", "plans_file"),
        source=_text(head, "source", "plans_file", required=False) or source,
        default_plan_id=default, calendar=calendar, severities=severities, plans=plans,
        mail_default_severity=mail_severity,
    )
