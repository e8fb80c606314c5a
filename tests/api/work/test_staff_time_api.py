"""Timers, corrections and hours reports through the API (docs/staff-time.md)."""
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_purchase
from ledger.services.work.tasks import record_task
from tests.conftest import utc

SECRET = "Konfigurerade Fortnox API-nyckel för lagret"


@pytest.fixture
def database_url(sqlite_template, tmp_path):
    """The wire formats on the embedded SQLite only: the use cases behind them run on both engines in
    tests/services/work (timers, corrections and what a customer reads, the week sheet, report sums)."""
    import shutil

    path = tmp_path / "servicekonto.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def customers(make_customer, freeze_clock):
    freeze_clock(utc(2026, 11, 3, 8))
    made = [make_customer(name="Fel Kund AB"), make_customer(name="Rätt Kund AB")]
    for customer in made:
        record_purchase(customer.id, 600, "5000.00", actor=SYSTEM)
    return made


def test_a_timer_started_and_stopped_through_the_api_becomes_a_task(api, customers, freeze_clock):
    staff = api("staff")
    started = staff.post("/api/v1/timers", json={"customer_id": customers[0].id, "category": "installation"})
    assert started.status_code == 201 and started.get_json()["stopped_at"] is None
    timer_id = started.get_json()["id"]
    second = staff.post("/api/v1/timers", json={"customer_id": customers[1].id})
    assert (second.status_code, second.get_json()["code"]) == (409, "timer_already_running")
    freeze_clock(utc(2026, 11, 3, 9, 15))
    assert staff.get("/api/v1/timers").get_json()[0]["elapsed_minutes"] == 75
    missing = staff.post(f"/api/v1/timers/{timer_id}/stop", json={})
    assert missing.status_code == 422 and "description" in missing.get_json()["errors"]
    stopped = staff.post(f"/api/v1/timers/{timer_id}/stop", json={"description": "Installerade lagret"})
    assert stopped.status_code == 201, stopped.get_json()
    assert (stopped.get_json()["minutes"], stopped.get_json()["balance_minutes"]) == (75, 525)
    again = staff.post(f"/api/v1/timers/{timer_id}/stop", json={})
    assert (again.status_code, again.get_json()["code"]) == (409, "timer_stopped")
    for role in ("finance", "customer"):
        caller = api(role, customer_id=customers[0].id if role == "customer" else None)
        assert caller.post("/api/v1/timers", json={"customer_id": customers[0].id}).status_code == 403


def test_a_timer_left_overnight_answers_409_with_the_time_elapsed(api, customers, freeze_clock):
    staff = api("staff")
    timer_id = staff.post("/api/v1/timers", json={"customer_id": customers[0].id, "category": "hosting",
                                                  "description": "Patch"}).get_json()["id"]
    freeze_clock(utc(2026, 11, 4, 7))
    asked = staff.post(f"/api/v1/timers/{timer_id}/stop", json={})
    body = asked.get_json()
    assert (asked.status_code, body["code"], body["params"]["elapsed_minutes"]) == (409, "timer_overnight", 1380)
    assert "confirm" in body["detail"]
    logged = staff.post(f"/api/v1/timers/{timer_id}/stop", json={"minutes": 45}).get_json()
    assert (logged["minutes"], logged["work_date"]) == (45, "2026-11-03")


def test_a_task_moved_by_a_correction_shows_its_first_customer_only_that_it_moved(api, customers):
    staff = api("staff")
    wrong, right = customers
    task = record_task({"customer_id": wrong.id, "work_date": date(2026, 11, 3), "minutes": 60,
                        "category": "customer_system_configuration", "description": SECRET}, actor=SYSTEM).task
    answer = staff.post(f"/api/v1/tasks/{task.id}/correct", json={"customer_id": right.id, "reason": "Rätt kund"})
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["original"]["replaced_by_task_id"] == body["replacement"]["id"]
    assert body["replacement"]["replaces_task_id"] == task.id and body["replacement"]["customer_id"] == right.id
    assert body["balance_minutes"] == 540 and body["reversal_entry_id"] and body["entry_id"]
    reader = api("customer", customer_id=wrong.id)
    reads = [reader.get(f"/api/v1/tasks/{task.id}"), reader.get("/api/v1/tasks"),
             reader.get(f"/api/v1/customers/{wrong.id}/ledger"),
             reader.get(f"/api/v1/customers/{wrong.id}/statement?period=2026-11")]
    assert [read.status_code for read in reads] == [200] * 4
    text = " ".join(read.get_data(as_text=True) for read in reads)
    assert SECRET not in text and "Konfigurerade" not in text and "Rätt kund" not in text
    seen = reads[0].get_json()
    assert (seen["moved"], seen["description"], seen["decisions"]) == (True, "Moved to another customer.", [])
    assert reader.get(f"/api/v1/tasks/{body['replacement']['id']}").status_code == 404
    other = api("customer", customer_id=right.id).get(f"/api/v1/tasks/{body['replacement']['id']}").get_json()
    assert other["description"] == SECRET and other["moved"] is False


