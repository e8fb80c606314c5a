"""The customer portal: balance, notices, chart, history with reasons, statements, invoices and who may see them."""
from __future__ import annotations

import html
import re
from datetime import date

import pytest

from ledger.domain.periods import Period
from ledger.extensions import db
from ledger.models import Invoice, InvoiceDocument, LedgerEntry
from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_adjustment, record_purchase
from ledger.services.accounts.statements import get_statement
from ledger.services.billing.issuing import credit_invoice, issue_invoice
from ledger.services.billing.runs import run_invoices
from ledger.services.work.tasks import record_task, void_task
from tests.conftest import utc
from tests.services.helpers import debit

NBSP = "\xa0"


def h(text: str) -> str:
    """Hours as the pages write them: '1 h 30 min' with no-break spaces."""
    return text.replace(" h", f"{NBSP}h").replace(" min", f"{NBSP}min")


def text_of(answer) -> str:
    return html.unescape(answer.get_data(as_text=True))


def flat(page: str) -> str:
    """Runs of ordinary whitespace as one space (no-break spaces are part of what the page says)."""
    return re.sub(r"[ \t\r\n]+", " ", page)


@pytest.fixture
def customer_client(client, sign_in):
    """Factory: sign in as a customer user of `customer`, with English pages."""

    def make(customer):
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        sign_in("customer", customer.id)
        return client

    return make


def log(customer_id, category, minutes, description, **facts):
    return record_task({"customer_id": customer_id, "category": category, "minutes": minutes,
                        "description": description, "work_date": date(2026, 3, 5), **facts}, actor=SYSTEM)


def test_a_customer_sees_its_balance_large_and_its_low_balance_notice(customer_client, make_customer, freeze_clock):
    freeze_clock(utc(2026, 3, 5, 10))
    customer = make_customer(low_balance_minutes=120)
    record_purchase(customer.id, 180, "2850.00", actor=SYSTEM)
    debit(customer.id, 90)
    page = text_of(customer_client(customer).get("/portal"))
    assert f'<p class="balance">{h("1 h 30 min")}</p>' in page
    assert "Your balance is low" in page
    assert f"Your balance is {h('1 h 30 min')}, below your alert level of {h('2 h')}." in page
    assert "order an hour package" in page


def test_a_comfortable_balance_shows_no_notice(customer_client, make_customer, freeze_clock):
    freeze_clock(utc(2026, 3, 5, 10))
    customer = make_customer()
    record_purchase(customer.id, 600, "9500.00", actor=SYSTEM)
    page = text_of(customer_client(customer).get("/portal"))
    assert f'<p class="balance">{h("10 h")}</p>' in page and "Your balance is low" not in page


def test_a_negative_balance_says_the_hours_are_owed_and_invoiced_at_the_hourly_rate(customer_client, make_customer,
                                                                                      freeze_clock):
    freeze_clock(utc(2026, 3, 5, 10))
    customer = make_customer(hourly_rate="950.00")
    debit(customer.id, 90)
    page = text_of(customer_client(customer).get("/portal"))
    assert f'<p class="balance negative">−{h("1 h 30 min")}</p>' in page
    assert f"You owe {h('1 h 30 min')}. They will be invoiced at the hourly rate of SEK{NBSP}950.00." in page
    assert "pay for exact time: no overdraft limit" in page


def test_the_agreement_line_names_rate_increment_and_overdraft_limit(customer_client, make_customer):
    customer = make_customer(hourly_rate="1200.00", billing_increment_minutes=15, overdraft_limit_minutes=600)
    page = flat(text_of(customer_client(customer).get("/portal")))
    assert f"SEK{NBSP}1,200.00 per hour" in page
    assert f"time billed per started 15{NBSP}min" in page and f"overdraft limit 10{NBSP}h" in page


