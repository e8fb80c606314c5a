"""Finance's month in a real browser, in Swedish: a Swish payment recorded on the invoice's page, a reminder sent
from the overdue page, the Riksbank's rates uploaded after a preview."""
import pytest
from sqlalchemy import select

from ledger.extensions import db
from ledger.models import ExchangeRateRecord, Payment, PaymentReminder
from tests.conftest import utc
from tests.web.browser import screenshot
from tests.web.test_browser import database_url, sign_in, swedish  # noqa: F401 - the same SQLite and Swedish page

pytestmark = pytest.mark.browser


def main_text(page) -> str:
    return page.inner_text("main").replace("\xa0", " ")


def test_finance_records_a_swish_payment_on_the_invoice_page(swedish, live_server, numbered, make_user, freeze_clock):
    page = swedish
    [invoice] = numbered()
    freeze_clock(utc(2026, 11, 20, 9))
    sign_in(page, live_server, make_user("finance").email)
    page.goto(f"{live_server}/finance/invoices/{invoice.id}")
    page.get_by_text("Registrera en betalning…").click()
    page.fill("#payment-paid_on", "2026-11-19")
    page.fill("#payment-amount", "6 030,00")
    page.select_option("#payment-method", label="Swish")
    page.fill("#payment-reference", "Swish 4711")
    page.get_by_role("button", name="Registrera betalningen").click()
    page.wait_for_load_state()
    text = main_text(page)
    assert "En betalning på 6 030,00 kr registrerades." in text
    assert "Swish 4711" in text and "Betald" in text
    screenshot(page, "finance-swish-payment")
    db.session.rollback()
    assert db.session.execute(select(Payment.method, Payment.amount_minor)).one() == ("swish", 603_000)


def test_finance_sends_a_reminder_from_the_overdue_page_and_sees_when_and_to_whom(swedish, live_server, numbered,
                                                                                 make_user, freeze_clock):
    page = swedish
    [invoice] = numbered(email="ekonomi@kund.example")
    freeze_clock(utc(2026, 12, 10, 9))
    sign_in(page, live_server, make_user("finance").email)
    page.goto(f"{live_server}/finance/payments/overdue")
    assert "Förfallen 8 dagar" in main_text(page)
    page.get_by_role("button", name=f"Skicka påminnelse för F{invoice.number}").click()
    page.wait_for_load_state()
    assert "En påminnelse skickades till ekonomi@kund.example." in main_text(page)
    page.goto(f"{live_server}/finance/payments/overdue")
    assert "2026-12-10 till ekonomi@kund.example" in main_text(page)
    screenshot(page, "finance-reminder-sent")
    db.session.rollback()
    assert db.session.execute(select(PaymentReminder.reminded_on)).scalars().all() == [utc(2026, 12, 10).date()]


def test_finance_uploads_the_riksbanks_rates_and_sees_what_they_add_before_recording_them(swedish, live_server,
                                                                                         make_user, tmp_path):
    page = swedish
    csv = tmp_path / "valutakurser.csv"
    csv.write_text("Datum;Grupp;Serie;Värde\n2026-11-19;Valutor mot svenska kronor;SEKEURPMI;11,4835\n"
                   "2026-11-20;Valutor mot svenska kronor;SEKEURPMI;11,5012\n", encoding="utf-8")
    sign_in(page, live_server, make_user("finance").email)
    page.goto(f"{live_server}/finance/exchange-rates")
    page.set_input_files("#upload-file", str(csv))
    page.get_by_role("button", name="Visa vad den lägger till").click()
    page.wait_for_load_state()
    assert "Nya kurser: 2. Redan registrerade: 0." in main_text(page)
    db.session.rollback()
    assert db.session.execute(select(ExchangeRateRecord)).first() is None  # nothing recorded before confirming
    screenshot(page, "finance-rates-preview")
    page.get_by_role("button", name="Registrera 2 kurser").click()
    page.wait_for_load_state()
    text = main_text(page)
    assert "Registrerade kurser: 2; redan registrerade: 0." in text and "11,5012" in text
