"""The support team's staff pages in Swedish (docs/support.md): the queues with their filters in the URL and their counts
in the menu, the assignee picker, the reminder and the automatic resolution on the case, and the report across
customers with its chart and downloads."""
from __future__ import annotations

import io
import re

import openpyxl

from ledger.services.access import SYSTEM
from ledger.services.customers.contacts import create_contact
from ledger.services.support.assignment import assign_case
from ledger.services.support.cases import change_case_status, respond_to_case
from ledger.services.support.waiting import follow_up_waiting_cases
from tests.services.support_helpers import local, on_plan, open_at
from tests.web.conftest import post_form
from tests.web.support.test_case_browser import database_url  # noqa: F401 (pages on SQLite: engines below)
from tests.web.support.test_case_pages import language, text, visible


def listed(response) -> list[int]:
    """The case numbers a queue lists, in order."""
    return [int(number) for number in re.findall(r'href="/staff/cases/(\d+)"', text(response))]


def menu_count(page: str, queue: str) -> int:
    found = re.search(rf'class="queue {queue}">[^<]*(?:<span class="count">(\d+))?', page)
    return int(found.group(1) or 0) if found else -1


def test_the_queues_list_what_they_should_keep_their_filters_in_the_url_and_count_in_the_menu(
        app, client, sign_in, make_customer, freeze_clock):
    app.config["SESSION_LIFETIME_HOURS"] = 14 * 24
    freeze_clock(local(2029, 9, 3, 8))
    gold = on_plan(make_customer, "gold", name="Guldkunden AB", currency="EUR")
    enterprise = on_plan(make_customer, "enterprise", name="Nordlys Handel AB")
    language(client, "sv")
    me = sign_in("staff")
    overdue = open_at(freeze_clock, local(2029, 9, 3, 9), gold.id, severity=1).case.id  # due Mon 17:00
    soon = open_at(freeze_clock, local(2029, 9, 4, 9, 10), enterprise.id, severity=1).case.id  # due Wed 9:10
    sooner = open_at(freeze_clock, local(2029, 9, 4, 8, 30), gold.id, severity=2).case.id  # due Tue 17:00 as well
    later = open_at(freeze_clock, local(2029, 9, 4, 9), enterprise.id, severity=3).case.id  # 24 bh
    assign_case(soon, me.id, actor=SYSTEM)
    assign_case(later, me.id, actor=SYSTEM)
    freeze_clock(local(2029, 9, 4, 15, 40))  # overdue's resolution: 14 h 40 of 16 used; soon: 6 h 30 min of 8
    respond_to_case(sooner, "Vi ringer strax.", actor=SYSTEM)
    assert listed(client.get("/staff/cases/mine")) == [soon, later]
    assert listed(client.get("/staff/cases/unassigned")) == [overdue, sooner]
    assert listed(client.get("/staff/cases/breached")) == [overdue]
    at_risk = client.get("/staff/cases/at-risk")
    assert listed(at_risk) == [overdue, soon], "the least time left first; sooner's first response was met"
    assert re.search(r"1 tim 20 min.*1 tim 30 min", visible(at_risk)), "the time left, in business hours"
    filtered = client.get(f"/staff/cases/mine?severity=3&customer_id={enterprise.id}&plan=enterprise")
    assert listed(filtered) == [later]
    form = text(filtered)
    assert re.search(r'<option selected value="3">|<option value="3" selected>', form), "the filter stays chosen"
    assert listed(client.get("/staff/cases/unassigned?plan=gold&severity=2")) == [sooner]
    page = text(client.get("/staff/cases/mine"))
    assert (menu_count(page, "mine"), menu_count(page, "unassigned"), menu_count(page, "at_risk"),
            menu_count(page, "breached")) == (2, 2, 2, 1)
    assert "Mina ärenden" in page and "Ej tilldelade" in page and "Riskerar att överskridas" in page
    assert listed(client.get("/staff/cases/mine?severity=9")) == [soon, later], "a bad filter is left out"


def test_a_lead_assigns_a_case_with_the_picker_and_the_case_says_so_in_swedish(client, sign_in, make_user,
                                                                               make_customer, freeze_clock):
    freeze_clock(local(2029, 9, 3, 8))
    customer = on_plan(make_customer, "gold", currency="EUR")
    bjorn = make_user("staff", display_name="Björn Berg")
    language(client, "sv")
    sign_in("admin")
    case_id = open_at(freeze_clock, local(2029, 9, 3, 9), customer.id, severity=1).case.id
    page = f"/staff/cases/{case_id}"
    assert "Ingen ännu: ärendet ligger bland ej tilldelade." in visible(client.get(page))
    answer = post_form(client, f"/staff/cases/{case_id}/assign", {"user_id": str(bjorn.id)}, page=page)
    assert answer.status_code == 303
    shown = visible(client.get(page))
    assert "Ärendet är tilldelat Björn Berg." in shown and "Tilldelat Björn Berg." in shown
    refused = post_form(client, f"/staff/cases/{case_id}/assign", {"user_id": "999999"}, page=page)
    assert refused.status_code == 303 and "Välj någon som kan ta ärenden." in visible(client.get(page))
    post_form(client, f"/staff/cases/{case_id}/assign", {"user_id": ""}, page=page)
    assert "Ingen handläggare: tillbaka till teamet." in visible(client.get(page))


