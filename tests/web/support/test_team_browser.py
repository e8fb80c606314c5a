"""Issue 24's day one in a real headless Chromium, in Swedish: a lead opens "At risk" on Monday morning, assigns what
is about to breach, is mailed when it breaches anyway, and downloads the month's met % per plan as XLSX; the
report's chart draws under the page's CSP, and the pages fit a phone."""
from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from ledger.extensions import db
from ledger.models import OutboxMessage
from ledger.services.access import SYSTEM
from ledger.services.support.cases import respond_to_case
from ledger.services.support.escalation import escalate_cases
from tests.services.support_helpers import local, on_plan, open_at
from tests.web.browser import screenshot
from tests.web.support.test_case_browser import database_url, fits_a_phone, swedish  # noqa: F401 (fixtures)
from tests.web.test_browser import sign_in, text

pytestmark = pytest.mark.browser


def test_a_lead_assigns_what_is_at_risk_is_told_when_it_breaches_and_downloads_the_report(
        swedish, live_server, make_customer, make_user, freeze_clock, app):
    page = swedish
    app.config.update(SESSION_LIFETIME_HOURS=14 * 24, SUPPORT_LEAD_ADDRESS="supportchef@vendor.example")
    freeze_clock(local(2029, 8, 1, 8))
    customer = on_plan(make_customer, "gold", name="Nordlys Handel AB", currency="EUR")
    make_user("staff", display_name="Björn Berg")
    case_id = open_at(freeze_clock, local(2029, 8, 31, 10), customer.id, severity=1, subject="Kassan står").case.id
    answered = open_at(freeze_clock, local(2029, 8, 31, 10), customer.id, severity=2, subject="Kvittot är tomt").case
    freeze_clock(local(2029, 8, 31, 11))
    respond_to_case(answered.id, "Vi tittar på det.", actor=SYSTEM)  # in time: August's first responses 50 % met
    freeze_clock(local(2029, 9, 3, 9, 30))  # Monday morning: 7 h 30 min of the first response's 8 used
    sign_in(page, live_server, make_user("admin", display_name="Lena Lead").email)
    page.get_by_role("link", name="Riskerar att överskridas").click()
    page.wait_for_load_state()
    queue = text(page.locator("#queue"))
    assert "Kassan står" in queue and "30 min" in queue
    screenshot(page, "staff-cases-at-risk")
    page.get_by_role("link", name=f"#{case_id} Kassan står").click()
    page.wait_for_load_state()
    page.select_option("#user_id", label="Björn Berg")
    page.get_by_role("button", name="Tilldela").click()
    page.wait_for_load_state()
    assert text(page.locator("#case-assignee")) == "Björn Berg"
    freeze_clock(local(2029, 9, 3, 10, 1))  # breached anyway
    escalate_cases()
    db.session.rollback()
    breached = db.session.execute(select(OutboxMessage.recipient).where(OutboxMessage.kind == "sla_breached")).all()
    assert sorted(recipient for (recipient,) in breached) == sorted(
        ["supportchef@vendor.example", next(iter(_assignee_email(case_id)))])
    page.goto(f"{live_server}/staff/sla-report?period=2029-08&group_by=plan")
    bars = page.locator("svg rect.bar")
    assert bars.count() >= 1 and bars.first.bounding_box()["width"] > 0, "drawn under a CSP with no inline style"
    screenshot(page, "staff-sla-report")
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner som Excel (XLSX)").click()
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert sheet["A1"].value == "Supportnivå" and [row[0].value for row in sheet.iter_rows(min_row=2)] == [
        "Professional", "Enterprise", "Gold", "Totalt"]
    assert fits_a_phone(page)
    page.goto(f"{live_server}/staff/cases/at-risk")
    assert fits_a_phone(page)


def _assignee_email(case_id: int) -> set[str]:
    from ledger.models import Case, User

    return {email for (email,) in db.session.execute(
        select(User.email).join(Case, Case.assignee_id == User.id).where(Case.id == case_id))}
