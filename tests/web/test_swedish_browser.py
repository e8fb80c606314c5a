"""A Swedish support desk and finance in a real browser: refusals in Swedish only, Swedish input formats, and
issuing every draft asks first (issue 12)."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from ledger.extensions import db
from ledger.models import Customer, HourPackage, Invoice, Task
from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import get_balance
from tests.web.browser import screenshot
from tests.web.test_browser import database_url, sign_in, swedish  # noqa: F401 - the same SQLite and Swedish page

pytestmark = pytest.mark.browser

#: Words of the English refusals; none may reach a Swedish page.
ENGLISH = re.compile(r"\b(Must|must be|is not|Please|required|Invalid|not a valid|can be read)\b")


def main_text(page) -> str:
    return page.inner_text("main").replace("\xa0", " ")


def errors_of(page, field: str) -> str:
    return page.inner_text(f"#{field}-errors").replace("\xa0", " ")


def test_hours_are_sold_as_swedes_write_amounts_and_a_refusal_is_in_swedish(swedish, live_server, make_customer,
                                                                            make_user):
    page = swedish
    customer = make_customer(name="Timbank AB")
    sign_in(page, live_server, make_user("staff").email)
    page.goto(f"{live_server}/staff/customers/{customer.id}/hour-packages")
    page.fill("#hours", "10")
    page.fill("#price", "9,500")
    page.get_by_role("button", name="Sälj paketet").click()
    page.wait_for_load_state()
    refusal = errors_of(page, "price")
    assert "kan läsas på två sätt" in refusal and not ENGLISH.search(main_text(page)), main_text(page)
    screenshot(page, "staff-sell-hours-refused")
    page.fill("#price", "9 500,00 kr")
    page.get_by_role("button", name="Sälj paketet").click()
    page.wait_for_load_state()
    assert "10 tim" in main_text(page)
    assert db.session.execute(select(HourPackage.price_minor)).scalar_one() == 950000
    assert get_balance(customer.id, actor=SYSTEM) == 600


def test_work_logged_as_1_30_is_90_minutes_and_a_refusal_is_in_swedish(swedish, live_server, make_customer, make_user):
    page = swedish
    customer = make_customer(name="Nordlys Handel AB")
    sign_in(page, live_server, make_user("staff").email)
    page.goto(f"{live_server}/staff/work?customer_id={customer.id}")
    page.fill("#minutes", "1:75")
    page.select_option("#category", "installation")
    page.fill("#description", "Installerade integrationen")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_load_state()
    assert "minuterna efter kolon" in errors_of(page, "minutes")
    assert not ENGLISH.search(main_text(page)), main_text(page)
    screenshot(page, "staff-log-work-time-refused")
    page.fill("#minutes", "1:30")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_load_state()
    db.session.rollback()
    task = db.session.execute(select(Task)).scalar_one()
    assert (task.minutes, task.billed_minutes) == (90, 90)


def test_a_refused_new_customer_is_told_in_swedish_only(swedish, live_server, make_user):
    page = swedish
    sign_in(page, live_server, make_user("staff").email)
    page.goto(f"{live_server}/staff/customers/new")
    page.fill("#name", "Nytt Bolag AB")
    page.fill("#org_number", "556677-8890")
    page.fill("#hourly_rate", "950,00 kr")
    page.fill("#monthly_fee", "1 499")
    page.get_by_role("button", name=re.compile("Skapa")).click()
    page.wait_for_load_state()
    assert "inget giltigt svenskt organisationsnummer" in errors_of(page, "org_number")
    assert not ENGLISH.search(main_text(page)), main_text(page)
    assert db.session.execute(select(func.count()).select_from(Customer)).scalar_one() == 0
    screenshot(page, "staff-new-customer-refused")


def test_issuing_every_draft_asks_first(swedish, live_server, october, make_user):
    page = swedish
    october(name="Alfa AB"), october(name="Beta AB")
    sign_in(page, live_server, make_user("finance").email)
    page.goto(f"{live_server}/finance?period=2026-10")
    page.get_by_role("button", name="Kör 2026-10").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Utfärda alla utkast").click()
    page.wait_for_load_state()
    assert "Utfärda alla utkast för 2026-10?" in main_text(page)
    assert "2 utkast för 2026-10 får nästa fakturanummer" in main_text(page)
    screenshot(page, "finance-issue-all-confirm")
    db.session.rollback()
    assert db.session.execute(select(func.count()).select_from(Invoice).where(Invoice.status == "issued")).scalar_one() == 0
    page.get_by_role("button", name="Utfärda alla utkast").click()
    page.wait_for_load_state()
    assert "F1001–F1002" in main_text(page)
    db.session.rollback()
    assert db.session.execute(select(func.count()).select_from(Invoice).where(Invoice.status == "issued")).scalar_one() == 2
