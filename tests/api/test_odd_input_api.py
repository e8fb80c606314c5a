"""Odd input through the API, on both engines: refused as 422 naming the field, never stored, never a 500."""
import pytest

from ledger.extensions import db
from ledger.models import Customer, HourPackage
from tests.conftest import CUSTOMER_DEFAULTS


@pytest.fixture
def staff(api):
    return api("staff")


def problems_of(answer):
    body = answer.get_json()
    assert answer.status_code == 422, body
    return {field: [problem["code"] for problem in items] for field, items in body["problems"].items()}


def test_a_nul_anywhere_in_a_new_customer_is_422_naming_each_field_and_nothing_is_stored(staff):
    body = {**CUSTOMER_DEFAULTS, "name": "Nul\x00AB", "address": "Gata 1\x00", "invoice_reference": "ok"}
    assert problems_of(staff.post("/api/v1/customers", json=body)) == {"address": ["nul_character"],
                                                                       "name": ["nul_character"]}
    assert db.session.query(Customer).count() == 0


def test_a_lone_surrogate_is_422_naming_its_field(staff):
    raw = '{"name": "\\ud83d", "org_number": "556677-8899", "hourly_rate": "950.00", "monthly_fee": "1.00"}'
    answer = staff.client.post("/api/v1/customers", data=raw, content_type="application/json",
                               headers={"Authorization": f"Bearer {staff.token}"})
    assert problems_of(answer) == {"name": ["lone_surrogate"]}


def test_a_price_in_arabic_indic_digits_is_not_read_as_one_hundred(staff, make_customer):
    customer = make_customer()
    answer = staff.post(f"/api/v1/customers/{customer.id}/hour-packages", json={"minutes": 60, "price": "١٠٠"})
    assert answer.status_code == 422 and list(answer.get_json()["errors"]) == ["price"]
    assert db.session.query(HourPackage).count() == 0


def test_an_id_in_other_digits_is_no_customer_and_a_query_integer_must_be_ascii(staff, make_customer):
    make_customer()
    assert staff.get("/api/v1/customers/١").status_code == 404
    assert staff.get("/api/v1/customers/%C2%B2").status_code == 404
    answer = staff.get("/api/v1/tasks", query_string={"customer_id": "١"})
    assert answer.status_code == 422 and list(answer.get_json()["errors"]) == ["customer_id"]


def test_a_number_of_five_thousand_digits_is_422_naming_it(staff, make_customer):
    customer = make_customer()
    raw = '{"minutes": ' + "9" * 5000 + ', "price": "100.00"}'
    answer = staff.client.post(f"/api/v1/customers/{customer.id}/hour-packages", data=raw,
                               content_type="application/json", headers={"Authorization": f"Bearer {staff.token}"})
    assert problems_of(answer) == {"minutes": ["number_too_long"]}


def test_json_nested_a_thousand_deep_is_422_naming_the_body(staff):
    answer = staff.client.post("/api/v1/tasks", data="[" * 1000 + "]" * 1000, content_type="application/json",
                               headers={"Authorization": f"Bearer {staff.token}"})
    assert problems_of(answer) == {"body": ["nested_too_deeply"]}
