"""Support cases in a real headless Chromium: staff work a case and watch its clocks; a customer reports one.

Screenshots land in test-artifacts/screenshots/ (git-ignored) for a reviewer to look at.
"""
from __future__ import annotations

import re

import pytest

from ledger.extensions import db
from ledger.models import Case
from ledger.services.access import SYSTEM
from ledger.services.support.agreements import create_agreement
from tests.services.support_helpers import local
from tests.web.browser import screenshot
from tests.web.test_browser import sign_in, text

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 780}


@pytest.fixture
def database_url(sqlite_template, tmp_path):
    """Browser tests run on the embedded SQLite only: what they test is the pages, not the engine."""
    import shutil

    path = tmp_path / "servicekonto.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def swedish(browser_page):
    browser_page.context.set_extra_http_headers({"Accept-Language": "sv-SE,sv;q=0.9"})
    return browser_page


def fits_a_phone(page) -> bool:
    page.set_viewport_size(PHONE)
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_staff_open_a_case_reply_set_it_waiting_and_see_the_clocks_change(swedish, live_server, make_customer,
                                                                         make_user, freeze_clock, app):
    page = swedish
    app.config["SESSION_LIFETIME_HOURS"] = 14 * 24  # the clock moves on a day while staff stay signed in
    freeze_clock(local(2029, 9, 3, 10))  # a Monday
    customer = make_customer(name="Nordlys Handel AB", currency="EUR")
    create_agreement(customer.id, {"kind": "support_plan", "plan": "gold"}, actor=SYSTEM)
    sign_in(page, live_server, make_user("staff").email)
    page.get_by_role("link", name="Ärenden", exact=True).click()
    page.get_by_role("link", name="Öppna ett ärende").click()
    page.select_option("#customer_id", str(customer.id))
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_load_state()
    page.get_by_label("1 – Brådskande").check()
    page.fill("#subject", "Kassan tar inte betalt")
    page.fill("#description", "Inga kortbetalningar går igenom sedan kl. 9.")
    page.select_option("#channel", "phone")
    screenshot(page, "staff-case-new")
    page.get_by_role("button", name="Öppna ärendet").click()
    page.wait_for_load_state()
    clocks = page.locator("#sla")
    assert "8 tim kvar i kontorstid" in text(clocks) and "16 tim kvar i kontorstid" in text(clocks)
    assert "18:00" not in text(clocks) and "tis 4 sep 10:00" in text(clocks), "due in Stockholm time, with the weekday"
    screenshot(page, "staff-case-opened")

    freeze_clock(local(2029, 9, 3, 11))
    page.fill("#message", "Vi ringer er inom en kvart.")
    page.get_by_role("button", name="Skicka svaret").click()
    page.wait_for_load_state()
    assert "Uppfyllt 2029-09-03 11:00" in text(page.locator("#sla"))
    page.select_option("#status", "waiting_on_customer")
    page.fill("#status-note", "Väntar på terminalens logg")
    page.get_by_role("button", name="Ändra status").click()
    page.wait_for_load_state()
    freeze_clock(local(2029, 9, 4, 11))
    page.reload()
    resolution = text(page.locator("#clock-resolution").locator(".."))
    assert "Pausad medan ärendet väntar på kunden: 15 tim kvar i kontorstid" in resolution
    assert text(page.locator("#case-status")) == "Väntar på kunden"
    screenshot(page, "staff-case-waiting")
    assert fits_a_phone(page), "the case page fits a 360 px phone"
    screenshot(page, "staff-case-phone")
    page.goto(f"{live_server}/staff/cases")
    assert "Kassan tar inte betalt" in text(page.locator("main")) and fits_a_phone(page)
    screenshot(page, "staff-cases-phone")


def test_a_customer_reports_a_problem_in_the_portal_and_sees_it_in_the_list(browser_page, live_server, make_customer,
                                                                           make_user, freeze_clock):
    page = browser_page
    page.context.set_extra_http_headers({"Accept-Language": "en"})
    freeze_clock(local(2029, 9, 3, 10))
    customer = make_customer(name="Kaffekompaniet AB")
    sign_in(page, live_server, make_user("customer", customer.id).email)
    page.get_by_role("navigation").get_by_role("link", name="My cases").click()
    page.get_by_role("link", name="Report a problem").click()
    assert "the error has limited business impact" in text(page.locator("main"))
    page.get_by_label("4 – Low").check()
    page.fill("#subject", "The receipt printer skips lines")
    page.fill("#description", "Every second receipt misses the VAT line.")
    screenshot(page, "portal-case-new")
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_load_state()
    assert "24 h left in business hours" in text(page.locator("main"))
    page.get_by_role("link", name="Back to my cases").click()
    page.wait_for_load_state()
    row = page.get_by_role("row", name=re.compile("The receipt printer skips lines"))
    assert "Open" in text(row) and "24 h left" in text(row)
    screenshot(page, "portal-cases")
    assert fits_a_phone(page), "the portal's case list fits a 360 px phone"
    screenshot(page, "portal-cases-phone")
    page.get_by_role("link", name=re.compile("The receipt printer")).click()
    assert fits_a_phone(page)
    db.session.rollback()
    assert db.session.query(Case).one().channel == "email"
