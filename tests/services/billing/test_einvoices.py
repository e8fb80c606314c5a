"""E-invoices through the real issuing path: archived with their hash, frozen, checked with the rule tests."""
from __future__ import annotations

import hashlib
import inspect
from decimal import Decimal

import pytest
from sqlalchemy.exc import DBAPIError

from ledger.documents.peppol import CUSTOMIZATION_ID, PROFILE_ID
from ledger.domain.billing.exchange_rates import parse_rate, vat_sek_minor
from ledger.domain.billing.line_prices import stored_line_price
from ledger.domain.periods import parse_period
from ledger.extensions import db
from ledger.models import Invoice, InvoiceEInvoice
from ledger.services.access import SYSTEM
from ledger.services.billing.issuing import credit_invoice, issue_invoices
from ledger.services.billing.runs import run_invoices
from tests.conftest import STANDING_RATE
from tests.documents import test_en16931_rules, test_peppol_bis_rules
from tests.documents.ubl import Ubl

BUYERS = {
    "invoice": {},
    "reverse_charge": {"name": "Müller Logistik GmbH", "country": "DE", "org_number": "HRB 12345",
                       "vat_number": "DE136695976", "currency": "EUR",
                       "address": "Hafenstraße 5\n20457 Hamburg"},
    "outside_eu": {"name": "Fjord Data AS", "country": "NO", "org_number": "974760673",
                   "address": "Karl Johans gate 1\n0154 Oslo"},
    "eur_swedish_vat": {"name": "Oy Pieni Yritys Ab", "country": "FI", "org_number": "2077474-0", "currency": "EUR",
                        "peppol_id": "0088:7300010000001", "address": "Mannerheimintie 10\n00100 Helsinki"},
}

RULE_PREFIXES = ("test_br_", "test_peppol_", "test_se_r_")


def _rule_tests():
    """Every rule test of our own, named after its rule, that takes one parsed document."""
    for module in (test_en16931_rules, test_peppol_bis_rules):
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith(RULE_PREFIXES) and list(inspect.signature(function).parameters) == ["ubl"]:
                yield name, function


@pytest.fixture
def issued(october):
    """The five documents an accountant reviews, issued through the real path: {kind: Invoice}."""
    customers = {kind: october(**terms) for kind, terms in BUYERS.items()}
    run_invoices(parse_period("2026-10"), actor=SYSTEM)
    drafts = db.session.query(Invoice).order_by(Invoice.customer_id).all()
    issue_invoices([draft.id for draft in drafts], actor=SYSTEM)
    by_customer = {invoice.customer_id: invoice for invoice in db.session.query(Invoice).all()}
    documents = {kind: by_customer[customer.id] for kind, customer in customers.items()}
    documents["credit_note"] = credit_invoice(documents["invoice"].id, "Fel timpris", actor=SYSTEM)
    return documents


def _archived(invoice: Invoice) -> InvoiceEInvoice:
    return db.session.query(InvoiceEInvoice).filter_by(invoice_id=invoice.id).one()


def test_every_issued_document_is_archived_as_peppol_bis_3_and_passes_our_rule_tests(issued):
    rules = list(_rule_tests())
    assert len(rules) > 35
    for kind, invoice in issued.items():
        stored = _archived(invoice)
        assert hashlib.sha256(stored.content).hexdigest() == stored.sha256 and stored.size_bytes == len(stored.content)
        ubl = Ubl(stored.content)
        assert ubl.text("cbc:CustomizationID") == CUSTOMIZATION_ID and ubl.text("cbc:ProfileID") == PROFILE_ID
        assert ubl.credit == (kind == "credit_note")
        assert ubl.text("cbc:ID") == f"F{invoice.number}"
        for name, rule in rules:
            try:
                rule(ubl)
            except AssertionError as error:
                raise AssertionError(f"{kind} F{invoice.number} breaks {name}: {error}") from error


def test_the_eur_invoice_with_swedish_vat_states_the_vat_in_sek_at_the_rate_on_file(issued):
    invoice = issued["eur_swedish_vat"]
    rate = parse_rate(STANDING_RATE)
    assert invoice.exchange_rate_micro == rate and invoice.vat_sek_minor == vat_sek_minor(invoice.vat_minor, rate)
    ubl = Ubl(_archived(invoice).content)
    assert ubl.text("cbc:TaxCurrencyCode") == "SEK"
    [sek_total] = [total for total in ubl.all("cac:TaxTotal/cbc:TaxAmount") if total.get("currencyID") == "SEK"]
    assert Decimal(sek_total.text) == Decimal(invoice.vat_sek_minor) / 100
    assert "11,4835" in ubl.text("cbc:Note")


def test_the_credit_note_refers_to_the_invoice_and_keeps_its_buyer_reference(issued):
    ubl = Ubl(_archived(issued["credit_note"]).content)
    original = issued["invoice"]
    assert ubl.text("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") == f"F{original.number}"
    assert ubl.text("cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate") == original.issue_date.isoformat()
    assert ubl.text("cbc:BuyerReference") == "Karin Ek"


def test_every_stored_line_multiplies_out(issued):
    for invoice in issued.values():
        for line in invoice.lines:
            price = stored_line_price(line.kind, line.quantity_minutes, line.unit_price_minor, line.amount_minor)
            assert price.amount_minor == line.amount_minor
        assert invoice.net_minor == sum(line.amount_minor for line in invoice.lines)


def test_the_archived_e_invoice_can_be_neither_changed_nor_deleted(issued):
    stored = _archived(issued["invoice"])
    for statement in ("UPDATE invoice_einvoices SET sha256 = 'x' WHERE id = :id",
                      "DELETE FROM invoice_einvoices WHERE id = :id"):
        with pytest.raises(DBAPIError, match="archived e-invoices never change"):
            with db.engine.begin() as connection:
                connection.execute(db.text(statement), {"id": stored.id})
    assert _archived(issued["invoice"]).sha256 == hashlib.sha256(stored.content).hexdigest()


def test_the_pdf_carries_the_e_invoice_as_an_associated_file(issued):
    import io

    from pypdf import PdfReader

    from ledger.models import InvoiceDocument

    invoice = issued["invoice"]
    pdf = db.session.query(InvoiceDocument).filter_by(invoice_id=invoice.id).one().content
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.attachments == {f"F{invoice.number}.xml": [_archived(invoice).content]}
    associated = {entry.get_object()["/F"]: entry.get_object()["/AFRelationship"]
                  for entry in reader.trailer["/Root"]["/AF"]}
    assert associated == {f"F{invoice.number}.xml": "/Alternative"}


def test_the_number_series_only_moves_forward(issued):
    next_number = db.session.execute(db.text("SELECT next_number FROM number_series")).scalar_one()
    for statement in ("UPDATE number_series SET next_number = next_number - 1",
                      "UPDATE number_series SET name = 'G'", "DELETE FROM number_series"):
        with pytest.raises(DBAPIError, match="only moves forward"):
            with db.engine.begin() as connection:
                connection.execute(db.text(statement))
    assert db.session.execute(db.text("SELECT next_number FROM number_series")).scalar_one() == next_number
