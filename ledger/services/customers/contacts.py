"""Contacts at a customer and the key roles they hold (docs/contacts-and-agreements.md), with an audit trail of every change.

Contacts change as people come and go, so they are ordinary rows; each create, update and removal writes a
contact_changes row (who, when, the contact before and after) in the same transaction.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.domain.customers.contact_roles import ROLES, RoleGap, role_gaps
from ledger.domain.customers.terms import _EMAIL
from ledger.domain.errors import Conflict, FieldErrors, InvalidInput
from ledger.domain.problems import N_, define_messages
from ledger.domain.text import checked_line
from ledger.extensions import db
from ledger.locales import LANGUAGES
from ledger.models import Contact, ContactChange, ContactRole, Customer
from ledger.services.access import STAFF_ROLES, Actor, check_customer_visible, require_role
from ledger.services.clock import utcnow
from ledger.services.customers.roles import active_contact_roles
from ledger.services.errors import NotFound
from ledger.services.tx import lock_account, write_transaction

MESSAGES = define_messages({
    "contact_not_found": N_("Contact %(contact_id)s does not exist."),
    "unknown_contact_role": N_("Unknown role %(role)s; roles are %(choices)s."),
    "roles_not_a_list": N_("Give the roles as a list, e.g. [\"contract_manager\"]."),
    "contact_removed": N_("Contact %(contact_id)s was removed; add the person again if they are back."),
})
EDITABLE = ("name", "email", "phone", "language", "roles")


def _checked(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """The fields given, trimmed and checked; InvalidInput naming every bad field."""
    errors = FieldErrors()
    values: dict[str, Any] = {}
    if not partial or "name" in data:
        values["name"] = checked_line(errors, "name", data.get("name"), 200)
    if not partial or "email" in data:
        email = checked_line(errors, "email", data.get("email"), 254)
        if email and "email" not in errors and not _EMAIL.fullmatch(email):
            errors.add("email", "not_an_email", value=email)
        values["email"] = email
    if not partial or "phone" in data:
        values["phone"] = checked_line(errors, "phone", data.get("phone"), 40, required=False) or None
    if not partial or "language" in data:
        language = data.get("language") or "sv"
        if language not in LANGUAGES:
            errors.add("language", "one_of", choices=LANGUAGES)
        values["language"] = language
    if not partial or "roles" in data:
        roles = data.get("roles") if data.get("roles") is not None else []
        if not isinstance(roles, list | tuple) or not all(isinstance(role, str) for role in roles):
            errors.add("roles", "roles_not_a_list")
            roles = []
        for role in roles:
            if role not in ROLES:
                errors.add("roles", "unknown_contact_role", role=role, choices=ROLES)
        values["roles"] = [role for role in ROLES if role in roles]
    errors.raise_if_any()
    return values


def snapshot(contact: Contact) -> dict[str, Any]:
    """The contact as the audit trail keeps it."""
    return {"name": contact.name, "email": contact.email, "phone": contact.phone, "language": contact.language,
            "roles": contact.role_names, "removed": contact.removed_at is not None}


def _audit(session: Session, contact: Contact, action: str, actor: Actor, before: dict[str, Any] | None) -> None:
    session.add(ContactChange(contact_id=contact.id, customer_id=contact.customer_id, action=action,
                              actor_id=actor.id, at=utcnow(), before=before, after=snapshot(contact)))


def _set_roles(contact: Contact, roles: list[str]) -> None:
    held = {role.role: role for role in contact.roles}
    contact.roles = [held.get(role) or ContactRole(role=role) for role in roles]


def create_contact(customer_id: int, data: dict[str, Any], *, actor: Actor) -> Contact:
    """Add a person at the customer: name, e-mail, phone (optional), language (sv/en, default sv) and roles.

    :raise InvalidInput: naming every bad field.  :raise NotFound: unknown customer.
    """
    require_role(actor, *STAFF_ROLES)
    _checked(data, partial=False)
    with write_transaction() as session:
        customer, _account = lock_account(session, customer_id)
        contact = add_contact(session, customer.id, data, actor=actor)
    return contact


def add_contact(session: Session, customer_id: int, data: dict[str, Any], *, actor: Actor) -> Contact:
    """Add a person at the customer in the caller's transaction (the caller has locked the customer's account),
    with its audit-trail row: what `create_contact` does, for use cases that add a contact on the way.

    :raise InvalidInput: naming every bad field.
    """
    values = _checked(data, partial=False)
    roles = values.pop("roles")
    contact = Contact(customer_id=customer_id, created_at=utcnow(), **values)
    _set_roles(contact, roles)
    session.add(contact)
    session.flush()
    _audit(session, contact, "created", actor, None)
    return contact


def _current_contact(session: Session, contact_id: int, actor: Actor) -> Contact:
    """The contact to change, locked with its customer's account.

    :raise NotFound: unknown (or, for a customer user, another customer's).  :raise Conflict: removed.
    """
    contact = session.get(Contact, contact_id)
    if contact is None or (actor.role == "customer" and actor.customer_id != contact.customer_id):
        raise NotFound(code="contact_not_found", contact_id=contact_id)
    lock_account(session, contact.customer_id)
    session.refresh(contact)
    if contact.removed_at is not None:
        raise Conflict(code="contact_removed", contact_id=contact_id)
    return contact


def update_contact(contact_id: int, data: dict[str, Any], *, actor: Actor) -> Contact:
    """Change some of a contact's fields (the others stay); the change is kept in the audit trail.

    :raise InvalidInput: naming every bad field.  :raise NotFound: unknown contact.  :raise Conflict: removed.
    """
    require_role(actor, *STAFF_ROLES)
    values = _checked({key: value for key, value in data.items() if key in EDITABLE}, partial=True)
    with write_transaction() as session:
        contact = _current_contact(session, contact_id, actor)
        before = snapshot(contact)
        if "roles" in values:
            _set_roles(contact, values.pop("roles"))
        for field, value in values.items():
            setattr(contact, field, value)
        session.flush()
        if snapshot(contact) != before:
            _audit(session, contact, "updated", actor, before)
    return contact


def remove_contact(contact_id: int, *, actor: Actor) -> Contact:
    """Remove a person who left: the row stays (cases still name them), without roles, marked removed.

    :raise NotFound: unknown contact.  :raise Conflict: already removed.
    """
    require_role(actor, *STAFF_ROLES)
    with write_transaction() as session:
        contact = _current_contact(session, contact_id, actor)
        before = snapshot(contact)
        contact.roles = []
        contact.removed_at = utcnow()
        session.flush()
        _audit(session, contact, "removed", actor, before)
    return contact


def list_contacts(customer_id: int, *, actor: Actor) -> list[Contact]:
    """The customer's current contacts by name (a customer user: its own customer only)."""
    check_customer_visible(actor, customer_id)
    if db.session.get(Customer, customer_id) is None:
        raise NotFound(code="customer_not_found", customer_id=customer_id)
    return list(db.session.execute(
        select(Contact).where(Contact.customer_id == customer_id, Contact.removed_at.is_(None))
        .order_by(Contact.name, Contact.id)
    ).scalars())


def contact_history(customer_id: int, *, actor: Actor) -> list[ContactChange]:
    """The audit trail of a customer's contacts, newest first (staff)."""
    require_role(actor, *STAFF_ROLES)
    return list(db.session.execute(
        select(ContactChange).where(ContactChange.customer_id == customer_id)
        .order_by(ContactChange.at.desc(), ContactChange.id.desc())
    ).scalars())


def role_counts(session: Session, customer_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """For each customer, how many current contacts hold each role."""
    ids = list(customer_ids)
    counts: dict[int, dict[str, int]] = {customer_id: {} for customer_id in ids}
    if not ids:
        return counts
    rows = session.execute(
        select(Contact.customer_id, ContactRole.role, func.count())
        .join(ContactRole, ContactRole.contact_id == Contact.id)
        .where(Contact.customer_id.in_(ids), Contact.removed_at.is_(None))
        .group_by(Contact.customer_id, ContactRole.role)
    ).all()
    for customer_id, role, count in rows:
        counts[customer_id][role] = count
    return counts


def customer_role_gaps(customer: Customer, session: Session | None = None) -> tuple[list[RoleGap], list[RoleGap]]:
    """(missing roles, recommendations) of a customer, from its deployment and current contacts."""
    session = session or db.session()
    counts = role_counts(session, [customer.id])[customer.id]
    return role_gaps(active_contact_roles(), customer.deployment, counts)


def contacts_in_roles(session: Session, customer_id: int, roles: tuple[str, ...]) -> list[Contact]:
    """The customer's current contacts holding any of `roles`, each once, by name."""
    return list(session.execute(
        select(Contact).where(Contact.customer_id == customer_id, Contact.removed_at.is_(None),
                              Contact.id.in_(select(ContactRole.contact_id).where(ContactRole.role.in_(roles))))
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
