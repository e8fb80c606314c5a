"""The staff page that changes a customer's terms and address, and the history on the customer page."""
from __future__ import annotations

import html

from ledger.extensions import db
from ledger.models import User
from ledger.services.access import SYSTEM
from ledger.services.accounts.closing import close_customer
from ledger.services.customers.customers import get_customer
from tests.conftest import TEST_PASSWORD, utc
from tests.web.conftest import post_form

FORM = {"name": "Nordlys Handel AB", "vat_number": "", "email": "", "address": "", "invoice_reference": "",
        "language": "sv", "hourly_rate": "950.00", "monthly_fee": "1499.00", "billing_increment_minutes": "1",
        "overdraft_limit_minutes": "", "low_balance_minutes": "120"}


def test_staff_change_the_address_and_rate_and_the_customer_page_shows_who_changed_what(client, sign_in, make_customer,
                                                                                          freeze_clock):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    freeze_clock(utc(2026, 3, 5, 10))
    customer = make_customer(name="Nordlys Handel AB")
    staff = sign_in("staff")
    path = f"/staff/customers/{customer.id}/edit"
    form = client.get(path).get_data(as_text=True)
    assert 'value="950.00"' in form and "Ändra villkor och adress" in form
    answer = post_form(client, path, {**FORM, "hourly_rate": "1050.00", "address": "Storgatan 12\n111 22 Stockholm"})
    assert answer.status_code == 303 and answer.location.endswith(f"/staff/customers/{customer.id}")
    db.session.expire_all()
    assert get_customer(customer.id, actor=SYSTEM).hourly_rate_minor == 105000
    page = html.unescape(client.get(f"/staff/customers/{customer.id}").get_data(as_text=True)).replace("\xa0", " ")
    assert "Ändringar av villkoren" in page
    history = page[page.index("Ändringar av villkoren"):]
    name = db.session.get(User, staff.id).display_name
    assert name in history and staff.email not in history and "2026-03-05 11:00" in history, (
        "who (by name) and when, in Stockholm time")
    assert "Timpris" in history and "950,00 kr" in history and "1 050,00 kr" in history
    assert "Storgatan 12" in history and "hourly_rate" not in history


def test_a_bad_rate_is_marked_on_its_field_and_nothing_changes(client, sign_in, make_customer):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    customer = make_customer(name="Nordlys Handel AB")
    sign_in("staff")
    answer = post_form(client, f"/staff/customers/{customer.id}/edit", {**FORM, "hourly_rate": "a lot"})
    assert answer.status_code == 422
    assert 'aria-invalid="true"' in answer.get_data(as_text=True)
    db.session.expire_all()
    assert get_customer(customer.id, actor=SYSTEM).hourly_rate_minor == 95000


def test_finance_cannot_open_the_edit_page_and_a_closed_customer_cannot_be_edited(client, sign_in, make_customer,
                                                                                  make_user):
    customer = make_customer()
    sign_in("finance")
    assert client.get(f"/staff/customers/{customer.id}/edit").status_code == 403
    close_customer(customer.id, "moved", actor=SYSTEM)
    staff = client.application.test_client()
    staff.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    post_form(staff, "/login", {"email": make_user("staff").email, "password": TEST_PASSWORD})
    answer = staff.get(f"/staff/customers/{customer.id}/edit")
    assert answer.status_code == 200 and "A closed customer's terms cannot be changed." in answer.get_data(as_text=True)
    assert 'name="hourly_rate"' not in answer.get_data(as_text=True)
    assert post_form(staff, f"/staff/customers/{customer.id}/edit", FORM, page="/login").status_code == 409
