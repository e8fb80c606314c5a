"""The SLA report across customers (docs/support.md) against a month of 30 cases computed by hand: met, breached and
met % per target and group, the median first response in business minutes, as JSON, CSV and XLSX (read back with
openpyxl, another implementation than the one that wrote it), with Swedish headings for Swedish readers.

November 2029, read on Friday 30 November at 12:00 Stockholm. Each case: (plan, severity, opened, business hours
to the first response or None, business hours to the resolution or None). Targets (docs/support.md): Gold first response
8 bh (severity 4: 24), resolution 16 bh / 3 bd / 7 bd / best effort; Enterprise 8 / 16 / 24 / 24 bh, 32 bh / 7 bd /
14 bd / best effort; Professional best effort but severity 4's first response, 24 bh. A target met exactly at its due
time is met. An unanswered case opened on 5 November is long overdue by the 30th.
"""
from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from ledger.services.access import SYSTEM
from ledger.services.support.assignment import assign_case
from ledger.services.support.cases import change_case_status, open_case, respond_to_case
from tests.domain.support_plans import CALENDAR
from tests.services.support_helpers import local, on_plan, report

MONDAY, THURSDAY, FRIDAY = local(2029, 11, 5, 9), local(2029, 11, 29, 9), local(2029, 11, 30, 9)
FIRST_MINUTES = local(2029, 11, 1, 0, 30)  # in November in Stockholm, still 31 October in UTC
READ_AT = local(2029, 11, 30, 12)
MONTH = [
    # Gold: first response met 6 (1, 3, 4, 5, 7, 10), breached 3 (2, 6, 8), running 1 (9): 66.7 %
    #       resolution met 3 (1, 3, 5), breached 3 (2, 4, 6), best effort 2, running 2: 50.0 %
    ("gold", 1, MONDAY, 1, 10), ("gold", 1, MONDAY, 9, 20), ("gold", 2, MONDAY, 2, 20), ("gold", 2, MONDAY, 8, 30),
    ("gold", 3, MONDAY, 4, 50), ("gold", 3, MONDAY, 12, None), ("gold", 4, MONDAY, 20, 100), ("gold", 4, MONDAY, 30, None),
    ("gold", 1, FRIDAY, None, None), ("gold", 2, FRIDAY, 1, None),
    # Enterprise: first response met 6 (11, 12, 13, 15, 16, 18), breached 3 (14, 17, 19), running 1: 66.7 %
    #             resolution met 3 (11, 13, 15), breached 4 (12, 14, 16, 19), best effort 2, running 1: 42.9 %
    ("enterprise", 1, MONDAY, 7, 30), ("enterprise", 1, MONDAY, 8, 33), ("enterprise", 2, MONDAY, 16, 56),
    ("enterprise", 2, MONDAY, 17, 60), ("enterprise", 3, MONDAY, 24, 100), ("enterprise", 3, MONDAY, 1, None),
    ("enterprise", 4, MONDAY, 25, None), ("enterprise", 4, MONDAY, 3, 10), ("enterprise", 1, MONDAY, None, None),
    ("enterprise", 3, THURSDAY, None, None),
    # Professional: first response met 2 (24, 28), breached 2 (25, 26), running 1 (27), best effort 5: 50.0 %;
    #               resolution best effort throughout: no met %
    ("professional", 1, MONDAY, 2, 5), ("professional", 2, MONDAY, 50, None), ("professional", 3, MONDAY, None, None),
    ("professional", 4, MONDAY, 20, None), ("professional", 4, MONDAY, 26, None),
    ("professional", 4, MONDAY, None, None), ("professional", 4, FRIDAY, None, None),
    ("professional", 4, MONDAY, 24, None), ("professional", 1, MONDAY, 1, None),
    ("professional", 2, FIRST_MINUTES, None, None),
]
# Medians of the first responses met, in time or late (business minutes): Gold 60 60 120 240 480 540 720 1200 1800
# -> 480; Enterprise 60 180 420 480 960 1020 1440 1500 -> (480 + 960) / 2 = 720; Professional 60 120 1200 1440 1560
# 3000 -> (1200 + 1440) / 2 = 1320; all 23 -> the 12th, 540.
EXPECTED_BY_PLAN = {
    "professional": (10, (2, 2, 50.0), (0, 0, None), 1320),
    "enterprise": (10, (6, 3, 66.7), (3, 4, 42.9), 720),
    "gold": (10, (6, 3, 66.7), (3, 3, 50.0), 480),
}
EXPECTED_TOTAL = (30, (14, 8, 63.6), (6, 7, 46.2), 540)


def _at(opened, hours):
    return CALENDAR.add_business_time(opened, hours * 60)


