"""Customer use cases: create, read within the actor's scope, close (forfeiting remaining hours)."""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import select

from ledger.domain.chain import GENESIS_HASH
from ledger.domain.customers import validate_customer
from ledger.domain.entries import EntryKind
from ledger.domain.errors import Conflict, InvalidInput
from ledger.domain.problems import N_, define_messages
from ledger.extensions import db
from ledger.models import Customer, LedgerEntry, ServiceAccount
from ledger.services.access import READ_ALL_ROLES, STAFF_ROLES, Actor, check_customer_visible, require_role
from ledger.services.clock import utcnow
from ledger.services.entries import book_entry, refuse_if_closed
from ledger.services.errors import NotFound
from ledger.services.idempotency import IdempotencyKey, remember, replay, replay_on_race
from ledger.services.tx import lock_account, write_transaction

MESSAGES = define_messages({
    "duplicate_customer": N_("Customer %(customer_id)s already has organisation number %(org_number)s."),
    "hours_owed": N_("Customer %(customer_id)s owes %(owed_minutes)s; invoice the hours owed before closing the account."),
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
            hourly_rate_minor=hourly_rate["minor"],
            monthly_fee_minor=monthly_fee["minor"],
            status="active",
            created_at=utcnow(),
        )
        customer.account = ServiceAccount(balance_minutes=0, last_seq=0, last_hash=GENESIS_HASH)
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
    """Customers the actor may see, by name; `search` matches name or organisation number."""
    query = select(Customer).order_by(Customer.name, Customer.id)
    if actor.role == "customer":
        query = query.where(Customer.id == actor.customer_id)
    else:
        require_role(actor, *READ_ALL_ROLES)
    if search:
        pattern = f"%{like_literal(search.strip().lower())}%"
        query = query.where(db.func.lower(Customer.name).like(pattern, escape=LIKE_ESCAPE)
                            | Customer.org_number.like(pattern, escape=LIKE_ESCAPE))
    return list(db.session.execute(query).scalars())


@replay_on_race
def close_customer(
    customer_id: int, reason: str, *, actor: Actor, idempotency: IdempotencyKey | None = None
) -> LedgerEntry | None:
    """Close a customer and forfeit the remaining hours (they are valid only while a customer).

    Returns the forfeit entry, or None when no hours were left.
    :raise Conflict: already closed, or the customer still owes hours (invoice them first).
    """
    require_role(actor, "admin")
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not reason:
        raise InvalidInput.single("reason", "reason_required")
    with write_transaction() as session:
        customer, account = lock_account(session, customer_id)
        if (stored := replay(session, idempotency, "close_customer")) is not None:
            entry_id = stored["entry_id"]
            return None if entry_id is None else session.get_one(LedgerEntry, entry_id)
        refuse_if_closed(customer)
        if account.balance_minutes < 0:
            raise Conflict(code="hours_owed", customer_id=customer_id, owed_minutes=-account.balance_minutes,
                           balance_minutes=account.balance_minutes)
        entry = None
        if account.balance_minutes > 0:
            entry = book_entry(
                session,
                customer,
                account,
                EntryKind.FORFEIT,
                -account.balance_minutes,
                actor=actor,
                memo=reason,
                idempotency=idempotency,
            )
        customer.status = "closed"
        customer.closed_at = utcnow()
        customer.close_reason = reason
        remember(session, idempotency, "close_customer", {"entry_id": entry.id if entry else None})
    return entry
