"""Contacts at a customer, as far as cases need them: who reported a problem. Roles, an audit trail and the
contacts API come with the contacts issue; they add to this module."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain.cases import checked_text
from ledger.domain.customers import _EMAIL
from ledger.domain.errors import FieldErrors, InvalidInput
from ledger.extensions import db
from ledger.locales import LANGUAGES
from ledger.models import Contact
from ledger.services.access import STAFF_ROLES, Actor, check_customer_visible, require_role
from ledger.services.clock import utcnow
from ledger.services.tx import lock_account, write_transaction


def create_contact(customer_id: int, data: dict[str, Any], *, actor: Actor) -> Contact:
    """Add a person at the customer: name, e-mail, phone (optional) and language (sv/en, default sv).

    :raise InvalidInput: naming every bad field.  :raise NotFound: unknown customer.
    """
    require_role(actor, *STAFF_ROLES)
    errors = FieldErrors()
    name = checked_text(errors, "name", data.get("name"), 200)
    email = checked_text(errors, "email", data.get("email"), 254)
    if email and "email" not in errors and not _EMAIL.fullmatch(email):
        errors.add("email", "not_an_email", value=email)
    phone = checked_text(errors, "phone", data.get("phone"), 40, required=False) or None
    language = data.get("language") or "sv"
    if language not in LANGUAGES:
        errors.add("language", "one_of", choices=LANGUAGES)
    errors.raise_if_any()
    with write_transaction() as session:
        customer, _account = lock_account(session, customer_id)
        contact = Contact(customer_id=customer.id, name=name, email=email, phone=phone, language=language,
                          created_at=utcnow())
        session.add(contact)
        session.flush()
    return contact


def list_contacts(customer_id: int, *, actor: Actor) -> list[Contact]:
    """The customer's current contacts by name (a customer user: its own customer only)."""
    check_customer_visible(actor, customer_id)
    return list(db.session.execute(
        select(Contact).where(Contact.customer_id == customer_id, Contact.removed_at.is_(None))
        .order_by(Contact.name, Contact.id)
    ).scalars())


def check_reporter(session: Session, customer_id: int, contact_id: int | None) -> None:
    """A case's reporter must be a current contact of the case's customer.

    :raise InvalidInput: on reporter_contact_id otherwise.
    """
    if contact_id is None:
        return
    owner = session.execute(
        select(Contact.customer_id).where(Contact.id == contact_id, Contact.removed_at.is_(None))
    ).scalar()
    if owner != customer_id:
        raise InvalidInput.single("reporter_contact_id", "contact_not_of_customer", contact_id=contact_id)