def test_the_history_shows_every_tasks_outcome_and_reason_and_every_other_movement(customer_client, make_customer,
                                                                                    freeze_clock, app):
    freeze_clock(utc(2026, 3, 5, 10))
    customer = make_customer()
    record_purchase(customer.id, 600, "9500.00", actor=SYSTEM)
    log(customer.id, "hosting", 30, "Patched the server")
    log(customer.id, "installation", 50, "Installed the integration")
    log(customer.id, "troubleshooting", 20, "Orders stopped", root_cause="unknown")
    mistaken = log(customer.id, "qualified_help", 45, "Logged on the wrong customer")
    void_task(mistaken.task.id, "Wrong customer", actor=SYSTEM)
    record_adjustment(customer.id, 60, "Goodwill for the outage in March", actor=SYSTEM)
    page = text_of(customer_client(customer).get("/portal"))
    catalogue = app.extensions["servicekonto.catalogue"]
    for key, rule in [("hosting", "included.hosting"), ("installation", "debited.installation_training"),
                      ("troubleshooting", "review.fault_cause_unknown"), ("qualified_help", "debited.qualified_help")]:
        assert catalogue.category(key).label_en in page
        assert catalogue.rules[rule].reason_en in page
    assert "Included in the monthly fee" in page and "Debited to the service account" in page
    assert "Awaiting review – nothing debited yet" in page
    assert "Voided – not charged" in page and "Why it was voided: Wrong customer" in page
    voided_row = page[page.index(f'<tr id="task-{mistaken.task.id}"'):]
    voided_row = voided_row[:voided_row.index("</tr>")]
    assert f'<td data-label="Billed" class="num"><span class="duration">0{NBSP}min</span></td>' in voided_row
    assert f'<td data-label="Billed" class="num"><span class="duration">50{NBSP}min</span></td>' in page
    assert "Hour package bought" in page and f"+{h('10 h')}" in page
    assert "Adjustment" in page and "Goodwill for the outage in March" in page
    assert "Reversal" in page and "Cancels the debit for the task “Logged on the wrong customer”, which was voided." in page


def test_the_chart_is_an_inline_svg_of_the_balances_and_nothing_comes_from_other_sites(customer_client, make_customer,
                                                                                       freeze_clock):
    freeze_clock(utc(2026, 3, 2, 10))
    customer = make_customer()
    record_purchase(customer.id, 600, "9500.00", actor=SYSTEM)
    freeze_clock(utc(2026, 3, 4, 10))
    debit(customer.id, 90)
    freeze_clock(utc(2026, 3, 9, 10))
    answer = customer_client(customer).get("/portal")
    page = text_of(answer)
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg and 'class="zero"' in svg
    assert "Balance at the end of each day, 2026-03-02 to 2026-03-09" in svg
    assert f"The balance went from {h('10 h')} to {h('8 h 30 min')}." in svg
    assert re.search(r'<path class="line" d="M[\d.]+,[\d.]+ H[\d.]+ V[\d.]+ H[\d.]+ V[\d.]+"', svg)
    assert "2026-03-02" in svg and "2026-03-09" in svg, "date labels on the x axis"
    rows = re.findall(r"<td data-label=\"Date\">(\d{4}-\d\d-\d\d)</td>\s*<td data-label=\"Balance\" class=\"num\">([^<]+)</td>", page)
    assert rows == [("2026-03-02", h("10 h")), ("2026-03-04", h("8 h 30 min")), ("2026-03-09", h("8 h 30 min"))]
    assert not re.search(r'(?:src|href|action)="(?:https?:)?//', page), "everything is served by the app"
    assert " style=" not in page, "CSP forbids style attributes"
    assert "script-src 'self'" in answer.headers["Content-Security-Policy"]


def test_a_new_customer_sees_a_sentence_instead_of_an_empty_chart(customer_client, make_customer):
    page = text_of(customer_client(make_customer()).get("/portal"))
    assert "No hours have been booked on your account yet." in page and "<svg" not in page
    assert "No work has been logged yet." in page and "No invoices yet." in page


