"""Demo data for a first look: Swedish and EU customers, users of every role, hour packages, support cases."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import func, select

from ledger.domain.periods import BUSINESS_TIMEZONE, Period, local_date, period_of
from ledger.extensions import db
from ledger.models import Customer, User
from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_purchase
from ledger.services.billing.exchange_rates import record_exchange_rate
from ledger.services.clock import pinned_clock, utcnow
from ledger.services.customers.customers import create_customer
from ledger.services.demo.agreements import load_demo_agreements
from ledger.services.demo.mail_desk import load_demo_mail
from ledger.services.demo.support import load_demo_support
from ledger.services.demo.tasks import DEMO_MONTH, at_four_pm, working_days
from ledger.services.people.users import create_user
from ledger.services.work.rules import active_catalogue
from ledger.services.work.tasks import record_task

DEMO_PASSWORD = "demo-password"

DEMO_CUSTOMERS: tuple[dict[str, Any], ...] = (
    {
        "name": "Nordlys Handel AB", "org_number": "556677-8899", "vat_number": "SE556677889901",
        "country": "SE", "language": "sv", "currency": "SEK", "hourly_rate": "950.00", "monthly_fee": "1499.00",
        "billing_increment_minutes": 15, "email": "ekonomi@nordlys.example", "invoice_reference": "Karin Ek",
        "address": "Storgatan 12\n111 22 Stockholm", "_package": (600, "9000.00"),
    },
    {
        "name": "Fjällbacka Bygg & Järn AB", "org_number": "559012-3450", "country": "SE", "language": "sv",
        "currency": "SEK", "hourly_rate": "1100.00", "monthly_fee": "2490.00", "billing_increment_minutes": 30,
        "overdraft_limit_minutes": 0, "email": "faktura@fjallbackabygg.example", "deployment": "on_premise",
        "address": "Hamngatan 3\n457 40 Fjällbacka", "_package": (1200, "19800.00"),
    },
    {
        "name": "Kaffekompaniet i Malmö AB", "org_number": "556123-4567", "country": "SE", "language": "sv",
        "currency": "SEK", "hourly_rate": "895.00", "monthly_fee": "990.00", "overdraft_limit_minutes": 240,
        "email": "hej@kaffekompaniet.example", "address": "Södergatan 8\n211 34 Malmö", "_package": (300, "4475.00"),
    },
    {
        "name": "Berliner Datenwerk GmbH", "org_number": "HRB 123456 B", "vat_number": "DE136695976",
        "country": "DE", "language": "en", "currency": "EUR", "hourly_rate": "95.00", "monthly_fee": "149.00",
        "billing_increment_minutes": 15, "email": "billing@datenwerk.example",
        "address": "Friedrichstraße 100\n10117 Berlin\nGermany", "_package": (480, "720.00"),
    },
    {
        "name": "Fjordline Integrasjon AS", "org_number": "987 654 321", "country": "NO", "language": "en",
        "currency": "EUR", "hourly_rate": "105.00", "monthly_fee": "179.00",
        "email": "accounts@fjordline.example", "address": "Karl Johans gate 5\n0154 Oslo\nNorway",
        "_package": (240, "400.00"),
    },
)

DEMO_USERS = (
    ("admin@servicekonto.example", "Anna Admin", "admin", None),
    ("staff@servicekonto.example", "Sara Support", "staff", None),
    ("finance@servicekonto.example", "Fredrik Ekonomi", "finance", None),
    ("kund@nordlys.example", "Kim Kund", "customer", "556677-8899"),
)


def _existing_customer_id(org_number: str) -> int | None:
    return db.session.execute(select(Customer.id).where(Customer.org_number == org_number)).scalar()


def load_demo_data() -> Iterator[str]:
    """Create whatever demo data is missing and say what was done.

    New demo customers are created as of the first day of last month and their work is logged on the
    working days of that month, so statements and the invoice run have a real month to show.
    """
    month = period_of(local_date(utcnow())).previous()
    days = working_days(month.first_day, month.last_day)
    created: dict[str, int] = {}
    for template in DEMO_CUSTOMERS:
        data = {key: value for key, value in template.items() if not key.startswith("_")}
        if _existing_customer_id(data["org_number"]) is not None:
            yield f"customer {data['name']}: already there"
            continue
        with pinned_clock(datetime.combine(month.first_day, time(9, 0), tzinfo=BUSINESS_TIMEZONE)):
            customer = create_customer(data, actor=SYSTEM)
            minutes, price = template["_package"]
            record_purchase(customer.id, minutes, price, actor=SYSTEM)
        created[customer.org_number] = customer.id
        yield f"customer {customer.name} (id {customer.id}): created with a {minutes // 60} h package"
    yield from _log_demo_month(created, days)
    for email, display_name, role, org_number in DEMO_USERS:
        if db.session.execute(select(User.id).where(User.email == email)).scalar() is not None:
            yield f"user {email}: already there"
            continue
        customer_id = _existing_customer_id(org_number) if org_number else None
        create_user(email, role, DEMO_PASSWORD, display_name=display_name, customer_id=customer_id)
        yield f"user {email} ({role}): created, password {DEMO_PASSWORD!r}"
    yield from _demo_exchange_rate(month)
    yield from load_demo_support()
    yield from load_demo_agreements()
    yield from load_demo_mail()
    yield from _demo_mail()


#: An illustrative SEK per EUR rate for the demo's EUR customers; production records the Riksbank's rates.
DEMO_EUR_RATE = "11.4835"


def _demo_exchange_rate(month: Period) -> Iterator[str]:
    """An EUR rate on the demo month's last day, so that its EUR invoices can be issued (the same again is a no-op)."""
    record_exchange_rate({"currency": "EUR", "date": month.last_day.isoformat(), "rate": DEMO_EUR_RATE}, actor=SYSTEM)
    yield (f"exchange rate: EUR {DEMO_EUR_RATE} SEK on {month.last_day.isoformat()} (a demo figure; record the "
           "Riksbank's rates with `flask rates import` in production)")


def _demo_mail() -> Iterator[str]:
    """The outbox as the demo leaves it: low-balance, renewal and invoice mails queued by the demo."""
    from ledger.models import OutboxMessage

    queued = db.session.execute(select(func.count()).select_from(OutboxMessage)
                                .where(OutboxMessage.status == "queued")).scalar_one()
    yield (f"outbox: {queued} mails queued; the jobs worker (or `flask mail send-pending`) delivers them, "
           "in development as .eml files under instance/mail/")


def _log_demo_month(created: dict[str, int], days: list[date]) -> Iterator[str]:
    """Log the demo month's work for customers created in this run (the Swedish catalogue only)."""
    if not created:
        return
    if active_catalogue().id != "sv_servicekonto":
        yield f"tasks: skipped, the demo month is written for sv_servicekonto, not {active_catalogue().id}"
        return
    count = 0
    for org_number, day_number, category, minutes, description, facts in DEMO_MONTH:
        if org_number not in created:
            continue
        day = days[min(day_number, len(days)) - 1]
        with pinned_clock(at_four_pm(day)):
            record_task({"customer_id": created[org_number], "work_date": day, "category": category,
                         "minutes": minutes, "description": description, **facts}, actor=SYSTEM)
        count += 1
    yield f"tasks: logged {count} tasks over {days[0]:%Y-%m} across every category"
