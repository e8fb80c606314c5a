"""A customer's tasks and statements as CSV, the printable statement page, and the review queue's count in the menu."""
from __future__ import annotations

import csv
import html
import io
from datetime import date

from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_purchase
from ledger.services.work.tasks import record_task
from tests.conftest import utc
from tests.services.helpers import debit


def rows(answer) -> list[list[str]]:
    """The CSV body of an answer, read as a spreadsheet would (UTF-8 with a byte-order mark)."""
    assert answer.mimetype == "text/csv" and "attachment" in answer.headers["Content-Disposition"]
    return list(csv.reader(io.StringIO(answer.get_data().decode("utf-8-sig"))))


def test_staff_download_every_task_of_a_customer_in_swedish_with_formulas_neutralised(client, sign_in, make_customer,
                                                                                       freeze_clock):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    freeze_clock(utc(2026, 3, 5, 10))
    customer = make_customer(billing_increment_minutes=15)
    record_purchase(customer.id, 600, "9500.00", actor=SYSTEM)
    debit(customer.id, 40, description="=HYPERLINK(\"https://evil.example\")")
    for number in range(30):
        debit(customer.id, 5, description=f"Uppgift {number}")
    sign_in("staff")
    table = rows(client.get(f"/staff/customers/{customer.id}/tasks.csv"))
    assert table[0][:6] == ["Uppgift", "Datum", "Typ av arbete", "Beskrivning", "Minuter", "Debiterade minuter"]
    assert len(table) == 1 + 31, "every task, not a page of them"
    first = next(row for row in table if "HYPERLINK" in row[3])
    assert first[3].startswith("'="), "a description cannot run as a formula"
    assert (first[1], first[4], first[5]) == ("2026-03-05", "40", "45")
    assert first[6] == "Debiteras servicekontot" and first[8] == "Bokförd"


def test_the_statement_downloads_as_csv_with_opening_entries_and_closing_balance(client, sign_in, make_customer,
                                                                                   freeze_clock):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    freeze_clock(utc(2026, 3, 5, 10))
    customer = make_customer()
    record_purchase(customer.id, 600, "9500.00", actor=SYSTEM)
    debit(customer.id, 90, description="Installed the till")
    sign_in("staff")
    table = rows(client.get(f"/staff/customers/{customer.id}/statement.csv?period=2026-03"))
    assert table[0] == ["Date", "What", "Note", "Change in minutes", "Balance after (minutes)"]
    assert table[1] == ["2026-03-01", "Opening balance", "", "", "0"]
    assert table[2][1:] == ["Hour package bought", "", "600", "600"]
    assert table[3][1:] == ["Work debited", "Installed the till", "-90", "510"]
    assert table[-1] == ["2026-03-31", "Closing balance", "", "", "510"]
    assert client.get(f"/staff/customers/{customer.id}/statement.csv?period=March").status_code == 422


def test_a_customer_downloads_its_own_statement_and_the_page_prints_without_menus(client, sign_in, make_customer,
                                                                                   freeze_clock):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    freeze_clock(utc(2026, 3, 5, 10))
    customer = make_customer()
    record_purchase(customer.id, 600, "9500.00", actor=SYSTEM)
    sign_in("customer", customer.id)
    table = rows(client.get("/portal/statement.csv?period=2026-03"))
    assert table[0][0] == "Datum" and table[-1][1] == "Utgående saldo" and table[-1][-1] == "600"
    page = client.get("/portal/statement?period=2026-03").get_data(as_text=True)
    assert 'media="print"' in page and "css/print.css" in page
    assert "/portal/statement.csv?period=2026-03" in page
    with client.get("/static/css/print.css") as answer:
        printed = answer.get_data(as_text=True)
    assert "header.top nav" in printed and "display: none" in printed


def test_staff_see_a_customers_statement_with_months_to_step_through(client, sign_in, make_customer, freeze_clock):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    freeze_clock(utc(2026, 3, 5, 10))
    customer = make_customer(name="Nordlys Handel AB")
    record_purchase(customer.id, 600, "9500.00", actor=SYSTEM)
    sign_in("staff")
    page = html.unescape(client.get(f"/staff/customers/{customer.id}/statement?period=2026-03").get_data(as_text=True))
    assert "Nordlys Handel AB" in page and "Ingående saldo" in page
    assert f"/staff/customers/{customer.id}/statement?period=2026-02" in page
    assert f"/staff/customers/{customer.id}/statement.csv?period=2026-03" in page
    assert client.get(f"/staff/customers/{customer.id}/statement?period=x").status_code == 422


def test_the_staff_menu_shows_how_many_tasks_wait_for_review(client, sign_in, make_customer):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    customer = make_customer()
    sign_in("staff")
    assert 'class="count"' not in client.get("/staff/customers").get_data(as_text=True)
    for number in range(3):
        record_task({"customer_id": customer.id, "category": "troubleshooting", "minutes": 30,
                     "description": f"Unknown fault {number}", "work_date": date(2026, 3, 5)}, actor=SYSTEM)
    menu = client.get("/staff/customers").get_data(as_text=True)
    assert '<span class="count">3<span class="visually-hidden"> waiting</span></span>' in menu
