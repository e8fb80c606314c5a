"""A Swedish support desk's day: memos, refusals and input formats read as Swedish (issue 12)."""
from __future__ import annotations

import html

import pytest

from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_purchase
from tests.conftest import utc
from tests.services.helpers import debit
from tests.web.conftest import post_form


@pytest.fixture
def swedish(client, freeze_clock):
    """Swedish pages on a fixed day, 5 March 2026."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    freeze_clock(utc(2026, 3, 5, 10))


@pytest.fixture
def staff(swedish, sign_in):
    return sign_in("staff")


def text(response) -> str:
    """The page's text as read: entities decoded, non-breaking spaces as spaces."""
    return html.unescape(response.get_data(as_text=True)).replace("\xa0", " ")


def test_the_memos_the_system_wrote_read_in_swedish_on_the_customer_page(client, staff, make_customer):
    customer = make_customer()
    record_purchase(customer.id, 600, "9500.00", actor=SYSTEM)
    debit(customer.id, 45, description="Installerade integrationen")
    page = text(client.get(f"/staff/customers/{customer.id}"))
    assert "Timpaket 10 tim" in page
    assert "Installerade integrationen" in page and "Uppgift " in page
    assert "Hour package" not in page and "Task " not in page


def test_a_page_behind_sign_in_asks_in_swedish(client, swedish):
    page = text(client.get("/staff/customers", follow_redirects=True))
    assert "Logga in för att se sidan." in page and "Please log in" not in page


def _balance(customer_id: int) -> int:
    from sqlalchemy import select

    from ledger.extensions import db
    from ledger.models import ServiceAccount

    db.session.rollback()
    return db.session.execute(
        select(ServiceAccount.balance_minutes).where(ServiceAccount.customer_id == customer_id)).scalar_one()


def _field_errors(response, field: str) -> str:
    import re

    match = re.search(rf'<ul class="errors" id="{field}-errors">(.*?)</ul>', response.get_data(as_text=True), re.S)
    assert match, f"no errors shown for {field}"
    return html.unescape(match.group(1)).replace("\xa0", " ")


def test_hours_are_sold_in_hours_and_minutes_at_a_price_typed_as_the_app_prints_it(client, staff, make_customer):
    customer = make_customer()
    path = f"/staff/customers/{customer.id}/hour-packages"
    answer = post_form(client, path, {"hours": "10", "minutes": "30", "price": "9 500,00 kr", "idempotency_key": "a"})
    assert answer.status_code == 303 and _balance(customer.id) == 630
    from sqlalchemy import select

    from ledger.extensions import db
    from ledger.models import HourPackage

    assert db.session.execute(select(HourPackage.price_minor)).scalar_one() == 950000


def test_an_amount_that_reads_two_ways_is_refused_in_swedish_and_sells_nothing(client, staff, make_customer):
    customer = make_customer()
    path = f"/staff/customers/{customer.id}/hour-packages"
    answer = post_form(client, path, {"hours": "10", "price": "9,500", "idempotency_key": "b"})
    errors = _field_errors(answer, "price")
    assert answer.status_code == 422 and "kan läsas på två sätt" in errors and "can be read" not in errors
    assert _balance(customer.id) == 0


def test_a_package_without_hours_is_refused_in_swedish(client, staff, make_customer):
    customer = make_customer()
    answer = post_form(client, f"/staff/customers/{customer.id}/hour-packages",
                       {"hours": "", "minutes": "", "price": "100", "idempotency_key": "c"})
    assert answer.status_code == 422 and "Ange paketets timmar" in _field_errors(answer, "hours")


@pytest.mark.parametrize(("typed", "minutes"), [("90", 90), ("1:30", 90), ("1 h 30 min", 90), ("1 tim 30 min", 90),
                                                ("1,5 h", 90), ("45 min", 45)])
def test_logged_work_reads_the_time_as_people_write_it(client, staff, make_customer, typed, minutes):
    customer = make_customer(overdraft_limit_minutes=None)
    answer = post_form(client, "/staff/work", {
        "customer_id": str(customer.id), "work_date": "2026-03-05", "minutes": typed, "category": "installation",
        "root_cause": "", "agreement_reference": "", "description": "Installerade", "idempotency_key": typed,
        "action": "save"})
    assert answer.status_code == 303, _field_errors(answer, "minutes")
    assert _balance(customer.id) == -minutes


def test_a_time_that_cannot_be_read_is_refused_in_swedish(client, staff, make_customer):
    customer = make_customer()
    answer = post_form(client, "/staff/work", {
        "customer_id": str(customer.id), "work_date": "2026-03-05", "minutes": "1:75", "category": "installation",
        "description": "Installerade", "idempotency_key": "x", "action": "save"})
    errors = _field_errors(answer, "minutes")
    assert answer.status_code == 422 and "minuterna efter kolon måste vara under 60" in errors
    assert "minutes after" not in errors
    assert _balance(customer.id) == 0


def test_a_new_customer_takes_swedish_amounts_and_durations(client, staff):
    data = {"name": "Nytt Bolag AB", "org_number": "5566778899", "country": "SE", "language": "sv",
            "currency": "SEK", "hourly_rate": "950,00 kr", "monthly_fee": "1 499", "billing_increment_minutes": "0:15",
            "overdraft_limit_minutes": "2 tim", "low_balance_minutes": "1,5 h"}
    created = post_form(client, "/staff/customers/new", data)
    assert created.status_code == 303
    from sqlalchemy import select

    from ledger.extensions import db
    from ledger.models import Customer

    db.session.rollback()
    customer = db.session.execute(select(Customer)).scalar_one()
    assert (customer.hourly_rate_minor, customer.monthly_fee_minor) == (95000, 149900)
    assert (customer.billing_increment_minutes, customer.overdraft_limit_minutes, customer.low_balance_minutes) == (
        15, 120, 90)


def test_a_refused_new_customer_is_told_in_swedish_only(client, staff):
    answer = post_form(client, "/staff/customers/new", {
        "name": "X AB", "org_number": "556677-8890", "country": "SE", "language": "sv", "currency": "SEK",
        "hourly_rate": "9,500", "monthly_fee": "1499", "billing_increment_minutes": "1", "low_balance_minutes": "120"})
    assert answer.status_code == 422
    assert "kan läsas på två sätt" in _field_errors(answer, "hourly_rate")


def test_figures_read_one_way_minus_sign_stockholm_time_and_series_numbers(app):
    from datetime import datetime
    from types import SimpleNamespace

    from ledger.formatting import invoice_number, money, stockholm_time

    with app.test_request_context(headers={"Accept-Language": "sv"}):
        assert money(-603000, "SEK") == "\u22126\u00a0030,00\u00a0kr"
        assert stockholm_time(datetime(2026, 6, 21, 14, 0)) == "2026-06-21 16:00", "stored UTC shown as Stockholm time"
        assert invoice_number(SimpleNamespace(series="F", number=1004)) == "F1004"
        assert invoice_number(SimpleNamespace(series="F", number=None)) == ""


def test_the_forms_own_checks_speak_swedish(client, staff, make_customer):
    customer = make_customer()
    answer = post_form(client, f"/staff/customers/{customer.id}/hour-packages",
                       {"hours": "tio", "price": "", "idempotency_key": "w"})
    assert answer.status_code == 422
    assert "Det här fältet är obligatoriskt." in _field_errors(answer, "price")
    assert "heltal" in _field_errors(answer, "hours") and "integer" not in _field_errors(answer, "hours")
