"""Contacts and agreements on the staff customer page and in the portal: banner, forms, "expires in N days"."""
from __future__ import annotations

import html
import re

from sqlalchemy import func, select, update

from ledger.extensions import db
from ledger.models import Agreement, Contact, User
from ledger.services.access import SYSTEM
from ledger.services.customers.contacts import create_contact
from ledger.services.support.agreements import create_agreement
from tests.services.support_helpers import local
from tests.web.conftest import post_form


def visible(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(response.get_data(as_text=True)))).replace(
        "\xa0", " ")


def test_staff_see_the_missing_technician_add_a_contact_and_the_banner_goes(client, sign_in, make_customer):
    customer = make_customer(deployment="on_premise")
    sign_in("staff")
    page = visible(client.get(f"/staff/customers/{customer.id}"))
    assert "Nyckelroller saknas" in page and "Driftstekniker" in page and "På kundens egna servrar" in page
    path = f"/staff/customers/{customer.id}/contacts"
    refused = post_form(client, path, {"name": "Olle", "email": "olle-at-kund", "language": "sv",
                                       "roles": ["operations_technician"]}, page=f"/staff/customers/{customer.id}")
    assert refused.status_code == 422
    for role in ("expert_user", "contract_manager", "service_owner"):
        create_contact(customer.id, {"name": role, "email": f"{role}@kund.example", "roles": [role]}, actor=SYSTEM)
    added = post_form(client, path, {"name": "Olle Drift", "email": "olle@kund.example", "language": "sv",
                                     "roles": ["operations_technician"]}, page=f"/staff/customers/{customer.id}")
    assert added.status_code == 303
    page = visible(client.get(f"/staff/customers/{customer.id}"))
    assert "Nyckelroller saknas" not in page and "Olle Drift" in page
    assert "Avtalsansvarig: 1 angivna, 2 rekommenderas." in page


def test_staff_edit_and_remove_a_contact(client, sign_in, make_customer):
    customer = make_customer()
    contact = create_contact(customer.id, {"name": "Karin Ek", "email": "karin@kund.example",
                                           "roles": ["contract_manager"]}, actor=SYSTEM)
    sign_in("staff")
    edit = f"/staff/contacts/{contact.id}/edit"
    assert 'value="karin@kund.example"' in client.get(edit).get_data(as_text=True)
    saved = post_form(client, edit, {"name": "Karin Ek", "email": "karin.ek@kund.example", "language": "en",
                                     "roles": ["contract_manager", "service_owner"]})
    assert saved.status_code == 303
    db.session.expire_all()
    stored = db.session.get(Contact, contact.id)
    assert (stored.email, stored.language, stored.role_names) == ("karin.ek@kund.example", "en",
                                                                 ["contract_manager", "service_owner"])
    removed = post_form(client, f"/staff/contacts/{contact.id}/remove", {}, page=f"/staff/customers/{customer.id}")
    assert removed.status_code == 303
    page = visible(client.get(f"/staff/customers/{customer.id}"))
    assert "Karin Ek togs bort" in page and "karin.ek@kund.example" not in page


def test_staff_sell_a_maintenance_pack_and_see_it_expire_in_n_days(app, client, sign_in, make_customer, freeze_clock):
    app.config["SESSION_LIFETIME_HOURS"] = 365 * 24  # the clock moves on a year while signed in
    freeze_clock(local(2029, 10, 8, 10))
    customer = make_customer()
    sign_in("staff")
    sold = post_form(client, f"/staff/customers/{customer.id}/agreements",
                     {"kind": "maintenance", "variant": "site", "licence_reference": "VC-77", "plan": "gold"},
                     page=f"/staff/customers/{customer.id}")
    assert sold.status_code == 303, visible(sold)[:800]
    assert db.session.execute(select(func.count()).select_from(Agreement)).scalar_one() == 1
    page = visible(client.get(f"/staff/customers/{customer.id}"))
    assert "Sålt: Underhållsavtal, platslicens, 2029-10-08 – 2030-10-07." in page, "the notice says what was sold"
    assert "Underhållsavtal, platslicens" in page and "VC-77" in page and "2029-10-08 – 2030-10-07" in page
    assert "löper ut om 364 dagar" in page
    freeze_clock(local(2030, 9, 1, 10))
    expiring = visible(client.get("/staff/agreements/expiring"))
    assert customer.name in expiring and "VC-77" in expiring and "löper ut om 36 dagar" in expiring


def test_the_portal_shows_your_agreements_and_your_contacts_with_us_in_english(client, sign_in, make_customer,
                                                                               freeze_clock):
    freeze_clock(local(2029, 10, 8, 10))
    ours, theirs = make_customer(language="en", deployment="on_premise"), make_customer(name="Annat AB")
    create_agreement(ours.id, {"kind": "maintenance", "variant": "one_server", "licence_reference": "VC-9"},
                     actor=SYSTEM)
    create_contact(ours.id, {"name": "John Smith", "email": "john@ours.example", "language": "en",
                             "roles": ["contract_manager"]}, actor=SYSTEM)
    create_contact(theirs.id, {"name": "Eva Berg", "email": "eva@theirs.example"}, actor=SYSTEM)
    user = sign_in("customer", ours.id)
    db.session.execute(update(User).where(User.id == user.id).values(language="en"))
    db.session.commit()
    page = visible(client.get("/portal"))
    assert "Your agreements" in page and "Maintenance agreement, 1 server (licence VC-9)" in page
    assert "expires in 364 days" in page
    assert "Your contacts with us" in page and "John Smith" in page and "Contract manager" in page
    assert "Eva Berg" not in page
    assert "Please name these key roles" in page and "Operations technician" in page
