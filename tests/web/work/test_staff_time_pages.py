"""Staff-time pages: the timer in every page's menu, the week sheet, corrections, My hours and the hours report."""
from __future__ import annotations

import html
import re
from datetime import date

import pytest

from ledger.extensions import db
from ledger.models import Task, Timer
from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_purchase
from ledger.services.work.tasks import record_task
from ledger.services.work.timers import start_timer
from tests.conftest import utc
from tests.web.conftest import csrf_token, post_form

SECRET = "Konfigurerade Fortnox API-nyckel för lagret"


@pytest.fixture
def database_url(sqlite_template, tmp_path):
    """Page tests run on the embedded SQLite only: what they test is the pages; the services under them are
    tested on both engines (tests/services/work, tests/api/work)."""
    import shutil

    path = tmp_path / "servicekonto.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


def page_text(answer) -> str:
    """The page's text without tags, runs of ordinary whitespace as one space (no-break spaces are part of it)."""
    text = re.sub(r"<[^>]+>", "", answer.get_data(as_text=True))
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(text))


@pytest.fixture
def world(make_customer, freeze_clock):
    freeze_clock(utc(2026, 11, 5, 8))  # Thursday 5 November 2026, 09:00 in Stockholm
    customers = [make_customer(name="Fjällbacka AB"), make_customer(name="Grebbestad AB")]
    for customer in customers:
        record_purchase(customer.id, 600, "5000.00", actor=SYSTEM)
    return customers


def test_a_running_timer_is_in_the_menu_of_every_page_and_stops_from_there(client, sign_in, world, freeze_clock):
    staff = sign_in("staff")
    start_timer({"customer_id": world[0].id, "category": "installation", "description": "Installerade"}, actor=staff)
    freeze_clock(utc(2026, 11, 5, 9, 30))
    for path in ("/staff/customers", "/staff/review", f"/staff/customers/{world[1].id}", "/staff/my-hours"):
        text = page_text(client.get(path))
        assert "Fjällbacka AB · 1\xa0tim 30\xa0min" in text and "Stoppa timern" in text, path
    timer = db.session.query(Timer).one()
    answer = client.post(f"/staff/timers/{timer.id}/stop", data={
        "csrf_token": csrf_token(client, "/staff/review"), "from": "menu", "next": "/staff/review"})
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/staff/review")
    db.session.rollback()  # the test's own read snapshot predates the page's commit
    task = db.session.query(Task).one()
    assert (task.minutes, task.customer_id, task.created_by) == (90, world[0].id, staff.id)
    followed = page_text(client.get("/staff/review"))
    assert f"uppgift {task.id}" in followed and "Starta timer" in followed


def test_a_timer_without_its_kind_of_work_or_left_overnight_asks_on_its_stop_page(client, sign_in, world,
                                                                                  freeze_clock):
    freeze_clock(utc(2026, 11, 5, 16))  # 17:00
    staff = sign_in("staff")
    timer = start_timer({"customer_id": world[0].id}, actor=staff)
    token = csrf_token(client, "/staff/timers")
    asked = client.post(f"/staff/timers/{timer.id}/stop", data={"csrf_token": token, "from": "menu", "next": "/"})
    assert asked.status_code == 303 and f"/staff/timers/{timer.id}/stop" in asked.headers["Location"]
    freeze_clock(utc(2026, 11, 6, 3))  # 04:00 the next morning: 11 hours (the sign-in lasts 12)
    form = {"category": "hosting", "description": "Nattjobb"}
    overnight = post_form(client, f"/staff/timers/{timer.id}/stop", form)
    assert overnight.status_code == 409 and "11\xa0tim" in page_text(overnight)
    assert "Timern gick över natten" in page_text(overnight)
    logged = post_form(client, f"/staff/timers/{timer.id}/stop", {**form, "minutes": "1:15"})
    assert logged.status_code == 303
    db.session.rollback()
    assert db.session.query(Task.minutes, Task.work_date).one() == (75, date(2026, 11, 5))


