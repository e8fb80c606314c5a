"""Demo support data: customers on each plan, their contacts, and open cases whose clocks stand where a demo
needs them whatever day it runs: one at risk, one breached, one waiting on the customer, one over quota."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time
from typing import Any

from sqlalchemy import select

from ledger.domain.periods import BUSINESS_TIMEZONE, local_date, period_of
from ledger.extensions import db
from ledger.models import Agreement, Case, Customer
from ledger.services.access import SYSTEM
from ledger.services.clock import pinned_clock, utcnow
from ledger.services.customers.contacts import create_contact, list_contacts
from ledger.services.support.agreements import create_agreement
from ledger.services.support.cases import change_case_status, open_case, respond_to_case
from ledger.services.support.plans import active_calendar

#: org number -> (plan, price of the year or None for the plan file's); customers not named keep the default plan.
DEMO_PLANS = {"556677-8899": ("gold", "179880.00"), "HRB 123456 B": ("gold", None), "559012-3450": ("enterprise", None)}
DEMO_CONTACTS = {
    "556677-8899": ("Karin Ek", "karin.ek@nordlys.example", "sv"),
    "559012-3450": ("Johan Berg", "johan@fjallbackabygg.example", "sv"),
    "556123-4567": ("Sara Lind", "sara@kaffekompaniet.example", "sv"),
    "HRB 123456 B": ("Anna Schmidt", "anna.schmidt@datenwerk.example", "en"),
    "987 654 321": ("Ola Nordmann", "ola@fjordline.example", "en"),
}
#: (org number, subject, severity, channel, business minutes since opening, what happened after: (kind, minutes
#: after opening)). The minutes are chosen against the plan's first-response target: Gold severity 1 answers
#: within 480 business minutes, so 408 is 85 % (at risk); Enterprise severity 2 within 960, so 1080 is breached.
DEMO_CASES: tuple[tuple[str, str, int, str, int, tuple[tuple[str, int], ...]], ...] = (
    ("556677-8899", "Kassan tar inte emot kortbetalningar", 1, "phone", 408, ()),
    ("559012-3450", "Fakturor fastnar i exporten till affärssystemet", 2, "remote", 1080, ()),
    ("HRB 123456 B", "Currency rounding differs from the ERP", 3, "email", 300,
     (("responded", 60), ("waiting_on_customer", 120))),
    ("556123-4567", "Kvittoskrivaren hoppar över rader", 4, "email", 60, ()),
    ("556123-4567", "Fråga om rapporten för dagskassan", 3, "chat", 30, ()),
    ("987 654 321", "Order sync stopped after the partner's update", 2, "email", 900,
     (("responded", 120), ("resolved", 600))),
)
REPLIES = {
    "sv": "Tack, vi har tagit emot ärendet och undersöker det.",
    "en": "Thank you, we have received the case and are looking into it.",
}


def _customers() -> dict[str, Customer]:
    return {customer.org_number: customer for customer in db.session.execute(select(Customer)).scalars()}


def _demo_plans(customers: dict[str, Customer]) -> Iterator[str]:
    month = period_of(local_date(utcnow())).previous()
    for org_number, (plan, price) in DEMO_PLANS.items():
        customer = customers.get(org_number)
        if customer is None:
            continue
        if db.session.execute(select(Agreement.id).where(Agreement.customer_id == customer.id)).first():
            yield f"agreement {customer.name}: already there"
            continue
        with pinned_clock(datetime.combine(month.first_day, time(9, 0), tzinfo=BUSINESS_TIMEZONE)):
            view = create_agreement(customer.id, {"kind": "support_plan", "plan": plan, "price": price}, actor=SYSTEM)
        yield f"agreement {customer.name}: {plan} {view.agreement.starts_on} – {view.agreement.ends_on}"


def _demo_case(customer: Customer, reporter_id: int | None, spec: tuple[Any, ...], now: datetime) -> None:
    _org, subject, severity, channel, minutes_ago, later = spec
    calendar = active_calendar()
    opened_at = calendar.subtract_business_time(now, minutes_ago)
    with pinned_clock(opened_at):
        case_id = open_case({"customer_id": customer.id, "severity": severity, "subject": subject, "channel": channel,
                             "description": subject, "reporter_contact_id": reporter_id}, actor=SYSTEM).case.id
    for kind, minutes_after in later:
        with pinned_clock(calendar.add_business_time(opened_at, minutes_after)):
            if kind == "responded":
                respond_to_case(case_id, REPLIES[customer.language], actor=SYSTEM)
            else:
                change_case_status(case_id, kind, actor=SYSTEM)


def load_demo_support() -> Iterator[str]:
    """Plans, contacts and cases for the demo customers that lack them; says what was done."""
    customers = _customers()
    yield from _demo_plans(customers)
    reporters: dict[str, int] = {}
    for org_number, (name, email, language) in DEMO_CONTACTS.items():
        customer = customers.get(org_number)
        if customer is not None:
            existing = list_contacts(customer.id, actor=SYSTEM)
            reporters[org_number] = existing[0].id if existing else create_contact(
                customer.id, {"name": name, "email": email, "language": language}, actor=SYSTEM).id
    now = utcnow()
    count = 0
    for spec in DEMO_CASES:
        customer = customers.get(spec[0])
        if customer is None or db.session.execute(
                select(Case.id).where(Case.customer_id == customer.id, Case.subject == spec[1])).first():
            continue
        _demo_case(customer, reporters.get(spec[0]), spec, now)
        count += 1
    yield f"cases: opened {count}" + (" (one at risk, one breached, one waiting on the customer)" if count else "")
