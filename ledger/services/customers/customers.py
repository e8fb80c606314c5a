"""Customer use cases: create, read and find within the actor's scope; a closed customer takes nothing new.

Closing a customer forfeits its hours: that is the ledger's (`ledger.services.accounts.closing`)."""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import or_, select

from ledger.domain.customers.search import search_patterns, search_text
from ledger.domain.customers.terms import validate_customer
from ledger.domain.errors import Conflict
from ledger.domain.problems import N_, define_messages
from ledger.extensions import db
from ledger.models import Customer, ServiceAccount
from ledger.services.access import READ_ALL_ROLES, STAFF_ROLES, Actor, check_customer_visible, require_role
from ledger.services.clock import utcnow
from ledger.services.errors import NotFound
from ledger.services.idempotency import IdempotencyKey, remember, replay, replay_on_race
from ledger.services.tx import write_transaction

MESSAGES = define_messages({
    "duplicate_customer": N_("Customer %(customer_id)s already has organisation number %(org_number)s."),
})
#: LIKE's wildcards, escaped in a search so that "50%" finds "50%" and "a_b" does not find "axb".
LIKE_ESCAPE = "\\"


@replay_on_race
def create_customer(data: dict[str, Any], *, actor: Actor, idempotency: IdempotencyKey | None = None) -> Customer:
    """Validate and create a customer with an empty service account.

    :raise InvalidInput: naming every bad field.
    :raise Conflict: an active customer already has this organisation number.
    """
    require_role(actor, *STAFF_ROLES)
    with write_transaction() as session:
        if (stored := replay(session, idempotency, "create_customer")) is not None:
            return session.get_one(Customer, stored["customer_id"])
        terms = validate_customer(data)
        duplicate = session.execute(
            select(Customer.id).where(
                Customer.org_number == terms.org_number, Customer.country == terms.country, Customer.status == "active"
            )
        ).scalar()
        if duplicate is not None:
            # A request with this key may have committed the customer since the first look (each statement
            # sees the latest commits): then it is this request's own customer, not a duplicate.
            if (stored := replay(session, idempotency, "create_customer")) is not None:
                return session.get_one(Customer, stored["customer_id"])
            raise Conflict(code="duplicate_customer", customer_id=duplicate, org_number=terms.org_number)
        values = asdict(terms)
        hourly_rate, monthly_fee = values.pop("hourly_rate"), values.pop("monthly_fee")
        customer = Customer(
            **values,
            search_text=search_text(terms.name, terms.org_number),
            hourly_rate_minor=hourly_rate["minor"],
            monthly_fee_minor=monthly_fee["minor"],
            status="active",
            created_at=utcnow(),
        )
        customer.account = ServiceAccount()  # empty: no hours, the chain at its genesis
        session.add(customer)
        session.flush()
        remember(session, idempotency, "create_customer", {"customer_id": customer.id})
    return customer


def get_customer(customer_id: int, *, actor: Actor) -> Customer:
    """A customer the actor may see.

    :raise NotFound: unknown, or another customer's (for a customer user).
    """
    check_customer_visible(actor, customer_id)
    customer = db.session.get(Customer, customer_id)
    if customer is None:
        raise NotFound(code="customer_not_found", customer_id=customer_id)
    return customer


def like_literal(text: str) -> str:
    """`text` for a LIKE pattern that matches it literally: %, _ and the escape character itself escaped."""
    return text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%").replace("_", LIKE_ESCAPE + "_")


def list_customers(*, actor: Actor, search: str | None = None) -> list[Customer]:
    """Customers the actor may see, by name; `search` matches name or organisation number, ignoring accents and
    case in names and hyphens and spaces in numbers ("fjallbacka", "5560360793" find "Fjällbacka AB",
    556036-0793)."""
    query = select(Customer).order_by(Customer.name, Customer.id)
    if actor.role == "customer":
        query = query.where(Customer.id == actor.customer_id)
    else:
        require_role(actor, *READ_ALL_ROLES)
    patterns = search_patterns(search or "", like_literal)
    if patterns:
        query = query.where(or_(*(Customer.search_text.like(pattern, escape=LIKE_ESCAPE) for pattern in patterns)))
    return list(db.session.execute(query).scalars())


def refuse_if_closed(customer: Customer) -> None:
    """A closed customer's account takes no new entries: no work, purchases, adjustments or task decisions.

    :raise Conflict: customer_closed.
    """
    if customer.status == "closed":
        raise Conflict(code="customer_closed", customer_id=customer.id)
