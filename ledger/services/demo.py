"""Demo data for a first look: Swedish and EU customers, users of every role, hour packages."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from ledger.extensions import db
from ledger.models import Customer, User
from ledger.services.access import SYSTEM
from ledger.services.accounts import record_purchase
from ledger.services.customers import create_customer
from ledger.services.users import create_user

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
        "overdraft_limit_minutes": 0, "email": "faktura@fjallbackabygg.example",
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
    ("admin@servicekonto.example", "admin", None),
    ("staff@servicekonto.example", "staff", None),
    ("finance@servicekonto.example", "finance", None),
    ("kund@nordlys.example", "customer", "556677-8899"),
)


def _existing_customer_id(org_number: str) -> int | None:
    return db.session.execute(select(Customer.id).where(Customer.org_number == org_number)).scalar()


def load_demo_data() -> Iterator[str]:
    """Create whatever demo data is missing and say what was done."""
    for template in DEMO_CUSTOMERS:
        data = {key: value for key, value in template.items() if not key.startswith("_")}
        if _existing_customer_id(data["org_number"]) is not None:
            yield f"customer {data['name']}: already there"
            continue
        customer = create_customer(data, actor=SYSTEM)
        minutes, price = template["_package"]
        record_purchase(customer.id, minutes, price, actor=SYSTEM)
        yield f"customer {customer.name} (id {customer.id}): created with a {minutes // 60} h package"
    for email, role, org_number in DEMO_USERS:
        if db.session.execute(select(User.id).where(User.email == email)).scalar() is not None:
            yield f"user {email}: already there"
            continue
        customer_id = _existing_customer_id(org_number) if org_number else None
        create_user(email, role, DEMO_PASSWORD, customer_id=customer_id)
        yield f"user {email} ({role}): created, password {DEMO_PASSWORD!r}"