def test_a_timer_is_started_from_its_page_and_a_second_one_refused(client, sign_in, world):
    sign_in("staff")
    started = post_form(client, "/staff/timers", {"customer_id": str(world[1].id), "category": "",
                                                  "description": ""})
    assert started.status_code == 303 and db.session.query(Timer).count() == 1
    again = post_form(client, "/staff/timers", {"customer_id": str(world[0].id)}, page="/staff/customers")
    assert again.status_code == 409 and db.session.query(Timer).count() == 1
    assert "En timer är redan igång" in page_text(again)
    assert "Kasta utan att logga" in page_text(client.get("/staff/timers"))


def week_form(rows: list[dict[str, str]]) -> dict[str, str]:
    data = {"week": "2026-W45"}
    for index, row in enumerate(rows):
        data.update({f"rows-{index}-{name}": value for name, value in row.items()})
    return data


def test_a_week_sheet_with_a_bad_cell_saves_nothing_and_names_the_row_and_day(client, sign_in, world):
    sign_in("staff")
    shown = page_text(client.get("/staff/week?week=2026-W45"))
    assert "mån 2/11" in shown and "sön 8/11" in shown
    rows = [{"customer_id": str(world[0].id), "category": "installation", "description": "Lager", "mon": "1:30",
             "wed": "1,5 h"},
            {"customer_id": str(world[1].id), "category": "hosting", "description": "Drift", "wed": "1:75"}]
    refused = post_form(client, "/staff/week", {**week_form(rows), "action": "save"}, page="/staff/week")
    assert refused.status_code == 422 and db.session.query(Task).count() == 0
    assert "Rad 2, onsdag" in page_text(refused) and "Inget sparades" in page_text(refused)
    preview = post_form(client, "/staff/week", {**week_form(rows), "action": "preview"}, page="/staff/week")
    assert "Debiteras servicekontot" in page_text(preview) and db.session.query(Task).count() == 0
    rows[1]["wed"] = "1:15"
    saved = post_form(client, "/staff/week", {**week_form(rows), "action": "save"}, page="/staff/week")
    assert saved.status_code == 303 and "/staff/my-hours?week=2026-W45" in saved.headers["Location"]
    db.session.rollback()  # the test's own read snapshot predates the page's commit
    assert sorted(db.session.query(Task.work_date, Task.minutes).all()) == [
        (date(2026, 11, 2), 90), (date(2026, 11, 4), 75), (date(2026, 11, 4), 90)]
    odd_week = post_form(client, "/staff/week", {**week_form(rows), "week": "2026-W99", "action": "save"},
                         page="/staff/week")
    assert odd_week.status_code == 422 and "2026-W99" in page_text(odd_week) and db.session.query(Task).count() == 3
    more = post_form(client, "/staff/week", {**week_form(rows), "action": "more_rows"}, page="/staff/week")
    assert 'name="rows-9-mon"' in more.get_data(as_text=True)


def test_a_task_corrected_onto_another_customer_shows_the_first_one_only_that_it_moved(client, sign_in, world,
                                                                                        make_user):
    sign_in("staff")
    task = record_task({"customer_id": world[0].id, "work_date": date(2026, 11, 3), "minutes": 60,
                        "category": "customer_system_configuration", "description": SECRET}, actor=SYSTEM).task
    form = page_text(client.get(f"/staff/tasks/{task.id}/correct"))
    assert SECRET in form and "Rätta uppgiften" in form
    data = {"customer_id": str(world[1].id), "work_date": "2026-11-03", "minutes": "1:00",
            "category": "customer_system_configuration", "root_cause": "", "agreement_reference": "",
            "description": SECRET, "reason": "Fel kund"}
    asked = post_form(client, f"/staff/tasks/{task.id}/correct", data)
    assert asked.status_code == 200 and "Flytta uppgiften" in page_text(asked)
    moved = post_form(client, f"/staff/tasks/{task.id}/correct", {**data, "confirmed": "yes"})
    assert moved.status_code == 303
    replacement = db.session.query(Task).filter_by(replaces_task_id=task.id).one()
    assert replacement.customer_id == world[1].id and moved.headers["Location"].endswith(f"/tasks/{replacement.id}")
    assert f"Rättad: uppgift {replacement.id} ersätter den här." in page_text(client.get(f"/staff/tasks/{task.id}"))
    client.post("/logout", data={"csrf_token": csrf_token(client, "/staff/customers")})
    reader = make_user("customer", customer_id=world[0].id)
    post_form(client, "/login", {"email": reader.email, "password": "correct horse battery"})
    for path in ("/portal", "/portal/statement?period=2026-11", "/portal/statement.csv?period=2026-11"):
        text = page_text(client.get(path))
        assert SECRET not in text and "Konfigurerade" not in text and "Fel kund" not in text, path
        assert "Flyttad till en annan kund" in text or "flyttades till en annan kund" in text, path


