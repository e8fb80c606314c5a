"""Agreements with a period (docs/contacts-and-agreements.md): exactly twelve months, renewals without gap, status and notice day.

Dates only, no clock: the service passes "today" in Stockholm. `ends_on` is the last day covered.
"""
from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from ledger.domain.problems import N_, define_messages

KINDS = ("support_plan", "maintenance")
#: Kinds this version can create.
CREATABLE_KINDS = ("support_plan", "maintenance")
STATUSES = ("upcoming", "active", "expiring", "expired", "cancelled")
PERIOD_MONTHS = 12
#: How far from today a purchase date may be given (a typo such as 2062 is refused).
MAX_START_OFFSET_DAYS = 366

MESSAGES = define_messages({
    "agreement_kind_not_available": N_("Agreements of kind %(kind)s cannot be created yet; available: %(available)s."),
    "agreement_field_not_for_kind": N_("An agreement of kind %(kind)s has no %(attribute)s."),
    "agreement_start_out_of_range": N_("Must be within %(days)s days of today (%(today)s)."),
    "agreement_price_unknown": N_(
        "The plan file has no %(currency)s price for %(plan)s; give the price of the whole period."),
    "agreement_price_included": N_("%(plan)s is included in the subscription; its price is 0."),
    "agreement_customer_closed": N_("Customer %(customer_id)s is closed; it can buy no agreements."),
    "maintenance_price_unknown": N_(
        "The plan file has no %(currency)s price for the %(variant)s maintenance pack; give the price of the period."),
})


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def period_end(starts_on: date, months: int = PERIOD_MONTHS) -> date:
    """The last day covered by a period of exactly `months` from `starts_on`: the day before the same date
    `months` later, where a start on 29 February runs to 28 February (the next period starts 1 March)."""
    same_date_later = add_months(starts_on, months)
    if same_date_later.day != starts_on.day:  # 29 February into a common year: the next day is 1 March
        same_date_later += timedelta(days=1)
    return same_date_later - timedelta(days=1)


def next_period(purchased_on: date, latest_end: date | None) -> tuple[date, date]:
    """(starts_on, ends_on) of a purchase: bought while an earlier period still runs, it starts the day after
    that period's end (no gap, no overlap); otherwise it starts on the purchase date."""
    starts_on = latest_end + timedelta(days=1) if latest_end is not None and latest_end >= purchased_on else purchased_on
    return starts_on, period_end(starts_on)


def notice_day(ends_on: date) -> date:
    """The day the renewal notice is due: one calendar month before the end date."""
    return add_months(ends_on, -1)


@dataclass(frozen=True)
class AgreementState:
    """Where an agreement stands on a day, and how many days it still covers after that day."""

    status: str
    days_left: int
    notice_on: date


def agreement_state(starts_on: date, ends_on: date, today: date, cancelled_on: date | None = None) -> AgreementState:
    """upcoming (starts later), active, expiring (from the notice day to the last day), expired, or cancelled
    (its invoice was credited in full, from the credit note's date)."""
    notice_on = notice_day(ends_on)
    if cancelled_on is not None and cancelled_on <= today:
        return AgreementState("cancelled", 0, notice_on)
    if today > ends_on:
        return AgreementState("expired", 0, notice_on)
    days_left = (ends_on - today).days
    if today < starts_on:
        return AgreementState("upcoming", days_left, notice_on)
    return AgreementState("expiring" if today >= notice_on else "active", days_left, notice_on)


def covers(starts_on: date, ends_on: date, day: date, cancelled_on: date | None = None) -> bool:
    """True when the agreement is in force on `day`."""
    return starts_on <= day <= ends_on and (cancelled_on is None or day < cancelled_on)


def line_texts(kind: str, label_sv: str, label_en: str, starts_on: date, ends_on: date) -> tuple[str, str]:
    """The invoice line of an agreement, with its period printed: "Supportavtal Gold, 2026-11-22 – 2027-11-21",
    "Underhållsavtal, site, 2026-11-22 – 2027-11-21" (the labels are the plan's or the maintenance variant's)."""
    period = f"{starts_on.isoformat()} – {ends_on.isoformat()}"
    if kind == "support_plan":
        return f"Supportavtal {label_sv}, {period}", f"Support plan {label_en}, {period}"
    if kind == "maintenance":
        return f"Underhållsavtal, {label_sv}, {period}", f"Maintenance agreement, {label_en}, {period}"
    return f"{label_sv}, {period}", f"{label_en}, {period}"