def test_the_reminder_and_the_automatic_resolution_show_on_the_case_with_the_rule_for_staff_only(
        app, client, sign_in, make_user, make_customer, freeze_clock):
    freeze_clock(local(2029, 5, 31, 8))
    customer = on_plan(make_customer, "enterprise")
    karin = create_contact(customer.id, {"name": "Karin Ek", "email": "karin@kund.example"}, actor=SYSTEM)
    case_id = open_at(freeze_clock, local(2029, 6, 1, 9), customer.id, reporter_contact_id=karin.id).case.id
    freeze_clock(local(2029, 6, 1, 14))
    change_case_status(case_id, "waiting_on_customer", actor=SYSTEM)
    freeze_clock(local(2029, 6, 7, 14))
    follow_up_waiting_cases()
    freeze_clock(local(2029, 6, 18, 14))
    follow_up_waiting_cases()
    app.config["SESSION_LIFETIME_HOURS"] = 24
    language(client, "sv")
    sign_in("staff")
    staff_page = visible(client.get(f"/staff/cases/{case_id}"))
    assert "Kunden påmindes efter 3 arbetsdagar utan svar. (regel waiting_reminder_business_days)" in staff_page
    assert ("Löst automatiskt: inget svar från kunden på 10 arbetsdagar. (regel auto_resolve_business_days)"
            in staff_page)
    client.post("/logout", data={"csrf_token": re.search(r'name="csrf-token" content="([^"]+)"',
                                                         text(client.get("/staff/cases"))).group(1)})
    sign_in("customer", customer.id)
    portal = visible(client.get(f"/portal/cases/{case_id}"))
    assert "Löst automatiskt: inget svar från kunden på 10 arbetsdagar." in portal
    assert "Påminnelse skickad" in portal and "auto_resolve_business_days" not in portal, "no rule id for customers"


def test_the_report_page_draws_the_met_percent_inline_and_offers_both_downloads(client, sign_in, make_customer,
                                                                                freeze_clock):
    freeze_clock(local(2029, 9, 3, 8))
    gold = on_plan(make_customer, "gold", name="=HYPERLINK(\"http://evil.example\") AB", currency="EUR")
    on_time = open_at(freeze_clock, local(2029, 9, 3, 9), gold.id, severity=1).case.id
    late = open_at(freeze_clock, local(2029, 9, 3, 9), gold.id, severity=1).case.id
    freeze_clock(local(2029, 9, 3, 10))
    respond_to_case(on_time, "Vi tittar på det.", actor=SYSTEM)
    freeze_clock(local(2029, 9, 4, 12))
    respond_to_case(late, "Förlåt dröjsmålet.", actor=SYSTEM)
    language(client, "sv")
    sign_in("staff")
    answer = client.get("/staff/sla-report?period=2029-09&group_by=customer")
    page = text(answer)
    assert answer.status_code == 200 and "<svg" in page and "<script" not in page and "style=" not in page
    assert "50,0 %" in visible(answer) and "SLA-rapport för alla kunder, 2029-09" in visible(answer)
    assert re.search(r'<rect class="bar first_response"[^>]*width="207.0"', page), "50 % of the 414 wide axis"
    xlsx = client.get("/staff/sla-report.xlsx?period=2029-09&group_by=customer")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet["A1"].value == "Kund" and sheet["A2"].value == '=HYPERLINK("http://evil.example") AB'
    assert sheet["A2"].data_type == "s", "a name stays text, never a formula"
    assert sheet["E2"].value == 0.5
    csv_text = client.get("/staff/sla-report.csv?period=2029-09&group_by=customer").get_data(as_text=True)
    assert "'=HYPERLINK" in csv_text and csv_text.lstrip("\ufeff").startswith("Kund,Ärenden,")
    assert 'href="/staff/sla-report.xlsx?period=2029-09&group_by=customer&lang=sv"' in page
    english = client.get("/staff/sla-report.csv?period=2029-09&group_by=customer&lang=en").get_data(as_text=True)
    assert english.lstrip("\ufeff").startswith("Customer,Cases,First response met,")
    bad = client.get("/staff/sla-report?period=2029-13")
    assert bad.status_code == 422 and "Skriv månaden som ÅÅÅÅ-MM" in visible(bad)
