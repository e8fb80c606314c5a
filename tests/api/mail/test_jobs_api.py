"""POST /invoices/issue starts a job; GET /jobs/{id} shows how far it got (finance and admin only)."""
from __future__ import annotations

from ledger.domain.periods import Period
from ledger.extensions import db
from ledger.models import Invoice
from ledger.services.access import SYSTEM
from ledger.services.billing.runs import run_invoices


def _month(october, customers: int = 2) -> None:
    for index in range(customers):
        october(email=f"ekonomi{index}@kund.example")
    run_invoices(Period(2026, 10), actor=SYSTEM)


def test_issuing_a_month_answers_202_with_a_job_that_reports_its_progress(api, october):
    _month(october)
    finance = api("finance")
    answer = finance.post("/api/v1/invoices/issue", json={"period": "2026-10"})
    assert answer.status_code == 202, answer.get_json()
    job_id = answer.get_json()["job_id"]
    job = finance.get(f"/api/v1/jobs/{job_id}").get_json()
    assert {key: job[key] for key in ("status", "done", "total", "errors")} == {
        "status": "done", "done": 2, "total": 2, "errors": []}
    listed = finance.get("/api/v1/invoices?period=2026-10").get_json()
    assert [invoice["document_pending"] for invoice in listed] == [False, False]
    assert sorted(invoice["number"] for invoice in listed) == [1001, 1002]


def test_a_month_written_wrongly_is_refused_naming_the_field(api):
    answer = api("finance").post("/api/v1/invoices/issue", json={"period": "oktober"})
    assert answer.status_code == 422 and "period" in str(answer.get_json())


def test_staff_and_customers_may_neither_issue_nor_read_jobs(api, october, make_customer):
    _month(october, customers=1)
    job_id = api("admin").post("/api/v1/invoices/issue", json={"period": "2026-10"}).get_json()["job_id"]
    assert api("staff").post("/api/v1/invoices/issue", json={"period": "2026-10"}).status_code == 403
    assert api("staff").get(f"/api/v1/jobs/{job_id}").status_code == 403
    customer = make_customer()
    assert api("customer", customer.id).get(f"/api/v1/jobs/{job_id}").status_code == 403


def test_an_unknown_job_is_404(api):
    answer = api("finance").get("/api/v1/jobs/999")
    assert answer.status_code == 404 and answer.get_json()["code"] == "job_not_found"


def test_an_issued_invoice_whose_pdf_is_not_archived_says_document_pending(api, october):
    from ledger.services.billing.issuing import number_drafts

    _month(october, customers=1)
    [invoice_id] = [invoice.id for invoice in db.session.query(Invoice).all()]
    number_drafts([invoice_id], actor=SYSTEM)
    finance = api("finance")
    assert finance.get(f"/api/v1/invoices/{invoice_id}").get_json()["document_pending"] is True
    pdf = finance.get(f"/api/v1/invoices/{invoice_id}/pdf")
    assert pdf.status_code == 409 and pdf.get_json()["code"] == "document_pending"
