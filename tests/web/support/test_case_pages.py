"""The case pages for staff and customers, in Swedish and English: clocks, due times in Stockholm, forms."""
from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from ledger.extensions import db
from ledger.models import Case, CaseEvent
from ledger.services.access import SYSTEM
from ledger.services.customers.contacts import create_contact
from ledger.services.support.agreements import create_agreement
from ledger.services.support.cases import change_case_status, open_case
from tests.services.support_helpers import local, report
from tests.web.conftest import post_form


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True)).replace("\xa0", " ")


def visible(response) -> str:
    """Only what a reader sees: the text between the tags."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text(response)))


def count(model) -> int:
    db.session.rollback()
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.fixture
def midsummer(app, freeze_clock, make_customer):
    """Thursday 21 June 2029 16:00 Stockholm: an Enterprise customer and a Professional one.

    The tests move the clock on by days while staying signed in, so sign-ins last two weeks here.
    """
    app.config["SESSION_LIFETIME_HOURS"] = 14 * 24
    freeze_clock(local(2029, 6, 21, 16))
    enterprise = make_customer(name="Nordlys Handel AB")
    create_agreement(enterprise.id, {"kind": "support_plan", "plan": "enterprise"}, actor=SYSTEM)
    return enterprise, make_customer(name="Kaffekompaniet AB")


def language(client, code):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = code


def test_staff_open_a_case_and_read_its_due_time_in_stockholm_time_in_swedish(client, sign_in, midsummer):
    enterprise, _ = midsummer
    language(client, "sv")
    sign_in("staff")
    contact = create_contact(enterprise.id, {"name": "Karin Ek", "email": "karin@nordlys.example"}, actor=SYSTEM)
    form = text(client.get(f"/staff/cases/new?customer_id={enterprise.id}"))
    assert "Brådskande" in form and "ingen tillfällig lösning" in form, "severity definitions are shown"
    answer = post_form(client, "/staff/cases/new", {
        "customer_id": str(enterprise.id), "severity": "2", "subject": "Ordrar fastnar",
        "description": "Inga ordrar sedan i morse.", "channel": "remote", "reporter_contact_id": str(contact.id),
        "idempotency_key": "k1"}, page="/staff/cases/new")
    assert answer.status_code == 303, text(answer)[:2000]
    page = visible(client.get(answer.headers["Location"]))
    assert "Första svar" in page and "Lösning" in page
    assert "tis 26 juni 16:00" in page and "(svensk tid)" in page, "due Tuesday 16:00 after midsummer, with the weekday"
    assert "16 tim kvar i kontorstid" in page and "Karin Ek" in page and "Enterprise" in page
    assert "first_response" not in page and "waiting_on_customer" not in page, "no codes on a Swedish page"


def test_staff_reply_set_waiting_and_see_the_resolution_clock_paused(client, sign_in, midsummer, freeze_clock):
    enterprise, _ = midsummer
    language(client, "en")
    sign_in("staff")
    case_id = open_case(report(enterprise.id, severity=1), actor=SYSTEM).case.id
    freeze_clock(local(2029, 6, 25, 10))
    page = f"/staff/cases/{case_id}"
    assert post_form(client, f"{page}/respond", {"message": "We are on it."}, page=page).status_code == 303
    answer = post_form(client, f"{page}/status", {"status": "waiting_on_customer", "note": "Logs?"}, page=page)
    assert answer.status_code == 303
    shown = text(client.get(page))
    assert "Met 2029-06-25 10:00" in shown and "Paused while waiting on the customer" in shown
    assert "Waiting on the customer" in shown and "We are on it." in shown and "Logs?" in shown
    refused = post_form(client, f"{page}/status", {"status": "closed"}, page=page)
    assert refused.status_code == 422, "closing from waiting is not offered"
    assert count(CaseEvent) == 3


def test_a_refused_move_is_explained_with_the_statuses_in_words(client, sign_in, midsummer):
    enterprise, _ = midsummer
    language(client, "sv")
    sign_in("staff")
    case_id = open_case(report(enterprise.id), actor=SYSTEM).case.id
    page = f"/staff/cases/{case_id}"
    severity = post_form(client, f"{page}/severity", {"severity": "2", "reason": "Samma"}, page=page)
    assert severity.status_code == 422, "the current severity is not offered"
    change_case_status(case_id, "resolved", actor=SYSTEM)
    change_case_status(case_id, "closed", actor=SYSTEM)
    shown = text(client.get(page))
    assert "Stängt" in shown and "Svara kunden" not in shown, "a closed case offers no forms"


def test_the_case_list_filters_and_shows_the_nearest_breach_first(client, sign_in, midsummer, freeze_clock):
    enterprise, professional = midsummer
    language(client, "en")
    sign_in("staff")
    later = open_case(report(enterprise.id, severity=3, subject="Slow reports"), actor=SYSTEM).case.id
    sooner = open_case(report(enterprise.id, severity=1, subject="Nothing works"), actor=SYSTEM).case.id
    best_effort = open_case(report(professional.id, severity=1, subject="Question"), actor=SYSTEM).case.id
    freeze_clock(local(2029, 6, 26, 12))
    listed = text(client.get("/staff/cases"))
    positions = [listed.index(f"#{case_id} ") for case_id in (sooner, later, best_effort)]
    assert positions == sorted(positions) and "Overdue by" in listed and "Best effort" in listed
    breached = text(client.get("/staff/cases?show=breached"))
    assert f"#{sooner} " in breached and f"#{later} " not in breached
    only = text(client.get(f"/staff/cases?customer_id={professional.id}"))
    assert f"#{best_effort} " in only and f"#{sooner} " not in only
    start = text(client.get("/staff/customers"))
    assert "Cases at risk or breached" in start and f"#{sooner} Nothing works" in start


def test_a_customer_opens_a_case_from_the_portal_and_sees_it_in_the_list(client, sign_in, midsummer):
    _, professional = midsummer
    language(client, "en")
    sign_in("customer", professional.id)
    form = text(client.get("/portal/cases/new"))
    assert "Any error reported by the customer where a single user is severely affected" in form
    assert "Phone" not in form, "Professional offers e-mail and chat"
    answer = post_form(client, "/portal/cases/new", {"severity": "4", "subject": "Export fails",
                                                     "description": "The CSV export stops at 100 rows.",
                                                     "channel": "chat", "idempotency_key": "p1"},
                       page="/portal/cases/new")
    assert answer.status_code == 303, text(answer)[:2000]
    case = text(client.get(answer.headers["Location"]))
    assert "Export fails" in case and "24 h left in business hours" in case
    listed = text(client.get("/portal/cases"))
    assert "Export fails" in listed and "Support plan: Professional" in listed and "1 case a month is included" in listed
    assert count(Case) == 1


def test_a_customers_reply_appears_and_another_customers_case_is_not_found(client, sign_in, midsummer):
    enterprise, professional = midsummer
    language(client, "sv")
    sign_in("customer", professional.id)
    own = open_case(report(professional.id), actor=SYSTEM).case.id
    other = open_case(report(enterprise.id), actor=SYSTEM).case.id
    page = f"/portal/cases/{own}"
    assert post_form(client, f"{page}/reply", {"message": "Här är loggarna."}, page=page).status_code == 303
    shown = text(client.get(page))
    assert "Här är loggarna." in shown and "Du" in shown
    assert client.get(f"/portal/cases/{other}").status_code == 404
    assert post_form(client, f"/portal/cases/{other}/reply", {"message": "x"}, page=page).status_code == 404


def test_the_sla_report_of_a_month_in_both_languages(client, sign_in, midsummer, freeze_clock):
    enterprise, _ = midsummer
    case_id = open_case(report(enterprise.id, severity=1), actor=SYSTEM).case.id
    freeze_clock(local(2029, 6, 28, 9))
    sign_in("customer", enterprise.id)
    language(client, "en")
    english = text(client.get("/portal/sla-report?period=2029-06"))
    assert "SLA report 2029-06" in english and "0 met, 1 breached, 0 running" in english
    assert f"#{case_id} " in english
    language(client, "sv")
    swedish = text(client.get("/portal/sla-report?period=2029-06"))
    assert "0 i tid, 1 överskridna, 0 pågår" in swedish and "1 – Brådskande" in swedish
    bad = client.get("/portal/sla-report?period=juni")
    assert bad.status_code == 422 and "Skriv månaden som ÅÅÅÅ-MM" in text(bad)


def test_staff_log_work_on_a_case_from_its_page(client, sign_in, midsummer):
    enterprise, _ = midsummer
    language(client, "en")
    sign_in("staff")
    case_id = open_case(report(enterprise.id), actor=SYSTEM).case.id
    link = re.search(r'href="(/staff/work\?[^"]+)"', client.get(f"/staff/cases/{case_id}").get_data(as_text=True))
    form = client.get(html.unescape(link.group(1))).get_data(as_text=True)
    assert f'id="case_id" inputmode="numeric" name="case_id" type="number" value="{case_id}"' in form or \
        f'value="{case_id}"' in form
    answer = post_form(client, "/staff/work", {
        "customer_id": str(enterprise.id), "work_date": "2029-06-21", "minutes": "40", "category": "guidance",
        "description": "Showed the manual", "case_id": str(case_id), "idempotency_key": "w1", "action": "save"},
        page="/staff/work")
    assert answer.status_code == 303
    assert f'<a href="/staff/cases/{case_id}">#{case_id}</a>' in text(client.get(answer.headers["Location"]))
    assert "Included: 40 min" in text(client.get(f"/staff/cases/{case_id}"))
