"""The month's books: SIE 4 by issue date, and the CSV with VAT code and buyer VAT number."""
import csv
import io
import zipfile

import pytest

from ledger.domain.billing.exchange_rates import vat_sek_minor
from ledger.extensions import db
from ledger.models import Invoice
from tests.documents.sie_reader import read_sie


@pytest.fixture
def finance(api):
    return api("finance")


@pytest.fixture
def november_books(finance, october):
    """October invoiced on 2 November: a Swedish, a reverse-charge EUR and an outside-EU invoice, and a credit."""
    october()
    october(name="Müller Logistik GmbH", country="DE", org_number="HRB 12345", vat_number="DE136695976",
            currency="EUR")
    october(name="Fjord Data AS", country="NO", org_number="974760673")
    october(name="Oy Pieni Yritys Ab", country="FI", org_number="2077474-0", currency="EUR")
    drafts = finance.post("/api/v1/invoices/run", json={"period": "2026-10"}).get_json()["created"]
    issued = [finance.post(f"/api/v1/invoices/{draft['id']}/issue").get_json() for draft in drafts]
    finance.post(f"/api/v1/invoices/{issued[0]['id']}/credit", json={"reason": "Fel", "lines": [{"position": 1}]})
    return issued


def test_the_sie_file_has_one_balanced_voucher_per_document_issued_in_the_month(finance, november_books):
    answer = finance.get("/api/v1/invoices/export?period=2026-11&format=sie")
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "text/plain; charset=IBM437"
    assert 'filename="servicekonto-2026-11.si"' in answer.headers["Content-Disposition"]
    sie = read_sie(answer.data)  # strict: balances, declared accounts, dates in the year, CP437, CR LF
    documents = [ver for ver in sie.vouchers if ver.series == "F"]
    assert [(ver.series, ver.number) for ver in documents] == [("F", str(n)) for n in range(1001, 1006)]
    assert {ver.voucher_date.isoformat() for ver in documents} == {"2026-11-02"}
    # the October packages were used up in October: invoiced to deferred revenue, earned in November's voucher
    [recognition] = [ver for ver in sie.vouchers if ver.series == "P"]
    assert recognition.number == "202611" and recognition.voucher_date.isoformat() == "2026-11-30"
    for ver in sie.vouchers:
        assert sum(row.amount_minor for row in ver.rows) == 0
    accounts = {row.account for ver in sie.vouchers for row in ver.rows}
    assert accounts <= {1510, 3041, 3308, 3305, 2611, 3740, 2970} and {1510, 3041, 3308, 3305, 2611, 2970} <= accounts
    eur_vat = db.session.query(Invoice).filter_by(buyer_name="Oy Pieni Yritys Ab").one()
    [vat_row] = [row for ver in sie.vouchers if ver.number == str(eur_vat.number) for row in ver.rows
                 if row.account == 2611]
    assert vat_row.amount_minor == -vat_sek_minor(eur_vat.vat_minor, eur_vat.exchange_rate_micro)
    assert "Müller" in answer.data.decode("cp437")


def test_october_has_nothing_issued_so_its_books_are_empty(finance, november_books):
    sie = read_sie(finance.get("/api/v1/invoices/export?period=2026-10&format=sie").data)
    assert sie.vouchers == []  # the packages used in October are earned when they are invoiced, in November


def test_the_accounts_are_as_configured(app, finance, november_books):
    app.config["ACCOUNT_SALES_SE"] = "3001"
    sie = read_sie(finance.get("/api/v1/invoices/export?period=2026-11&format=sie").data)
    accounts = {row.account for ver in sie.vouchers for row in ver.rows}
    assert 3001 in accounts and 3041 not in accounts


def test_the_csv_follows_issue_dates_with_vat_code_and_buyer_vat_number(finance, november_books):
    archive = zipfile.ZipFile(io.BytesIO(finance.get("/api/v1/invoices/export?period=2026-11").data))
    rows = list(csv.DictReader(io.StringIO(archive.read("summary-2026-11.csv").decode("utf-8"))))
    assert [row["number"] for row in rows] == ["1001", "1002", "1003", "1004", "1005"]
    by_vat = {row["vat_code"]: row for row in rows if row["kind"] == "invoice"}
    assert by_vat["eu_reverse_charge"]["buyer_vat_number"] == "DE136695976"
    assert set(by_vat) == {"se_standard", "eu_reverse_charge", "outside_eu"}
    finnish = next(row for row in rows if row["customer"] == "Oy Pieni Yritys Ab")
    assert finnish["exchange_rate"] == "11.4835" and finnish["vat_sek"]
    assert finance.get("/api/v1/invoices/export?period=2026-11&format=pdf").status_code == 422


def test_the_financial_year_follows_fiscal_year_start(app, finance, november_books):
    sie = read_sie(finance.get("/api/v1/invoices/export?period=2026-11&format=sie").data)
    assert sie.posts["RAR"] == ["0", "20260101", "20261231"] and sie.posts["RAR-1"] == ["-1", "20250101", "20251231"]
    app.config["FISCAL_YEAR_START"] = "07"
    sie = read_sie(finance.get("/api/v1/invoices/export?period=2026-11&format=sie").data)
    assert sie.posts["RAR"] == ["0", "20260701", "20270630"] and sie.posts["RAR-1"] == ["-1", "20250701", "20260630"]


def test_a_fiscal_year_start_that_is_no_month_stops_the_app(database_url):
    from ledger import create_app
    from tests.conftest import app_config

    with pytest.raises(RuntimeError, match="FISCAL_YEAR_START"):
        create_app(app_config(database_url, FISCAL_YEAR_START="13"))
