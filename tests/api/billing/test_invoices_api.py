"""Invoicing through the API as finance, staff and customers use it."""
import hashlib
import io
import zipfile

import pytest

from ledger.extensions import db
from ledger.models import Invoice, InvoiceDocument
from tests.services.invoice_helpers import pdf_text


@pytest.fixture
def finance(api):
    return api("finance")


def run_and_issue(finance, period="2026-10"):
    run = finance.post("/api/v1/invoices/run", json={"period": period})
    assert run.status_code == 200, run.get_json()
    return [finance.post(f"/api/v1/invoices/{draft['id']}/issue").get_json() for draft in run.get_json()["created"]]


def test_finance_runs_a_month_issues_it_and_downloads_the_archived_pdf(finance, october):
    october()
    run = finance.post("/api/v1/invoices/run", json={"period": "2026-10"}).get_json()
    [draft] = run["created"]
    assert (draft["status"], draft["number"], draft["to_pay"], draft["vat_rate_percent"]) == ("draft", None, "6030.00", 25)
    assert finance.post("/api/v1/invoices/run", json={"period": "2026-10"}).get_json()["created"] == []
    issued = finance.post(f"/api/v1/invoices/{draft['id']}/issue").get_json()
    assert (issued["status"], issued["number"], issued["ocr"], issued["issue_date"]) == ("issued", 1001, "100164", "2026-11-02")
    assert [line["kind"] for line in issued["lines"]] == ["monthly_fee", "hour_package", "hours_owed"]
    download = finance.get(f"/api/v1/invoices/{draft['id']}/pdf")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert download.headers["X-Archived-Original"] == "true"
    assert 'filename="F1001.pdf"' in download.headers["Content-Disposition"]
    stored = db.session.query(InvoiceDocument).one()
    assert download.data == stored.content and hashlib.sha256(download.data).hexdigest() == stored.sha256
    english = finance.get(f"/api/v1/invoices/{draft['id']}/pdf?lang=en")
    assert english.headers["X-Archived-Original"] == "false" and "Invoice number F1001" in pdf_text(english.data)
    assert finance.post(f"/api/v1/invoices/{draft['id']}/issue").status_code == 409


def test_a_draft_pdf_is_a_marked_preview(finance, october):
    october()
    draft = finance.post("/api/v1/invoices/run", json={"period": "2026-10"}).get_json()["created"][0]
    preview = finance.get(f"/api/v1/invoices/{draft['id']}/pdf")
    assert preview.status_code == 200 and "UTKAST – inte utfärdad" in pdf_text(preview.data)


def test_crediting_through_the_api_answers_the_credit_note(finance, october):
    october()
    [invoice] = run_and_issue(finance)
    note = finance.post(f"/api/v1/invoices/{invoice['id']}/credit", json={"reason": "Fel timpris"})
    assert note.status_code == 201
    body = note.get_json()
    assert (body["kind"], body["number"], body["credited_invoice_number"], body["to_pay"]) == ("credit_note", 1002, 1001, "-6030.00")
    again = finance.post(f"/api/v1/invoices/{invoice['id']}/credit", json={"reason": "x"})
    assert again.status_code == 409 and again.get_json()["code"] == "already_credited"
    assert finance.post(f"/api/v1/invoices/{invoice['id']}/credit", json={}).status_code == 422


