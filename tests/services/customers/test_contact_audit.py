"""The contacts' audit trail is append-only in the database, and recipients follow the roles."""
from __future__ import annotations

import pytest
from sqlalchemy import delete, update
from sqlalchemy.exc import DatabaseError

from ledger.extensions import db
from ledger.models import ContactChange
from ledger.services.access import SYSTEM
from ledger.services.customers.contacts import create_contact, update_contact
from ledger.services.customers.recipients import billing_recipients, low_balance_recipients


@pytest.mark.parametrize("statement", [update(ContactChange).values(action="removed"), delete(ContactChange)])
def test_the_audit_trail_refuses_updates_and_deletes(make_customer, statement):
    customer = make_customer()
    create_contact(customer.id, {"name": "Karin Ek", "email": "karin@kund.example"}, actor=SYSTEM)
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(statement)
    db.session.rollback()
    assert db.session.query(ContactChange).count() == 1


def test_mail_goes_to_the_roles_in_their_languages_and_falls_back_to_the_invoice_address(make_customer):
    customer = make_customer(email="faktura@kund.example", language="sv")
    assert billing_recipients(db.session, customer) == [("faktura@kund.example", "sv")]
    owner = create_contact(customer.id, {"name": "Olle", "email": "olle@kund.example", "language": "en",
                                         "roles": ["service_owner"]}, actor=SYSTEM)
    assert billing_recipients(db.session, customer) == [("faktura@kund.example", "sv")]
    assert low_balance_recipients(db.session, customer) == [("olle@kund.example", "en")]
    update_contact(owner.id, {"roles": ["service_owner", "contract_manager"]}, actor=SYSTEM)
    assert billing_recipients(db.session, customer) == [("olle@kund.example", "en")]
    assert low_balance_recipients(db.session, customer) == [("olle@kund.example", "en")], "each address once"