def test_a_correction_refuses_unknown_facts_and_needs_a_reason(api, customers):
    staff = api("staff")
    task = record_task({"customer_id": customers[0].id, "work_date": date(2026, 11, 3), "minutes": 60,
                        "category": "hosting", "description": "Patch"}, actor=SYSTEM).task
    answer = staff.post(f"/api/v1/tasks/{task.id}/correct", json={"facts": {"colour": "red"}, "minutes": 30})
    assert answer.status_code == 422 and {"reason", "facts.colour"} <= set(answer.get_json()["errors"])
    fine = staff.post(f"/api/v1/tasks/{task.id}/correct", json={"minutes": 30, "category": "installation",
                                                              "reason": "Installation, 30 min"})
    assert fine.get_json()["replacement"]["outcome"] == "debited" and fine.get_json()["entry_id"]


def test_the_hours_report_downloads_as_xlsx_with_numbers_as_numbers(api, customers, make_user):
    staff = api("staff")
    record_task({"customer_id": customers[1].id, "work_date": date(2026, 11, 2), "minutes": 90,
                 "category": "installation", "description": "=HYPERLINK(\"http://evil\")"}, actor=staff.actor)
    record_task({"customer_id": customers[0].id, "work_date": date(2026, 11, 3), "minutes": 30,
                 "category": "hosting", "description": "Patch"}, actor=staff.actor)
    finance = api("finance")
    report = finance.get("/api/v1/reports/hours?period=2026-11&group_by=customer").get_json()
    assert [(row["name"], row["logged_minutes"], row["value"]) for row in report["rows"]] == [
        ("Fel Kund AB", 30, {}), ("Rätt Kund AB", 90, {"SEK": "1425.00"})]
    download = finance.get("/api/v1/reports/hours?period=2026-11&group_by=staff&format=xlsx")
    assert download.status_code == 200 and download.mimetype.endswith("spreadsheetml.sheet")
    workbook = load_workbook(io.BytesIO(download.get_data()))
    summary, tasks = workbook.worksheets
    rows = list(summary.iter_rows(values_only=True))
    assert rows[0][:3] == ("Medarbetare", "Uppgifter", "Loggade minuter") and rows[0][-1] == "Värde (SEK)"
    assert rows[1][1:3] == (2, 120) and rows[-1][0] == "Totalt" and rows[-1][-1] == 1425.0
    assert all(isinstance(value, int) for value in rows[-1][1:7])
    listed = list(tasks.iter_rows(values_only=True))
    assert len(listed) == 3 and listed[1][1].date() == date(2026, 11, 2)
    assert listed[1][5] == "=HYPERLINK(\"http://evil\")" and tasks.cell(2, 6).data_type == "s"
    assert (listed[1][7], listed[1][8], listed[1][9], listed[1][10]) == (90, 90, 1425.0, "SEK")
    csv = finance.get("/api/v1/reports/hours?period=2026-11&group_by=category&format=csv").get_data(as_text=True)
    assert csv.splitlines()[-1] == "Totalt,2,120,30,90,90,0,1425.00"
    bad = finance.get("/api/v1/reports/hours?period=2026-13&group_by=planet")
    assert bad.status_code == 422 and {"period", "group_by"} <= set(bad.get_json()["errors"])
    assert api("customer", customer_id=customers[0].id).get("/api/v1/reports/hours?period=2026-11").status_code == 403