def test_the_statement_adds_up_and_lists_every_entry_and_task_with_its_reason(customer_client, make_customer,
                                                                             freeze_clock, app):
    freeze_clock(utc(2026, 9, 20, 10))
    customer = make_customer()
    record_purchase(customer.id, 300, "4750.00", actor=SYSTEM)
    freeze_clock(utc(2026, 10, 6, 10))
    record_purchase(customer.id, 120, "1900.00", actor=SYSTEM)
    debit(customer.id, 200, "Installed the integration", work_date=date(2026, 10, 6))
    log(customer.id, "hosting", 30, "Patched the server", work_date=date(2026, 10, 6))
    freeze_clock(utc(2026, 11, 2, 10))
    statement = get_statement(customer.id, Period(2026, 10), actor=SYSTEM)
    assert statement.opening_balance_minutes + sum(e.minutes for e in statement.entries) == statement.closing_balance_minutes
    page = flat(text_of(customer_client(customer).get("/portal/statement?period=2026-10")))
    assert "<h1>Statement for 2026-10</h1>" in page
    assert f'<dd class="opening"><span class="duration">{h("5 h")}</span></dd>' in page
    assert f'<dd class="closing"><span class="duration">{h("3 h 40 min")}</span></dd>' in page
    assert f'<dd class="debited"><span class="duration">{h("3 h 20 min")}</span></dd>' in page
    assert f'<dd class="included"><span class="duration">30{NBSP}min</span></dd>' in page
    assert f"+{h('2 h')}" in page and f"−{h('3 h 20 min')}" in page
    assert "Installed the integration" in page and "Patched the server" in page
    catalogue = app.extensions["servicekonto.catalogue"]
    assert catalogue.rules["debited.installation_training"].reason_en in page
    assert catalogue.rules["included.hosting"].reason_en in page
    assert 'href="/portal/statement?period=2026-09"' in page and 'href="/portal/statement?period=2026-11"' in page


def test_the_statement_defaults_to_this_month_and_offers_no_month_after_it(customer_client, make_customer, freeze_clock):
    freeze_clock(utc(2026, 11, 2, 10))
    page = text_of(customer_client(make_customer()).get("/portal/statement"))
    assert "<h1>Statement for 2026-11</h1>" in page and "period=2026-10" in page and "period=2026-12" not in page


@pytest.mark.parametrize("period", ["2026-13", "October", "2026-1", "1999-12", "x" * 500])
def test_a_bad_period_shows_an_error_with_status_422(customer_client, make_customer, period):
    answer = customer_client(make_customer()).get("/portal/statement", query_string={"period": period})
    page = text_of(answer)
    assert answer.status_code == 422
    assert "Write the month as YYYY-MM, for example" in page and 'aria-invalid="true"' in page


def issue_october(customer):
    """Run October for every customer and issue `customer`'s invoice; returns it."""
    run = run_invoices(Period(2026, 10), actor=SYSTEM)
    draft = next(invoice for invoice in run.created if invoice.customer_id == customer.id)
    return issue_invoice(draft.id, actor=SYSTEM)


def test_invoices_list_only_the_customers_own_issued_invoices_with_pdf_links(customer_client, october):
    mine, theirs = october(name="Mitt Bolag AB"), october(name="Andra Bolaget AB")
    run = run_invoices(Period(2026, 10), actor=SYSTEM)
    own = issue_invoice(next(i.id for i in run.created if i.customer_id == mine.id), actor=SYSTEM)
    other = issue_invoice(next(i.id for i in run.created if i.customer_id == theirs.id), actor=SYSTEM)
    page = flat(text_of(customer_client(mine).get("/portal")))
    assert f'href="/portal/invoices/{own.id}/pdf"' in page and f"Download F{own.number}.pdf" in page
    assert f"SEK{NBSP}6,030.00" in page and "2026-11-02" in page
    assert f"/portal/invoices/{other.id}/pdf" not in page and f"F{other.number}.pdf" not in page


