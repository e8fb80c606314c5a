"""Editing a customer's terms and address, with an append-only trail of who changed what, when."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ledger.domain.customers.changes import EDITABLE_FIELDS, FieldChange, changed_fields, terms_as_text
from ledger.domain.customers.search import search_text
from ledger.domain.customers.terms import validate_customer
from ledger.domain.errors import FieldErrors
from ledger.domain.money import format_minor
from ledger.domain.problems import N_, define_messages
from ledger.extensions import db
from ledger.models import Customer, CustomerChange, User
from ledger.services.access import STAFF_ROLES, Actor, check_customer_visible, require_role
from ledger.services.clock import utcnow
from ledger.services.customers.customers import refuse_if_closed
from ledger.services.tx import lock_account, write_transaction

MESSAGES = define_messages({
    "field_not_editable": N_("This cannot be changed on an existing customer."),
})
#: Fields an edit may change but not empty.
REQUIRED_FIELDS = frozenset({"name", "language", "hourly_rate", "monthly_fee", "billing_increment_minutes",
                             "low_balance_minutes"})


def customer_as_input(customer: Customer) -> dict[str, Any]:
    """The customer's current values in the form a new customer is given (decimal strings for money)."""
    return {
        "name": customer.name, "org_number": customer.org_number, "vat_number": customer.vat_number,
        "country": customer.country, "language": customer.language, "currency": customer.currency,
        "hourly_rate": format_minor(customer.hourly_rate_minor), "monthly_fee": format_minor(customer.monthly_fee_minor),
        "billing_increment_minutes": customer.billing_increment_minutes,
        "overdraft_limit_minutes": customer.overdraft_limit_minutes,
        "low_balance_minutes": customer.low_balance_minutes,
        "email": customer.email, "address": customer.address, "invoice_reference": customer.invoice_reference,
    }


def update_customer(customer_id: int, changes: dict[str, Any], *, actor: Actor) -> list[FieldChange]:
    """Change some of a customer's terms and address; every changed field is recorded with who, when, before, after.

    Fields not in `changes` keep their value; the whole result is validated as a new customer would be. Returns
    what changed (empty when nothing did, and then nothing is written).
    :raise InvalidInput: a bad value, or a field that cannot be edited.  :raise Conflict: the customer is closed.
    :raise NotFound: no such customer.
    """
    require_role(actor, *STAFF_ROLES)
    errors = FieldErrors()
    for field in sorted(set(changes) - set(EDITABLE_FIELDS)):
        errors.add(field, "field_not_editable")
    for field in sorted(REQUIRED_FIELDS & set(changes)):
        if changes[field] is None or (isinstance(changes[field], str) and not changes[field].strip()):
            errors.add(field, "required")
    errors.raise_if_any()
    with write_transaction() as session:
        customer, _ = lock_account(session, customer_id)
        refuse_if_closed(customer)
        current = customer_as_input(customer)
        before = terms_as_text(validate_customer(current))
        after_terms = validate_customer({**current, **changes})
        diff = changed_fields(before, terms_as_text(after_terms))
        now = utcnow()
        for change in diff:
            value = getattr(after_terms, change.field)
            if change.field in ("hourly_rate", "monthly_fee"):
                setattr(customer, f"{change.field}_minor", value.minor)
            else:
                setattr(customer, change.field, value)
            session.add(CustomerChange(customer_id=customer.id, user_id=actor.id, changed_at=now,
                                       field=change.field, before=change.before, after=change.after))
        if diff:
            customer.search_text = search_text(customer.name, customer.org_number)
    return diff


def list_customer_changes(customer_id: int, *, actor: Actor) -> list[tuple[CustomerChange, str | None]]:
    """Every recorded change to a customer, newest first, with the display name of who made it (None: the
    system)."""
    require_role(actor, *STAFF_ROLES)
    check_customer_visible(actor, customer_id)
    rows = db.session.execute(
        select(CustomerChange, User.display_name)
        .outerjoin(User, User.id == CustomerChange.user_id)
        .where(CustomerChange.customer_id == customer_id)
        .order_by(CustomerChange.changed_at.desc(), CustomerChange.id.desc())
    ).all()
    return [(row.CustomerChange, row.display_name) for row in rows]