@pytest.fixture
def november(make_customer, make_user, freeze_clock):
    """The 30 cases of the table (Gold's assigned to Björn), and one opened a minute before November."""
    freeze_clock(local(2029, 10, 1, 8))
    customers = {plan: on_plan(make_customer, plan, name=f"{plan.title()} Kund AB", currency="EUR").id
                 for plan in ("professional", "enterprise", "gold")}
    bjorn = make_user("staff", display_name="Björn Berg")
    freeze_clock(local(2029, 10, 31, 23, 59))
    open_case(report(customers["gold"], severity=1), actor=SYSTEM)  # October's: not in the report
    for plan, severity, opened, first_hours, resolved_hours in MONTH:
        freeze_clock(opened)
        case_id = open_case(report(customers[plan], severity=severity, channel="email"), actor=SYSTEM).case.id
        if plan == "gold":
            assign_case(case_id, bjorn.id, actor=SYSTEM)
        if first_hours is not None:
            freeze_clock(_at(opened, first_hours))
            respond_to_case(case_id, "Vi tittar på det.", actor=SYSTEM)
        if resolved_hours is not None:
            freeze_clock(_at(opened, resolved_hours))
            change_case_status(case_id, "resolved", actor=SYSTEM)
    freeze_clock(READ_AT)
    return customers, bjorn


def _figures(row):
    first, resolution = row["first_response"], row["resolution"]
    return (row["cases"], (first["met"], first["breached"], first["met_percent"]),
            (resolution["met"], resolution["breached"], resolution["met_percent"]),
            row["median_first_response_business_minutes"])


def test_the_months_report_per_plan_severity_and_assignee_matches_the_hand_computed_month_in_every_format(
        november, api):
    _customers, bjorn = november
    lead = api("admin")
    by_plan = lead.get("/api/v1/sla-report?period=2029-11&group_by=plan").get_json()
    assert {row["group"]: _figures(row) for row in by_plan["rows"]} == EXPECTED_BY_PLAN
    assert [row["label"] for row in by_plan["rows"]] == ["Professional", "Enterprise", "Gold"]
    assert _figures(by_plan["total"]) == EXPECTED_TOTAL
    by_assignee = lead.get("/api/v1/sla-report?period=2029-11&group_by=assignee").get_json()["rows"]
    assert [(row["group"], row["label"], _figures(row)) for row in by_assignee] == [
        (bjorn.id, "Björn Berg", EXPECTED_BY_PLAN["gold"]),
        (None, None, (20, (8, 5, 61.5), (3, 4, 42.9), 990))]  # Enterprise and Professional together
    severity_1 = lead.get("/api/v1/sla-report?period=2029-11&group_by=severity").get_json()["rows"][0]
    assert (severity_1["group"], severity_1["label"]) == (1, "1 – Urgent")
    assert _figures(severity_1)[:3] == (8, (3, 2, 60.0), (2, 3, 40.0))  # cases 1, 2, 9, 11, 12, 19, 21, 29
    assert api("customer", _customers["gold"]).get("/api/v1/sla-report?period=2029-11").status_code == 403
    assert lead.get("/api/v1/sla-report?period=2029-13").status_code == 422
    assert lead.get("/api/v1/sla-report?period=2029-11&group_by=weather").status_code == 422
    # the same month as files: XLSX with Swedish headings for a Swedish reader, CSV with English ones
    xlsx = lead.get("/api/v1/sla-report?period=2029-11&group_by=plan&format=xlsx",
                    headers={"Accept-Language": "sv-SE,sv;q=0.9"})
    assert xlsx.status_code == 200 and xlsx.mimetype.endswith("spreadsheetml.sheet")
    assert 'filename="sla-report-2029-11-plan.xlsx"' in xlsx.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet.title == "SLA 2029-11"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Supportnivå", "Ärenden", "Första svar i tid", "Första svar överskridna", "Första svar i tid %",
                       "Lösning i tid", "Lösning överskridna", "Lösning i tid %",
                       "Median första svar (kontorsminuter)"]
    assert rows[1:] == [["Professional", 10, 2, 2, 0.5, 0, 0, None, 1320],
                        ["Enterprise", 10, 6, 3, 0.667, 3, 4, 0.429, 720],
                        ["Gold", 10, 6, 3, 0.667, 3, 3, 0.5, 480],
                        ["Totalt", 30, 14, 8, 0.636, 6, 7, 0.462, 540]]
    assert sheet["E3"].number_format == "0.0%" and sheet["A5"].font.b
    text = lead.get("/api/v1/sla-report?period=2029-11&group_by=plan&format=csv",
                    headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert text.startswith("\ufeff")
    parsed = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert parsed[0][:3] == ["Support plan", "Cases", "First response met"]
    assert parsed[2] == ["Enterprise", "10", "6", "3", "66.7", "3", "4", "42.9", "720"]
    assert parsed[-1] == ["Total", "30", "14", "8", "63.6", "6", "7", "46.2", "540"]
