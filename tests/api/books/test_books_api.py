"""The books for finance: deferred revenue, the VAT return (box 10 = the month's 2611 postings) and the EC sales
list of a month with two EU buyers, one credited; finance only; a bad period or date named."""
from __future__ import annotations

import pytest

from ledger.domain.periods import Period
from ledger.services.access import SYSTEM
from ledger.services.billing.issuing import number_drafts
from ledger.services.billing.runs import run_invoices

from tests.documents.sie_reader import read_sie


@pytest.fixture
def finance(api):
    return api("finance")


@pytest.fixture
def november(finance, october):
    """October invoiced on 2 November: a Swedish buyer, two EU buyers (one in EUR, credited in part), Norway."""
    october()
    october(name="Müller Logistik GmbH", country="DE", org_number="HRB 12345", vat_number="DE136695976",
            currency="EUR")
    october(name="Oy Pieni Yritys Ab", country="FI", org_number="2077474-0", vat_number="FI20774740")
    october(name="Fjord Data AS", country="NO", org_number="974760673")
    drafts = run_invoices(Period(2026, 10), actor=SYSTEM).created
    number_drafts([draft.id for draft in drafts], actor=SYSTEM)  # issued without PDFs: the books read rows
    issued = {invoice["buyer"]["name"]: invoice for invoice in
              (finance.get(f"/api/v1/invoices/{draft.id}").get_json() for draft in drafts)}
    finnish = issued["Oy Pieni Yritys Ab"]
    answer = finance.post(f"/api/v1/invoices/{finnish['id']}/credit",
                          json={"reason": "Rabatt", "lines": [{"position": 1, "amount": "499.00"}]})
    assert answer.status_code in (200, 201), answer.get_json()
    return issued


def _sie(finance, period: str):
    return read_sie(finance.get(f"/api/v1/invoices/export?period={period}&format=sie").data)


def test_box_10_equals_the_months_postings_on_output_vat(finance, november):
    boxes = {box["box"]: box for box in finance.get("/api/v1/books/vat-return?period=2026-11").get_json()["boxes"]}
    output_vat = sum(row.amount_minor for ver in _sie(finance, "2026-11").vouchers for row in ver.rows
                     if row.account == 2611)
    assert boxes["10"]["amount"] == f"{-output_vat / 100:.2f}" and output_vat < 0
    swedish = november["Testbolaget AB"]
    assert boxes["05"]["amount"] == swedish["net"] and boxes["10"]["amount"] == swedish["vat"]
    assert boxes["10"]["kronor"] == -output_vat // 100
    assert float(boxes["39"]["amount"]) > 0 and float(boxes["40"]["amount"]) > 0


def test_the_ec_sales_list_has_one_line_per_eu_buyer_with_credits_netted_off(finance, november):
    listed = finance.get("/api/v1/books/ec-sales-list?period=2026-11").get_json()["lines"]
    by_number = {line["vat_number"]: line["services"] for line in listed}
    assert set(by_number) == {"DE136695976", "FI20774740"}
    finnish = november["Oy Pieni Yritys Ab"]
    assert by_number["FI20774740"] == round(float(finnish["net"]) - 499)
    german = november["Müller Logistik GmbH"]
    rate = float(german["exchange_rate"]["rate"])
    assert abs(by_number["DE136695976"] - float(german["net"]) * rate) <= 1
    answer = finance.get("/api/v1/books/ec-sales-list?period=2026-11&format=file")
    assert answer.status_code == 200 and "periodisk-sammanstallning-2026-11.csv" in answer.headers["Content-Disposition"]
    lines = answer.data.decode("iso-8859-1").split("\r\n")
    assert lines[0] == "SKV574008;"
    assert lines[1].startswith("SE559876543501;2611;")
    assert f"FI20774740;;;{by_number['FI20774740']};" in lines and f"DE136695976;;;{by_number['DE136695976']};" in lines


def test_deferred_equals_minus_the_postings_on_the_deferred_account(finance, october, freeze_clock):
    from ledger.services.access import SYSTEM
    from ledger.services.accounts.hours import record_purchase
    from tests.services.invoice_helpers import AFTER_OCTOBER, OCTOBER_DAY

    customer = october()
    freeze_clock(OCTOBER_DAY)
    # 600 min more at 15 kr/min: the 90 min October's work took beyond the first package come from it
    record_purchase(customer.id, 600, "9000.00", actor=SYSTEM)
    freeze_clock(AFTER_OCTOBER)
    [draft] = finance.post("/api/v1/invoices/run", json={"period": "2026-10"}).get_json()["created"]
    finance.post(f"/api/v1/invoices/{draft['id']}/issue")
    postings = sum(row.amount_minor for period in ("2026-10", "2026-11") for ver in _sie(finance, period).vouchers
                   for row in ver.rows if row.account == 2970)
    answer = finance.get("/api/v1/books/deferred?date=2026-11-30").get_json()
    assert answer["total"] == f"{-postings / 100:.2f}" == "7650.00"  # 9 000 less 90 min at 15 kr
    assert [row["customer_id"] for row in answer["customers"]] == [customer.id]


@pytest.mark.parametrize("path", ["/api/v1/books/deferred?date=2026-11-30", "/api/v1/books/vat-return?period=2026-11",
                                  "/api/v1/books/ec-sales-list?period=2026-11"])
def test_only_finance_reads_the_books(api, make_customer, path):
    customer = make_customer()
    assert api("customer", customer.id).get(path).status_code == 403
    assert api("staff").get(path).status_code == 403
    assert api("admin").get(path).status_code == 200


@pytest.mark.parametrize("path, field", [("/api/v1/books/vat-return?period=2026-13", "period"),
                                         ("/api/v1/books/ec-sales-list?period=nov", "period"),
                                         ("/api/v1/books/ec-sales-list", "period"),
                                         ("/api/v1/books/deferred?date=2026-02-30", "date"),
                                         ("/api/v1/books/deferred?date=9999-12-31", "date")])
def test_a_bad_period_or_date_is_named(finance, path, field):
    answer = finance.get(path)
    assert answer.status_code == 422 and field in answer.get_json()["errors"]
