"""Every page at a phone's width (360 px): nothing runs off the screen sideways.

The demo data fills the pages (customers, a month of tasks, cases, drafts, an issued invoice) so that the
widest content a page can hold is on it. A full-page screenshot of each page is saved under the test's
tmp dir for a reviewer to look at.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from ledger.domain.periods import local_date, period_of
from ledger.extensions import db
from ledger.models import Case, Customer, InboxItem, Invoice, Task
from ledger.services.access import SYSTEM
from ledger.services.billing.issuing import issue_invoice
from ledger.services.billing.runs import run_invoices
from ledger.services.clock import utcnow
from ledger.services.demo.load import DEMO_PASSWORD, load_demo_data

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
#: What sticks out past the right edge, so that a failure names the element to fix.
WIDEST_ELEMENTS = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 8)
  .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px ${(e.innerText || '').slice(0, 40)}`)"""
#: Chart labels drawn smaller than this are not readable on a phone.
MIN_LABEL_PX = 10


@pytest.fixture
def database_url(sqlite_template, tmp_path):
    """The pages, not the engine, are under test: the embedded SQLite only."""
    import shutil

    path = tmp_path / "servicekonto.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def demo(app):
    """The demo data, last month run and one invoice issued; returns ids the page URLs need."""
    list(load_demo_data())
    period = period_of(local_date(utcnow())).previous()
    drafts = run_invoices(period, actor=SYSTEM)
    issue_invoice(drafts.created[0].id, actor=SYSTEM)
    nordlys = db.session.execute(select(Customer).where(Customer.org_number == "556677-8899")).scalar_one()
    return {
        "period": str(period),
        "customer": nordlys.id,
        "task": db.session.execute(select(Task.id).where(Task.customer_id == nordlys.id).limit(1)).scalar_one(),
        "review_task": db.session.execute(select(Task.id).where(Task.status == "needs_review").limit(1)).scalar(),
        "case": db.session.execute(select(Case.id).where(Case.customer_id == nordlys.id).limit(1)).scalar_one(),
        "draft": db.session.execute(select(Invoice.id).where(Invoice.status == "draft").limit(1)).scalar_one(),
        "issued": db.session.execute(select(Invoice.id).where(Invoice.status == "issued").limit(1)).scalar_one(),
        "inbox": db.session.execute(select(InboxItem.id).where(InboxItem.status == "open").limit(1)).scalar_one(),
    }


def pages(ids: dict[str, object]) -> dict[str, list[str]]:
    """The pages each demo user can open, by e-mail address (None: signed out)."""
    customer, case = ids["customer"], ids["case"]
    staff = [
        "/staff/customers", f"/staff/customers/{customer}", "/staff/customers/new", f"/staff/customers/{customer}/edit",
        f"/staff/customers/{customer}/hour-packages", f"/staff/customers/{customer}/sla-report",
        f"/staff/customers/{customer}/statement?period={ids['period']}",
        "/staff/work", f"/staff/work?customer_id={customer}", "/staff/review", f"/staff/tasks/{ids['task']}",
        "/staff/cases", "/staff/cases/new", f"/staff/cases/new?customer_id={customer}", f"/staff/cases/{case}",
        "/staff/cases/at-risk", "/staff/cases/unassigned", f"/staff/sla-report?period={ids['period']}", "/api/docs",
        "/staff/inbox", f"/staff/inbox/{ids['inbox']}",
        "/staff/week", f"/staff/reports/hours?period={ids['period']}&group_by=staff",
    ]
    if ids["review_task"]:
        staff.append(f"/staff/tasks/{ids['review_task']}")
    return {
        "": ["/login", "/no-such-page"],
        "admin@servicekonto.example": staff,
        "finance@servicekonto.example": [f"/finance?period={ids['period']}", f"/finance/invoices/{ids['draft']}",
                                         f"/finance/invoices/{ids['issued']}", "/finance/payments/overdue",
                                         "/finance/issued", "/finance/reference-rates"],
        "kund@nordlys.example": ["/portal", f"/portal/statement?period={ids['period']}", "/portal/cases",
                                 "/portal/cases/new", f"/portal/cases/{case}", "/portal/sla-report"],
    }


@pytest.mark.slow
@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_page_fits_a_360_px_phone_without_sideways_scrolling(chromium, live_server, demo, tmp_path, language):
    problems: list[str] = []
    shots = tmp_path / "phone"
    shots.mkdir()
    visits = pages(demo)
    for email, paths in visits.items():
        context = chromium.new_context(viewport=PHONE, extra_http_headers={"Accept-Language": language})
        page = context.new_page()
        page.set_default_timeout(15_000)
        if email:
            page.goto(f"{live_server}/login")
            page.fill("#email", email)
            page.fill("#password", DEMO_PASSWORD)
            page.get_by_role("button", name=re.compile("Logga in|Sign in")).click()
            page.wait_for_load_state()
        for path in paths:
            answer = page.goto(f"{live_server}{path}")
            assert answer is not None and answer.status < 500, (path, answer and answer.status)
            if path != "/no-such-page" and answer.status != 200:
                problems.append(f"{path}: answered {answer.status}")
                continue
            width = page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
            name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
            page.screenshot(path=str(shots / f"{language}-{name}.png"), full_page=True)
            if path == "/portal":
                label_px = page.evaluate("Math.min(...[...document.querySelectorAll('.chart svg text')]"
                                         ".filter(t => t.getClientRects().length).map(t => t.getBoundingClientRect().height))")
                if label_px < MIN_LABEL_PX:
                    problems.append(f"/portal: the chart's labels are {label_px:.1f} px high")
            if width > PHONE["width"]:
                problems.append(f"{path}: {width} px, widest: {page.evaluate(WIDEST_ELEMENTS)}")
        context.close()
    assert not problems, f"pages wider than {PHONE['width']} px (or not answering): {problems}"
    assert len(list(shots.glob("*.png"))) == sum(map(len, visits.values())), "a screenshot of every page"