def test_the_export_zips_the_archived_pdfs_with_a_csv_summary(finance, october):
    october()
    [invoice] = run_and_issue(finance)
    finance.post(f"/api/v1/invoices/{invoice['id']}/credit", json={"reason": "Fel"})
    with finance.get("/api/v1/invoices/export?period=2026-11") as answer:  # the month they were issued in
        assert answer.status_code == 200 and answer.mimetype == "application/zip"
        archive = zipfile.ZipFile(io.BytesIO(answer.data))
    assert sorted(archive.namelist()) == ["F1001.pdf", "F1001.xml", "F1002.pdf", "F1002.xml", "summary-2026-11.csv"]
    stored = {d.invoice_id: d.content for d in db.session.query(InvoiceDocument)}
    assert archive.read("F1001.pdf") == stored[invoice["id"]]
    rows = archive.read("summary-2026-11.csv").decode("utf-8").splitlines()
    assert rows[0].startswith("number,kind,credits_number,customer_id,customer,org_number,period,issue_date,due_date,currency,net")
    assert rows[1].startswith("1001,invoice,,") and ",SEK,4824.00,25,1206.00,0.00,6030.00,100164,F1001.pdf," in rows[1]
    assert rows[2].startswith("1002,credit_note,1001,")


@pytest.mark.parametrize("body", [{"period": "2026-13"}, {"period": "October"}, {}, {"period": 202610}])
def test_a_bad_period_is_422_naming_it(finance, body):
    answer = finance.post("/api/v1/invoices/run", json=body)
    assert answer.status_code == 422 and "period" in answer.get_json()["errors"]


def test_only_finance_and_admin_run_issue_credit_and_export(api, october):
    customer = october()
    staff = api("staff")
    for path in ("/api/v1/invoices/run",):
        assert staff.post(path, json={"period": "2026-10"}).status_code == 403
    assert api("customer", customer.id).post("/api/v1/invoices/run", json={"period": "2026-10"}).status_code == 403
    assert staff.get("/api/v1/invoices/export?period=2026-10").status_code == 403
    assert staff.get("/api/v1/invoices").status_code == 200


def test_a_customer_sees_only_its_own_issued_invoices(api, finance, october):
    mine, theirs = october(name="Mine AB"), october(name="Theirs AB", org_number="559012-3450")
    run = finance.post("/api/v1/invoices/run", json={"period": "2026-10"}).get_json()["created"]
    by_customer = {draft["customer_id"]: draft["id"] for draft in run}
    customer = api("customer", mine.id)
    assert customer.get("/api/v1/invoices").get_json() == []
    assert customer.get(f"/api/v1/invoices/{by_customer[mine.id]}").status_code == 404, "drafts are finance's"
    finance.post(f"/api/v1/invoices/{by_customer[mine.id]}/issue")
    finance.post(f"/api/v1/invoices/{by_customer[theirs.id]}/issue")
    assert [i["customer_id"] for i in customer.get("/api/v1/invoices").get_json()] == [mine.id]
    assert customer.get(f"/api/v1/invoices/{by_customer[mine.id]}/pdf").status_code == 200
    assert customer.get(f"/api/v1/invoices/{by_customer[theirs.id]}").status_code == 404
    assert customer.get(f"/api/v1/invoices/{by_customer[theirs.id]}/pdf").status_code == 404


def test_a_draft_can_be_discarded_and_the_month_run_again(finance, october):
    october()
    draft = finance.post("/api/v1/invoices/run", json={"period": "2026-10"}).get_json()["created"][0]
    assert finance.client.delete(f"/api/v1/invoices/{draft['id']}",
                                 headers={"Authorization": f"Bearer {finance.token}"}).status_code == 204
    assert db.session.query(Invoice).count() == 0
    assert len(finance.post("/api/v1/invoices/run", json={"period": "2026-10"}).get_json()["created"]) == 1


def test_the_export_stream_closes_its_file_when_read_or_dropped(finance, october):
    from ledger.domain.periods import Period
    from ledger.downloads import export_zip

    october()
    run_and_issue(finance)
    read = export_zip(Period(2026, 11), actor=finance.actor)
    assert zipfile.ZipFile(io.BytesIO(b"".join(read.response))).namelist() == [
        "F1001.pdf", "F1001.xml", "summary-2026-11.csv"]
    dropped = export_zip(Period(2026, 11), actor=finance.actor)
    dropped.close()  # a client that disconnects: filterwarnings=error would flag a leaked file
