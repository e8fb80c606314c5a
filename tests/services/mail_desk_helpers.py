"""Fixtures for the mail desk's tests: a customer with a contact who writes to support, and the desk's settings."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from ledger.extensions import db
from ledger.models import Contact, OutboxMessage
from ledger.services.access import SYSTEM
from ledger.services.customers.contacts import create_contact
from tests.mail_messages import CUSTOMER_ADDRESS

SUPPORT_ADDRESS = "support@vendor.example"
TEAM_ADDRESS = "team@vendor.example"


@dataclass(frozen=True)
class Desk:
    """A customer whose contact Anna writes to support, and a factory of more contacts."""

    customer: Any
    anna: Contact
    add_contact: Callable[..., Contact]


@pytest.fixture
def desk(app: Any, make_customer: Callable[..., Any]) -> Desk:
    """The mail desk configured (support and team addresses), a customer and its contact Anna (Swedish)."""
    app.config.update(SUPPORT_ADDRESS=SUPPORT_ADDRESS, SUPPORT_TEAM_ADDRESS=TEAM_ADDRESS)
    customer = make_customer(name="Kund AB")

    def add_contact(customer_id: int, email: str, name: str = "Kontakt", language: str = "sv",
                    roles: tuple[str, ...] = ("expert_user",)) -> Contact:
        return create_contact(customer_id, {"name": name, "email": email, "language": language,
                                            "roles": list(roles)}, actor=SYSTEM)

    anna = add_contact(customer.id, CUSTOMER_ADDRESS.replace("anna", "Anna"), "Anna Svensson")
    return Desk(customer, anna, add_contact)


def outbox(kind: str | None = None) -> list[OutboxMessage]:
    """The outbox's messages in the order they were queued (of one kind, if given)."""
    db.session.rollback()
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind is not None:
        query = query.where(OutboxMessage.kind == kind)
    return list(db.session.execute(query).scalars())
