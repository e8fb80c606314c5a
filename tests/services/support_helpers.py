"""Helpers for support tests: Stockholm moments, a customer on a plan, a case opened at a given time."""
from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from ledger.services.access import SYSTEM, Actor
from ledger.services.support.agreements import create_agreement
from ledger.services.support.case_reads import CaseView
from ledger.services.support.cases import open_case

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(*args: int) -> datetime:
    """A Stockholm moment: local(2029, 6, 21, 16)."""
    return datetime(*args, tzinfo=STOCKHOLM)  # type: ignore[misc]


def on_plan(make_customer: Any, plan: str, **terms: Any) -> Any:
    """A new customer with a support_plan agreement for `plan` from today (the frozen clock's day)."""
    customer = make_customer(**terms)
    if plan != "professional":
        price = None if plan != "gold" or customer.currency == "EUR" else "179880.00"
        create_agreement(customer.id, {"kind": "support_plan", "plan": plan, "price": price}, actor=SYSTEM)
    return customer


def report(customer_id: int, **overrides: Any) -> dict[str, Any]:
    """A valid case report for the customer (severity 2, by e-mail)."""
    return {"customer_id": customer_id, "severity": 2, "subject": "Ordrar fastnar", "channel": "email",
            "description": "Inga ordrar har kommit över sedan i morse.", **overrides}


def open_at(freeze_clock: Any, moment: datetime, customer_id: int, actor: Actor = SYSTEM, **overrides: Any) -> CaseView:
    """Open a case with the clock at `moment`."""
    freeze_clock(moment)
    return open_case(report(customer_id, **overrides), actor=actor)
