"""Issue 22 item 20: a customer name with "\\r\\nBcc: …" appeared as extra lines in mail bodies.

Single-line fields (names, phone, subject, references) refuse CR and LF with a 422 naming the field, on the API and
on the pages, and nothing is written."""
import pytest

from ledger.domain.errors import InvalidInput
from ledger.extensions import db
from ledger.models import Contact, Customer, Task, User
from ledger.services.payments.by_hand import record_payment
from ledger.services.access import SYSTEM
from tests.conftest import CUSTOMER_DEFAULTS
from tests.web.conftest import post_form
from tests.web.test_staff_pages import field_errors

INJECTED = "Kund AB\r\nBcc: everyone@attacker.example"
SWEDISH = "Ska vara en enda rad, utan radbrytningar."


def _count(model) -> int:
    db.session.rollback()
    return db.session.query(model).count()


def test_the_api_and_the_pages_refuse_line_breaks_in_single_line_fields_naming_each_field(api, client, sign_in,
                                                                                          make_customer):
    staff = api("staff")
    customer = make_customer()
    for line_break in ("\r\n", "\n", "\r", "\u2028"):
        _refused_everywhere(staff, customer, f"first{line_break}Bcc: everyone@attacker.example")
    assert (_count(Customer), _count(Contact), _count(Task)) == (1, 0, 0)
    _refused_on_the_pages(client, sign_in, customer)


def _refused_everywhere(staff, customer, bad: str) -> None:
    new_customer = staff.post("/api/v1/customers", json={**CUSTOMER_DEFAULTS, "org_number": "556036-0793",
                                                          "name": bad, "invoice_reference": bad})
    contact = staff.post(f"/api/v1/customers/{customer.id}/contacts",
                         json={"name": bad, "email": "karin@kund.example", "phone": bad})
    task = staff.post("/api/v1/tasks", json={"customer_id": customer.id, "work_date": "2026-11-02", "minutes": 30,
                                             "category": "project", "agreement_reference": bad,
                                             "description": "Plugin"})
    case = staff.post("/api/v1/cases", json={"customer_id": customer.id, "severity": 3, "subject": bad,
                                             "description": "Two\nlines are fine here", "channel": "email"})
    for answer, fields in ((new_customer, {"name", "invoice_reference"}), (contact, {"name", "phone"}),
                           (task, {"agreement_reference"}), (case, {"subject"})):
        assert answer.status_code == 422, answer.get_json()
        assert set(answer.get_json()["errors"]) == fields
        assert all("single line" in text for field in fields for text in answer.get_json()["errors"][field])


def _refused_on_the_pages(client, sign_in, customer) -> None:
    sign_in("admin")
    client.post("/language", data={"language": "sv", "next": "/"})
    new = post_form(client, "/staff/customers/new", {
        "name": INJECTED, "org_number": "556036-0793", "country": "SE", "language": "sv", "currency": "SEK",
        "hourly_rate": "950", "monthly_fee": "1499", "billing_increment_minutes": "1", "low_balance_minutes": "120"})
    contact = post_form(client, f"/staff/customers/{customer.id}/contacts",
                        {"name": "Karin Ek", "email": "karin@kund.example", "phone": "08-123\r\nBcc: x@y.example",
                         "language": "sv", "roles": ["contract_manager"]}, page=f"/staff/customers/{customer.id}")
    user = post_form(client, "/admin/users/new", {"display_name": INJECTED, "email": "greta@test.example",
                                                  "role": "staff", "customer": "None",
                                                  "password": "correct horse battery"})
    for answer, field in ((new, "name"), (contact, "contact-phone"), (user, "display_name")):
        assert answer.status_code == 422
        assert SWEDISH in field_errors(answer, field)
    assert (_count(Customer), _count(Contact), _count(User)) == (1, 0, 2)  # the API's staff user and the admin


def test_a_payment_reference_is_one_line(issued):
    [invoice] = issued()
    with pytest.raises(InvalidInput) as refused:
        record_payment(invoice.id, {"amount": "100.00", "paid_on": invoice.issue_date, "reason": "Swish",
                                    "reference": "F1000\r\nBcc: x@y.example"}, actor=SYSTEM)
    assert [problem.code for problem in refused.value.problems["reference"]] == ["line_break"]
