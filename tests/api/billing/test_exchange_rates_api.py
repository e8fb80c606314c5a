"""Exchange rates through the API, the CLI and the finance page; issuing an EUR invoice without one is refused."""
from __future__ import annotations

from datetime import date

import pytest

from ledger.extensions import db
from ledger.models import ExchangeRateRecord
from ledger.services.access import Actor
from ledger.services.customers.customers import create_customer
from tests.conftest import CUSTOMER_DEFAULTS

RIKSBANK_CSV = (
    "Datum;Grupp;Serie;Värde\n"
    "2026-10-29;Valutakurser mot svenska kronor;SEKEURPMI;11,4925\n"
    "2026-10-29;Valutakurser mot svenska kronor;SEKUSDPMI;10,5012\n"
    "2026-10-30;Valutakurser mot svenska kronor;SEKEURPMI;11,0215\n"
    "2026-11-02;Valutakurser mot svenska kronor;SEKEURPMI;n/a\n"
).encode("utf-8")


@pytest.fixture
def finance(api):
    return api("finance")


def test_finance_records_a_rate_and_reads_it_back(finance):
    created = finance.post("/api/v1/exchange-rates", json={"currency": "EUR", "date": "2026-10-30", "rate": "11,0215"})
    assert created.status_code == 201
    assert {key: created.get_json()[key] for key in ("currency", "date", "rate")} == {
        "currency": "EUR", "date": "2026-10-30", "rate": "11.0215"}
    again = finance.post("/api/v1/exchange-rates", json={"currency": "EUR", "date": "2026-10-30", "rate": "11.0215"})
    assert again.status_code == 201 and again.get_json()["id"] == created.get_json()["id"]
    other = finance.post("/api/v1/exchange-rates", json={"currency": "EUR", "date": "2026-10-30", "rate": "11.5"})
    assert other.status_code == 409 and other.get_json()["code"] == "exchange_rate_exists"
    listed = finance.get("/api/v1/exchange-rates?currency=EUR").get_json()
    assert [(rate["date"], rate["rate"]) for rate in listed] == [("2026-10-30", "11.0215")]


@pytest.mark.parametrize("body, field", [
    ({"currency": "SEK", "date": "2026-10-30", "rate": "1"}, "currency"),
    ({"currency": "EUR", "date": "2026-13-30", "rate": "11.02"}, "date"),
    ({"currency": "EUR", "date": "30/10/2026", "rate": "11.02"}, "date"),
    ({"currency": "EUR", "date": "2026-10-30", "rate": "-1"}, "rate"),
    ({"currency": "EUR", "date": "2026-10-30", "rate": "11.1234567"}, "rate"),
    ({"currency": "EUR", "date": "2026-10-30", "rate": "0"}, "rate"),
])
def test_a_bad_rate_is_a_422_naming_the_field(finance, body, field):
    answer = finance.post("/api/v1/exchange-rates", json=body)
    assert answer.status_code == 422 and field in answer.get_json()["errors"]
    assert db.session.query(ExchangeRateRecord).count() == 0


def test_only_finance_and_admin_record_rates(api):
    answer = api("staff").post("/api/v1/exchange-rates", json={"currency": "EUR", "date": "2026-10-30", "rate": "11"})
    assert answer.status_code == 403


def test_issuing_an_eur_invoice_without_a_rate_is_a_409_naming_currency_and_date(finance, freeze_clock):
    from tests.services.invoice_helpers import AFTER_OCTOBER, OCTOBER_DAY

    freeze_clock(OCTOBER_DAY)
    customer = create_customer({**CUSTOMER_DEFAULTS, "org_number": "556036-0793", "currency": "EUR",
                                "country": "FI", "hourly_rate": "100.00", "monthly_fee": "149.99"},
                               actor=Actor(None, "admin"))
    freeze_clock(AFTER_OCTOBER)
    [draft] = finance.post("/api/v1/invoices/run", json={"period": "2026-10"}).get_json()["created"]
    refused = finance.post(f"/api/v1/invoices/{draft['id']}/issue")
    assert refused.status_code == 409
    problem = refused.get_json()
    assert problem["code"] == "exchange_rate_missing"
    assert "EUR" in problem["detail"] and "2026-11-02" in problem["detail"]
    assert finance.get(f"/api/v1/invoices/{draft['id']}").get_json()["status"] == "draft"
    # a rate after the issue date does not count; one on or before it does, and the latest wins
    for day, rate in (("2026-11-03", "12"), ("2026-10-29", "11.4925"), ("2026-10-30", "11.0215")):
        assert finance.post("/api/v1/exchange-rates", json={"currency": "EUR", "date": day, "rate": rate}).status_code == 201
    issued = finance.post(f"/api/v1/invoices/{draft['id']}/issue").get_json()
    assert issued["exchange_rate"] == {"currency": "EUR", "date": "2026-10-30", "rate": "11.0215"}
    assert (issued["vat"], issued["vat_sek"]) == ("37.50", "413.31")  # 37,50 EUR × 11,0215 = 413,30625 kr
    assert customer.id == issued["customer_id"]


def test_a_sek_invoice_has_no_exchange_rate(finance, october):
    october()
    [draft] = finance.post("/api/v1/invoices/run", json={"period": "2026-10"}).get_json()["created"]
    issued = finance.post(f"/api/v1/invoices/{draft['id']}/issue").get_json()
    assert issued["exchange_rate"] is None and issued["vat_sek"] is None


def test_flask_rates_import_records_the_riksbank_eur_rates(app, runner, tmp_path):
    source = tmp_path / "riksbank.csv"
    source.write_bytes(RIKSBANK_CSV)
    result = runner.invoke(args=["rates", "import", str(source)])
    assert result.exit_code == 0, result.output
    assert "Recorded 2 rates" in result.output and "SEKUSDPMI" in result.output
    stored = {(record.rate_date, record.rate_micro) for record in db.session.query(ExchangeRateRecord)}
    assert stored == {(date(2026, 10, 29), 11_492_500), (date(2026, 10, 30), 11_021_500)}
    again = runner.invoke(args=["rates", "import", str(source)])
    assert again.exit_code == 0 and "Recorded 0 rates; 2 were already on file" in again.output


def test_flask_rates_import_refuses_a_bad_file_naming_the_line_and_records_nothing(app, runner, tmp_path):
    source = tmp_path / "riksbank.csv"
    source.write_bytes(RIKSBANK_CSV.replace(b"11,0215", b"elva"))
    result = runner.invoke(args=["rates", "import", str(source)])
    assert result.exit_code != 0 and "Line 4" in result.output
    assert db.session.query(ExchangeRateRecord).count() == 0
