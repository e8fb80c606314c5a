"""Demo contacts with roles, a maintenance pack and the upgrade rule (docs/contacts-and-agreements.md): an on-premise customer
missing its operations technician, a pack expiring within the month with its renewal notice in the outbox, and
an upgrade included under maintenance beside one debited without it — on whatever day the demo runs."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from sqlalchemy import select

from ledger.domain.periods import local_date
from ledger.domain.support.agreements import add_months
from ledger.extensions import db
from ledger.models import Agreement, Customer, Task
from ledger.services.access import SYSTEM
from ledger.services.clock import utcnow
from ledger.services.customers.contacts import create_contact, list_contacts
from ledger.services.support.agreements import create_agreement
from ledger.services.support.renewals import queue_renewal_notices
from ledger.services.work.rules import active_catalogue
from ledger.services.work.tasks import record_task

ON_PREMISE = "559012-3450"  # Fjällbacka Bygg & Järn AB runs our product on its own servers
LICENCE = "VC-FJB-0042"
DEMO_ROLE_CONTACTS = (
    (ON_PREMISE, "Maria Holm", "maria.holm@fjallbackabygg.example", "sv", ["contract_manager", "expert_user"]),
    (ON_PREMISE, "Peter Wallin", "peter.wallin@fjallbackabygg.example", "en", ["service_owner", "contract_manager"]),
    ("556677-8899", "Lars Ek", "lars.ek@nordlys.example", "sv", ["contract_manager", "service_owner", "expert_user"]),
)
#: (org number, description): the same upgrade with and without maintenance.
DEMO_UPGRADES = ((ON_PREMISE, "Uppgradering till version 5 (med underhållsavtal)"),
                 ("556123-4567", "Uppgradering till version 5 (utan underhållsavtal)"))


def _customer(org_number: str) -> Customer | None:
    return db.session.execute(select(Customer).where(Customer.org_number == org_number)).scalar()


def load_demo_agreements() -> Iterator[str]:
    """Contacts with roles, the maintenance pack, its notice and the upgrades, where missing; says what was done."""
    for org_number, name, email, language, roles in DEMO_ROLE_CONTACTS:
        customer = _customer(org_number)
        if customer is None or any(c.email == email for c in list_contacts(customer.id, actor=SYSTEM)):
            continue
        create_contact(customer.id, {"name": name, "email": email, "language": language, "roles": roles},
                       actor=SYSTEM)
        yield f"contact {name} at {customer.name}: {', '.join(roles)}"
    customer = _customer(ON_PREMISE)
    if customer is not None and not db.session.execute(
            select(Agreement.id).where(Agreement.customer_id == customer.id, Agreement.kind == "maintenance")).first():
        today = local_date(utcnow())
        bought_on = add_months(today, -11) - timedelta(days=5)  # ends about three weeks from now
        view = create_agreement(customer.id, {"kind": "maintenance", "variant": "site", "licence_reference": LICENCE,
                                              "start_date": bought_on}, actor=SYSTEM)
        yield (f"maintenance {customer.name}: site pack for {LICENCE}, {view.agreement.starts_on} – "
               f"{view.agreement.ends_on} ({view.days_left} days left)")
    run = queue_renewal_notices()
    yield f"renewal notices: {run.messages} queued"
    if active_catalogue().category("product_upgrade") is None:
        return
    for org_number, description in DEMO_UPGRADES:
        customer = _customer(org_number)
        if customer is None or db.session.execute(
                select(Task.id).where(Task.customer_id == customer.id, Task.description == description)).first():
            continue
        result = record_task({"customer_id": customer.id, "category": "product_upgrade", "minutes": 60,
                              "work_date": local_date(utcnow()), "description": description}, actor=SYSTEM)
        yield f"upgrade for {customer.name}: {result.task.outcome} ({result.task.rule_id})"
