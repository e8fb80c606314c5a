"""What cannot be undone is asked first: a page states the consequence, and only its answer acts (no script)."""
from __future__ import annotations

import html

import pytest
from sqlalchemy import func, select

from ledger.extensions import db
from ledger.models import Customer, Invoice, LedgerEntry, Task
from tests.conftest import utc
from tests.services.helpers import debit
from tests.web.conftest import post_form


@pytest.fixture
def swedish(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    return client


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True)).replace("\xa0", " ")


def count(model, *where) -> int:
    db.session.rollback()
    return db.session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def confirm(client, question, path):
    """Answer the confirmation page the way a browser does: post its form back, hidden fields and all."""
    import re

    body = question.get_data(as_text=True)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body))
    fields.update(dict(re.findall(r'name="csrf_token" type="hidden" value="([^"]+)"()', body)[:0]))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', body).group(1)
    return client.post(path, data={**{k: html.unescape(v) for k, v in fields.items()}, "csrf_token": token})


def test_issuing_all_drafts_asks_first_and_issues_nothing_until_answered(swedish, sign_in, october):
    october(name="Alfa AB"), october(name="Beta AB")
    sign_in("finance")
    post_form(swedish, "/finance/run", {"period": "2026-10"}, page="/finance?period=2026-10")
    question = post_form(swedish, "/finance/issue-all", {"period": "2026-10"}, page="/finance?period=2026-10")
    page = text(question)
    assert question.status_code == 200 and "Utfärda alla utkast för 2026-10?" in page
    assert "2 utkast för 2026-10 får nästa fakturanummer" in page and "bara krediteras" in page
    assert count(Invoice, Invoice.status == "issued") == 0
    answer = confirm(swedish, question, "/finance/issue-all")
    assert answer.status_code == 303 and count(Invoice, Invoice.status == "issued") == 2
    assert "F1001–F1002" in text(swedish.get(answer.headers["Location"]))


def test_issuing_one_invoice_states_its_total_and_buyer_first(swedish, sign_in, october):
    october(name="Alfa AB")
    sign_in("finance")
    post_form(swedish, "/finance/run", {"period": "2026-10"}, page="/finance?period=2026-10")
    db.session.rollback()
    draft = db.session.execute(select(Invoice)).scalar_one()
    path = f"/finance/invoices/{draft.id}/issue"
    question = post_form(swedish, path, {}, page=f"/finance/invoices/{draft.id}")
    assert "Utfärda fakturan till Alfa AB?" in text(question) and " kr till Alfa AB" in text(question)
    assert count(Invoice, Invoice.status == "issued") == 0
    assert confirm(swedish, question, path).status_code == 303
    assert count(Invoice, Invoice.status == "issued") == 1


def test_crediting_asks_first_and_carries_the_reason_through(swedish, sign_in, october):
    october(name="Alfa AB")
    sign_in("finance")
    post_form(swedish, "/finance/run", {"period": "2026-10"}, page="/finance?period=2026-10")
    db.session.rollback()
    draft = db.session.execute(select(Invoice)).scalar_one()
    post_form(swedish, f"/finance/invoices/{draft.id}/issue", {"confirmed": "yes"}, page=f"/finance/invoices/{draft.id}")
    path = f"/finance/invoices/{draft.id}/credit"
    question = post_form(swedish, path, {"reason": "Fel timpris"}, page=f"/finance/invoices/{draft.id}")
    assert "Kreditera faktura F1001?" in text(question) and "Det går inte att ångra." in text(question)
    assert count(Invoice) == 1
    assert confirm(swedish, question, path).status_code == 303
    db.session.rollback()
    note = db.session.execute(select(Invoice).where(Invoice.kind == "credit_note")).scalar_one()
    assert note.credit_reason == "Fel timpris"


def test_closing_a_customer_says_which_hours_are_forfeited_first(swedish, sign_in, make_customer, freeze_clock):
    freeze_clock(utc(2026, 3, 5, 10))
    from ledger.services.access import SYSTEM
    from ledger.services.accounts.hours import record_purchase

    customer = make_customer(name="Lämnar AB")
    record_purchase(customer.id, 150, "1000.00", actor=SYSTEM)
    sign_in("admin")
    page = f"/staff/customers/{customer.id}"
    question = post_form(swedish, f"{page}/close", {"reason": "Flyttar"}, page=page)
    assert "Avsluta Lämnar AB?" in text(question) and "De 2 tim 30 min som är kvar" in text(question)
    assert count(Customer, Customer.status == "closed") == 0
    assert confirm(swedish, question, f"{page}/close").status_code == 303
    assert count(Customer, Customer.status == "closed") == 1


def test_voiding_and_overriding_a_task_ask_first(swedish, sign_in, make_customer, freeze_clock):
    freeze_clock(utc(2026, 3, 5, 10))
    customer = make_customer()
    task_id = debit(customer.id, 45).task.id
    sign_in("admin")
    page = f"/staff/tasks/{task_id}"
    override = post_form(swedish, f"{page}/override", {"outcome": "included", "reason": "Goodwill"}, page=page)
    assert f"Åsidosätta beslutet för uppgift {task_id}?" in text(override) and count(LedgerEntry) == 1
    void = post_form(swedish, f"{page}/void", {"reason": "Fel kund"}, page=page)
    assert f"Makulera uppgift {task_id}?" in text(void) and "de 45 min den debiterade" in text(void)
    assert count(LedgerEntry) == 1 and count(Task, Task.status == "voided") == 0
    assert confirm(swedish, void, f"{page}/void").status_code == 303
    assert count(Task, Task.status == "voided") == 1 and count(LedgerEntry) == 2
