"""The main jobs done in a real headless Chromium, in Swedish and English, with screenshots of the pages.

Screenshots land in test-artifacts/screenshots/ (git-ignored) for a reviewer to look at.
"""
from __future__ import annotations

import re
from datetime import date

import pytest

from ledger.extensions import db
from ledger.models import InvoiceDocument, Task
from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import get_balance, record_purchase
from ledger.services.work.tasks import record_task
from tests.conftest import TEST_PASSWORD
from tests.services.invoice_helpers import pdf_text
from tests.web.browser import screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def database_url(sqlite_template, tmp_path):
    """Browser tests run on the embedded SQLite only: what they test is the pages, not the engine."""
    import shutil

    path = tmp_path / "servicekonto.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


def text(locator) -> str:
    """What the reader sees, with no-break spaces as spaces."""
    return locator.inner_text().replace("\xa0", " ")


def sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", TEST_PASSWORD)
    page.get_by_role("button", name=re.compile("Logga in|Sign in")).click()
    page.wait_for_load_state()


@pytest.fixture
def swedish(browser_page):
    browser_page.context.set_extra_http_headers({"Accept-Language": "sv-SE,sv;q=0.9"})
    return browser_page


def test_a_staff_member_logs_a_task_and_sees_the_decision_and_its_reason(swedish, live_server, make_customer, make_user):
    page = swedish
    customer = make_customer(name="Nordlys Handel AB", billing_increment_minutes=15)
    record_purchase(customer.id, 600, "9500.00", actor=SYSTEM)
    staff = make_user("staff")
    sign_in(page, live_server, staff.email)
    assert page.url.endswith("/staff/customers")
    assert "Nordlys Handel AB" in page.inner_text("main")
    screenshot(page, "staff-customers")

    page.get_by_role("link", name="Logga arbete").click()
    page.select_option("#customer_id", str(customer.id))
    page.fill("#minutes", "40")
    page.select_option("#category", "installation")
    preview = page.locator("#decision-body")
    preview.get_by_text("Installation och utbildning i produkten debiteras servicekontot.").wait_for()
    assert "45 min" in text(preview), "billed minutes rounded up to the quarter, shown before saving"
    assert re.search(r"Villkor\s+\S.* debited\.installation_training", text(preview)), "the clause, its id beside it"
    screenshot(page, "staff-log-work-live-preview")

    page.fill("#description", "Installerade integrationen hos kunden")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_load_state()
    body = page.inner_text("main")
    assert "Installation och utbildning i produkten debiteras servicekontot." in body
    assert "debited.installation_training" in body
    screenshot(page, "staff-task-saved")
    task = db.session.query(Task).one()
    assert (task.minutes, task.billed_minutes, task.outcome) == (40, 45, "debited")
    assert get_balance(customer.id, actor=SYSTEM) == 600 - 45


def test_the_preview_says_when_saving_would_be_refused(swedish, live_server, make_customer, make_user):
    page = swedish
    customer = make_customer(name="Snål AB", overdraft_limit_minutes=0)
    sign_in(page, live_server, make_user("staff").email)
    page.goto(f"{live_server}/staff/work?customer_id={customer.id}")
    page.fill("#minutes", "30")
    page.select_option("#category", "qualified_help")
    page.locator("#decision-body").get_by_text("kontot tillåter ingen övertrassering", exact=False).wait_for()
    screenshot(page, "staff-log-work-refused")


def test_a_customer_sees_the_hours_left_and_why_each_hour_went(swedish, live_server, make_customer, make_user):
    page = swedish
    customer = make_customer(name="Kaffekompaniet AB", low_balance_minutes=120)
    record_purchase(customer.id, 180, "2850.00", actor=SYSTEM)
    today = date.today()
    for category, minutes, description in (("installation", 75, "Installerade kassakopplingen"),
                                           ("hosting", 30, "Patchade servern"),
                                           ("guidance", 15, "Visade manualen för returer")):
        record_task({"customer_id": customer.id, "category": category, "minutes": minutes, "description": description,
                     "work_date": today}, actor=SYSTEM)
    user = make_user("customer", customer.id)
    sign_in(page, live_server, user.email)
    assert page.url.endswith("/portal")
    main = text(page.locator("main"))
    assert "1 tim 45 min" in text(page.locator(".balance").first)
    for reason in ("Installation och utbildning i produkten debiteras servicekontot.",
                   "Drift av servermiljön som integrationen körs i ingår i månadsavgiften",
                   "Enklare vägledning per telefon eller helpdesk"):
        assert reason in main, reason
    assert page.locator("svg").count() >= 1, "the balance-over-time chart is drawn in the page"
    screenshot(page, "portal-home")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "portal-home-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 400, "nothing runs off a phone's screen"


def test_finance_runs_the_month_issues_it_and_downloads_the_pdf(swedish, live_server, october, make_user):
    page = swedish
    october(name="Fjällbacka Bygg AB")
    sign_in(page, live_server, make_user("finance").email)
    page.goto(f"{live_server}/finance?period=2026-10")
    page.get_by_role("button", name="Kör 2026-10").click()
    page.wait_for_load_state()
    screenshot(page, "finance-month-drafts")
    page.get_by_role("link", name=re.compile("Fjällbacka Bygg AB")).first.click()
    page.wait_for_load_state()
    screenshot(page, "finance-draft-review")
    page.get_by_role("button", name="Utfärda fakturan").click()
    page.wait_for_load_state()
    assert "får nästa fakturanummer" in page.inner_text("main"), "issuing asks first"
    page.get_by_role("button", name="Utfärda fakturan").click()
    page.wait_for_load_state()
    assert "F1001" in page.inner_text("main")
    screenshot(page, "finance-invoice-issued")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ned PDF").click()
    content = download_info.value.path().read_bytes()
    assert content == db.session.query(InvoiceDocument).one().content, "the archived PDF, byte for byte"
    text = pdf_text(content)
    assert "Fakturanummer F1001" in text and "Fjällbacka Bygg AB" in text


def test_switching_language_changes_the_page_and_is_remembered(swedish, live_server, make_user):
    page = swedish
    page.goto(f"{live_server}/login")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("heading", name="Logga in").is_visible()
    screenshot(page, "login-swedish")
    page.select_option("#language", "en")
    page.get_by_role("button", name="Byt").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Sign in").is_visible()
    sign_in(page, live_server, make_user("staff").email)
    assert "Customers" in page.inner_text("h1")
    screenshot(page, "staff-customers-english")
    page.goto(f"{live_server}/staff/review")
    assert "Review queue" in page.inner_text("h1")
