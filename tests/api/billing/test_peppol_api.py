"""The archived e-invoice through the API, and customers' Peppol IDs."""
import hashlib
import io
import zipfile

import pytest
from lxml import etree

from ledger.extensions import db
from ledger.models import InvoiceEInvoice


@pytest.fixture
def finance(api):
    return api("finance")


def issue_october(finance):
    [draft] = finance.post("/api/v1/invoices/run", json={"period": "2026-10"}).get_json()["created"]
    return finance.post(f"/api/v1/invoices/{draft['id']}/issue").get_json()


def test_the_e_invoice_downloads_byte_identical_with_its_archived_hash(finance, october):
    october()
    invoice = issue_october(finance)
    first, second = (finance.get(f"/api/v1/invoices/{invoice['id']}/peppol") for _ in range(2))
    assert first.status_code == 200 and first.mimetype == "application/xml"
    assert 'filename="F1001.xml"' in first.headers["Content-Disposition"]
    assert first.data == second.data
    stored = db.session.query(InvoiceEInvoice).one()
    assert first.data == stored.content and first.headers["X-Content-SHA256"] == stored.sha256
    assert hashlib.sha256(first.data).hexdigest() == stored.sha256
    assert etree.QName(etree.fromstring(first.data)).localname == "Invoice"


def test_a_draft_has_no_e_invoice(finance, october):
    october()
    [draft] = finance.post("/api/v1/invoices/run", json={"period": "2026-10"}).get_json()["created"]
    answer = finance.get(f"/api/v1/invoices/{draft['id']}/peppol")
    assert answer.status_code == 404 and answer.get_json()["code"] == "einvoice_missing"


def test_a_customer_user_downloads_only_its_own_e_invoice(api, finance, october):
    customer = october()
    other = october()
    run = finance.post("/api/v1/invoices/run", json={"period": "2026-10"}).get_json()["created"]
    ids = {draft["customer_id"]: finance.post(f"/api/v1/invoices/{draft['id']}/issue").get_json()["id"] for draft in run}
    own = api("customer", customer.id)
    assert own.get(f"/api/v1/invoices/{ids[customer.id]}/peppol").status_code == 200
    assert own.get(f"/api/v1/invoices/{ids[other.id]}/peppol").status_code == 404


def test_the_export_zip_holds_the_e_invoices(finance, october):
    october()
    issue_october(finance)
    archive = zipfile.ZipFile(io.BytesIO(finance.get("/api/v1/invoices/export?period=2026-11").data))  # issued then
    assert archive.read("F1001.xml") == db.session.query(InvoiceEInvoice).one().content


def test_a_peppol_id_is_stored_normalised_and_addresses_the_e_invoice(api, finance, october):
    created = api("staff").post("/api/v1/customers", json={
        "name": "Kommunförbundet Väst", "org_number": "556036-0793", "hourly_rate": "950.00", "monthly_fee": "100.00",
        "peppol_id": "0088:7300010000001"})
    assert created.status_code == 201 and created.get_json()["peppol_id"] == "0088:7300010000001"
    swedish = api("staff").post("/api/v1/customers", json={
        "name": "Annan AB", "org_number": "556677-8899", "hourly_rate": "950.00", "monthly_fee": "100.00",
        "peppol_id": "0007:556732-1707"})
    assert swedish.get_json()["peppol_id"] == "0007:5567321707"
    customer = october(peppol_id="0007:5567321707")
    invoice = issue_october(finance)
    assert invoice["customer_id"] == customer.id
    root = etree.fromstring(finance.get(f"/api/v1/invoices/{invoice['id']}/peppol").data)
    [endpoint] = root.xpath("//*[local-name()='AccountingCustomerParty']//*[local-name()='EndpointID']")
    assert (endpoint.get("schemeID"), endpoint.text) == ("0007", "5567321707")


@pytest.mark.parametrize("peppol_id, code", [
    ("5567321707", "peppol_id_format"),
    ("0007:5567321708", "peppol_se_orgnr_invalid"),
    ("0088:7300010000002", "peppol_gln_invalid"),
    ("9999:123", "peppol_scheme_unsupported"),
])
def test_a_wrong_peppol_id_is_a_422_naming_the_field(api, peppol_id, code):
    answer = api("staff").post("/api/v1/customers", json={
        "name": "Fel AB", "org_number": "556677-8899", "hourly_rate": "950.00", "monthly_fee": "100.00",
        "peppol_id": peppol_id})
    assert answer.status_code == 422
    assert [problem["code"] for problem in answer.get_json()["problems"]["peppol_id"]] == [code]
