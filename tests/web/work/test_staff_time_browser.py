"""Staff time in a real Chromium: a timer stopped from the menu, a task moved to another customer, and the first
customer's portal afterwards (it shows that the work moved, nothing of it)."""
from __future__ import annotations

import re
from datetime import date

import pytest

from ledger.extensions import db
from ledger.models import Task
from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_purchase
from ledger.services.work.tasks import record_task
from tests.conftest import TEST_PASSWORD
from tests.web.browser import screenshot

pytestmark = pytest.mark.browser

SECRET = "Konfigurerade Fortnox API-nyckel för lagret"


@pytest.fixture
def database_url(sqlite_template, tmp_path):
    """Browser tests run on the embedded SQLite only: what they test is the pages, not the engine."""
    import shutil

    path = tmp_path / "servicekonto.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


def sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", TEST_PASSWORD)
    page.get_by_role("button", name=re.compile("Logga in")).click()
    page.wait_for_load_state()


def test_a_timer_stopped_from_the_menu_and_a_task_moved_leave_the_first_customer_no_description(
        browser_page, live_server, make_customer, make_user):
    page = browser_page
    page.context.set_extra_http_headers({"Accept-Language": "sv-SE,sv;q=0.9"})
    wrong, right = make_customer(name="Fel Kund AB"), make_customer(name="Rätt Kund AB")
    for customer in (wrong, right):
        record_purchase(customer.id, 600, "5000.00", actor=SYSTEM)
    task = record_task({"customer_id": wrong.id, "work_date": date(2026, 1, 12), "minutes": 60,
                        "category": "customer_system_configuration", "description": SECRET}, actor=SYSTEM).task
    staff = make_user("staff")
    sign_in(page, live_server, staff.email)

    page.get_by_role("link", name="Starta timer").click()
    page.select_option("#customer_id", str(right.id))
    page.select_option("#category", "hosting")
    page.fill("#description", "Patchade servern")
    page.get_by_role("button", name="Starta timer").click()
    page.wait_for_load_state()
    page.goto(f"{live_server}/staff/customers")
    menu = page.locator("header nav")
    assert "Rätt Kund AB" in menu.inner_text()
    menu.get_by_role("button", name="Stoppa timern").click()
    page.wait_for_load_state()
    assert page.url.endswith("/staff/customers") and "Timern är stoppad" in page.inner_text("main")
    assert "Starta timer" in menu.inner_text()

    page.goto(f"{live_server}/staff/tasks/{task.id}")
    page.get_by_role("link", name="Rätta uppgiften").click()
    page.select_option("#customer_id", str(right.id))
    page.fill("#reason", "Arbetet gällde Rätt Kund AB")
    page.get_by_role("button", name="Rätta uppgiften").click()
    page.wait_for_load_state()
    assert "Fel Kund AB ser bara att arbetet flyttats" in page.inner_text("main")
    page.get_by_role("button", name="Flytta uppgiften").click()
    page.wait_for_load_state()
    replacement = db.session.query(Task).filter_by(replaces_task_id=task.id).one()
    assert page.url.endswith(f"/staff/tasks/{replacement.id}") and "Rätt Kund AB" in page.inner_text("main")
    screenshot(page, "staff-task-moved")

    page.context.clear_cookies()
    reader = make_user("customer", customer_id=wrong.id)
    sign_in(page, live_server, reader.email)
    assert page.url.endswith("/portal")
    portal = page.inner_text("main")
    assert "Flyttad till en annan kund" in portal and "flyttades till en annan kund" in portal
    assert SECRET not in portal and "Konfigurerade" not in portal and "Rätt Kund" not in portal
    assert SECRET not in page.content()
    screenshot(page, "portal-task-moved-away")
