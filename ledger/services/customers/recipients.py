"""Who receives what (docs/contacts-and-agreements.md): the addresses and languages a customer's mail goes to.

Invoices, renewal notices and reminders go to the customer's contract managers, low-balance notices to the
contract managers and service owners; a customer without such contacts gets them at its invoice e-mail
address, in the customer's language.
"""
from __future__ import annotations

from typing import NamedTuple

from sqlalchemy.orm import Session

from ledger.models import Customer
from ledger.services.customers.contacts import contacts_in_roles


class Recipient(NamedTuple):
    email: str
    language: str


def _contacts_in_roles(session: Session, customer: Customer, roles: tuple[str, ...]) -> list[Recipient]:
    """The current contacts holding any of `roles`, each address once, each in the contact's language."""
    found: dict[str, Recipient] = {}
    for contact in contacts_in_roles(session, customer.id, roles):
        found.setdefault(contact.email.lower(), Recipient(contact.email, contact.language))
    return list(found.values())


def _with_fallback(found: list[Recipient], customer: Customer) -> list[Recipient]:
    if found:
        return found
    return [Recipient(customer.email, customer.language)] if customer.email else []


def billing_recipients(session: Session, customer: Customer) -> list[Recipient]:
    """Invoices, renewal notices and payment reminders: the contract managers, else the invoice address."""
    return _with_fallback(_contacts_in_roles(session, customer, ("contract_manager",)), customer)


def low_balance_recipients(session: Session, customer: Customer) -> list[Recipient]:
    """Low-balance notices: the contract managers and service owners, else the invoice address."""
    return _with_fallback(_contacts_in_roles(session, customer, ("contract_manager", "service_owner")), customer)