def test_my_hours_and_the_hours_report_show_tables_a_chart_and_downloads(client, sign_in, world, make_user):
    staff = sign_in("staff")
    for customer, category, minutes in ((world[0], "installation", 90), (world[1], "hosting", 45)):
        record_task({"customer_id": customer.id, "work_date": date(2026, 11, 3), "minutes": minutes,
                     "category": category, "description": "Arbete"}, actor=staff)
    mine = client.get("/staff/my-hours")
    text = page_text(mine)
    assert mine.status_code == 200 and "Vecka 2026-W45" in text and "Månad 2026-11" in text
    assert "Fjällbacka AB" in text and "2\xa0tim 15\xa0min" in text and "<svg" in mine.get_data(as_text=True)
    report = client.get("/staff/reports/hours?period=2026-11&group_by=staff")
    body = report.get_data(as_text=True)
    assert report.status_code == 200 and "<svg" in body and "style=" not in body.split("<main", 1)[1]
    assert "/api/v1/reports/hours?period=2026-11&amp;group_by=staff&amp;format=xlsx" in body
    xlsx = client.get("/api/v1/reports/hours?period=2026-11&group_by=staff&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    bad = client.get("/staff/reports/hours?period=2026-13")
    assert bad.status_code == 422 and "ÅÅÅÅ-MM" in page_text(bad)


def test_odd_input_on_the_staff_time_pages_is_refused_and_never_a_server_error(client, sign_in, world):
    staff = sign_in("admin")
    task = record_task({"customer_id": world[0].id, "work_date": date(2026, 11, 3), "minutes": 60,
                        "category": "hosting", "description": "Patch"}, actor=SYSTEM).task
    timer = start_timer({"customer_id": world[1].id}, actor=staff)
    token = csrf_token(client, "/staff/timers")

    def post(path, data):
        return client.post(path, data={**data, "csrf_token": token}).status_code

    for value in ("\x00", "9" * 400, "١٧", "-5", "=1+1", "x" * 3000, "2026-W99"):
        for path in (f"/staff/week?week={value}", f"/staff/my-hours?week={value}&period={value}",
                     f"/staff/reports/hours?period={value}&group_by={value}", f"/staff/timers?customer_id={value}"):
            assert client.get(path).status_code in (200, 303, 422), path  # 303: a NUL, refused for every page
        rows = {f"rows-0-{name}": value for name in ("customer_id", "category", "root_cause", "agreement_reference",
                                                      "description", "mon", "sun")}
        for action in ("preview", "save"):
            assert post("/staff/week", {**rows, "week": value, "action": action}) in (200, 303, 409, 422), value
        assert post("/staff/timers", {"customer_id": value, "category": value, "description": value,
                                      "case_id": value}) in (303, 409, 422), value
        assert post(f"/staff/tasks/{task.id}/correct", {
            "customer_id": value, "work_date": value, "minutes": value, "category": value, "root_cause": value,
            "agreement_reference": value, "description": value, "reason": value}) in (200, 303, 409, 422), value
        assert post(f"/staff/timers/{timer.id}/stop", {
            "minutes": value, "category": value, "description": value, "root_cause": value, "confirm_overnight": value,
            "next": value, "from": "menu"}) in (303, 409, 422), value
    many = {f"rows-{index}-mon": "30" for index in range(0, 200, 3)}
    assert post("/staff/week", {**many, "action": "save"}) in (200, 409, 422)
    db.session.rollback()
    assert db.session.query(Task).count() == 1, "nothing odd was logged"