def test_a_draft_is_not_listed_and_cannot_be_downloaded(customer_client, october):
    customer = october()
    [draft] = run_invoices(Period(2026, 10), actor=SYSTEM).created
    client = customer_client(customer)
    assert f"/portal/invoices/{draft.id}/pdf" not in text_of(client.get("/portal"))
    assert client.get(f"/portal/invoices/{draft.id}/pdf").status_code == 404


def test_the_pdf_download_is_the_archived_original_byte_for_byte(customer_client, october):
    customer = october()
    invoice = issue_october(customer)
    answer = customer_client(customer).get(f"/portal/invoices/{invoice.id}/pdf")
    stored = db.session.query(InvoiceDocument).filter_by(invoice_id=invoice.id).one()
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    assert answer.headers["Content-Disposition"] == f'attachment; filename="F{invoice.number}.pdf"'
    assert answer.data == stored.content


def test_another_customers_invoice_pdf_is_not_found(customer_client, october):
    mine, theirs = october(name="Mitt Bolag AB"), october(name="Andra Bolaget AB")
    run = run_invoices(Period(2026, 10), actor=SYSTEM)
    other = issue_invoice(next(i.id for i in run.created if i.customer_id == theirs.id), actor=SYSTEM)
    client = customer_client(mine)
    assert client.get(f"/portal/invoices/{other.id}/pdf").status_code == 404
    assert client.get("/portal/invoices/999999/pdf").status_code == 404


def test_a_credit_note_is_marked_and_its_reversal_explained(customer_client, october):
    customer = october()
    invoice = issue_october(customer)
    note = credit_invoice(invoice.id, "Wrong hourly rate", actor=SYSTEM)
    page = flat(text_of(customer_client(customer).get("/portal")))
    assert f"Credit note for invoice F{invoice.number}" in page and f"\u2212SEK{NBSP}6,030.00" in page
    assert f'href="/portal/invoices/{note.id}/pdf"' in page
    assert "Cancels an earlier entry because its invoice was credited." in page
    reversals = db.session.query(LedgerEntry).filter_by(kind="reversal", invoice_id=note.id).count()
    assert reversals >= 1


@pytest.mark.parametrize("role", ["staff", "finance", "admin"])
@pytest.mark.parametrize("path", ["/portal", "/portal/statement?period=2026-10", "/portal/invoices/1/pdf"])
def test_staff_and_finance_users_are_refused_the_portal(client, sign_in, role, path):
    sign_in(role)
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", ["/portal", "/portal/statement", "/portal/invoices/1/pdf"])
def test_an_anonymous_visitor_is_sent_to_sign_in(client, path):
    answer = client.get(path)
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/login")


def test_viewing_the_portal_writes_nothing(customer_client, make_customer, freeze_clock):
    freeze_clock(utc(2026, 3, 5, 10))
    customer = make_customer()
    record_purchase(customer.id, 600, "9500.00", actor=SYSTEM)
    before = db.session.query(LedgerEntry).count(), db.session.query(Invoice).count()
    client = customer_client(customer)
    for path in ("/portal", "/portal/statement", "/portal/statement?period=2026-02"):
        assert client.get(path).status_code == 200
    assert (db.session.query(LedgerEntry).count(), db.session.query(Invoice).count()) == before


def test_a_swedish_page_gives_categories_and_reasons_in_swedish(client, sign_in, make_customer, freeze_clock, app):
    freeze_clock(utc(2026, 3, 5, 10))
    customer = make_customer()
    log(customer.id, "installation", 50, "Installerade integrationen")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
    sign_in("customer", customer.id)
    page = text_of(client.get("/portal"))
    catalogue = app.extensions["servicekonto.catalogue"]
    assert 'lang="sv"' in page and catalogue.category("installation").label_sv in page
    assert catalogue.rules["debited.installation_training"].reason_sv in page
    assert catalogue.rules["debited.installation_training"].reason_en not in page
