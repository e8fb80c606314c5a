"""What our e-invoices say, beyond the rules: the same bytes every time, credit notes turned around, SEK VAT,
the seller's seat and reference, and where the buyer is addressed."""
import hashlib
from decimal import Decimal

import pytest
from lxml import etree

from ledger.documents.peppol import file_name, peppol_xml
from ledger.domain.errors import Conflict
from ledger.domain.money import format_minor
from tests.documents.examples import ALL_EXAMPLES, BUYERS, credit_note, swedish_invoice, without
from tests.documents.ubl import Ubl

SUPPLIER = "cac:AccountingSupplierParty/cac:Party"
CUSTOMER = "cac:AccountingCustomerParty/cac:Party"


@pytest.mark.parametrize("example", sorted(ALL_EXAMPLES))
def test_the_same_invoice_always_gives_byte_identical_xml(example):
    first, second = peppol_xml(ALL_EXAMPLES[example]()), peppol_xml(ALL_EXAMPLES[example]())
    assert first == second
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()
    assert first.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n")


def test_swedish_letters_are_written_as_utf_8_and_read_back_unchanged():
    ubl = Ubl.of(swedish_invoice())
    assert ubl.text(f"{CUSTOMER}/cac:PostalAddress/cbc:CityName") == "Göteborg"
    assert ubl.text("cbc:BuyerReference") == "4711-ÅÄÖ"
    assert ubl.text(f"{SUPPLIER}/cac:Contact/cbc:Name") == "Åsa Öberg"


def test_the_seat_and_our_reference_are_the_sellers_legal_form_and_contact():
    ubl = Ubl.of(swedish_invoice())
    assert ubl.text(f"{SUPPLIER}/cac:PartyLegalEntity/cbc:CompanyLegalForm") == "Styrelsens säte: Stockholm"
    assert ubl.text(f"{SUPPLIER}/cac:Contact/cbc:ElectronicMail") == "faktura@servicekonto.example"


def test_a_seller_without_f_tax_approval_states_only_its_vat_number():
    invoice = without(swedish_invoice(), seller=without(swedish_invoice().seller, f_skatt=False))
    schemes = [element.text for element in Ubl.of(invoice).all(f"{SUPPLIER}/cac:PartyTaxScheme/cac:TaxScheme/cbc:ID")]
    assert schemes == ["VAT"]


def test_postcode_city_and_further_address_lines_are_split_out():
    ubl = Ubl.of(swedish_invoice())
    address = ubl.one(f"{CUSTOMER}/cac:PostalAddress")
    assert [ubl.text(f"cbc:{tag}", address) for tag in ("StreetName", "AdditionalStreetName", "PostalZone")] == [
        "Box 123", "Ängsvägen 7", "412 58"]


def test_the_credit_note_refers_to_the_invoice_by_number_and_date_and_credits_positive_amounts():
    original, note = swedish_invoice(), credit_note()
    ubl = Ubl.of(note)
    assert etree.QName(ubl.root).localname == "CreditNote"
    assert ubl.text("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") == "F1004"
    assert ubl.text("cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate") == original.issue_date.isoformat()
    assert ubl.text("cac:LegalMonetaryTotal/cbc:PayableAmount") == format_minor(original.to_pay_minor)
    assert ubl.text("cac:LegalMonetaryTotal/cbc:PayableRoundingAmount") == format_minor(original.rounding_minor)
    assert [ubl.text("cbc:CreditedQuantity", line) for line in ubl.lines] == ["1", "1", "50"]
    assert not ubl.exists("cbc:DueDate") and not ubl.exists("cac:PaymentMeans")


def test_a_credit_of_one_line_credits_that_line_only():
    original = swedish_invoice()
    note = credit_note(original, positions=(3,))
    ubl = Ubl.of(note)
    assert len(ubl.lines) == 1
    owed = original.lines[2]
    assert ubl.text("cbc:LineExtensionAmount", ubl.lines[0]) == format_minor(owed.amount_minor)
    assert ubl.amount("cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount") == Decimal(format_minor(owed.amount_minor))


def test_an_eur_invoice_with_swedish_vat_states_the_vat_in_sek_at_its_rate():
    invoice = ALL_EXAMPLES["eur_swedish_vat"]()
    ubl = Ubl.of(invoice)
    assert ubl.text("cbc:TaxCurrencyCode") == "SEK"
    sek = ubl.text("cac:TaxTotal[not(cac:TaxSubtotal)]/cbc:TaxAmount[@currencyID='SEK']")
    assert invoice.exchange_rate is not None
    assert sek == format_minor(invoice.exchange_rate.to_sek_minor(invoice.vat_minor))
    assert "11,0215" in ubl.text("cbc:Note")


def test_a_reverse_charge_invoice_in_eur_states_no_vat_currency():
    ubl = Ubl.of(ALL_EXAMPLES["reverse_charge"]())
    assert not ubl.exists("cbc:TaxCurrencyCode")
    assert ubl.text(f"{CUSTOMER}/cac:PartyTaxScheme/cbc:CompanyID") == "DE136695976"
    assert ubl.text("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason") == (
        "Omvänd betalningsskyldighet")


@pytest.mark.parametrize(("buyer", "scheme", "identifier"), [
    ("SE", "0007", "5560360793"),      # the Swedish organisation number
    ("DE", "9930", "DE136695976"),     # the German VAT number
    ("NO", "0192", "974760673"),       # the customer's Peppol ID
    ("FI", "0088", "7300010000001"),   # the customer's Peppol ID (a GLN)
])
def test_the_buyer_is_addressed_by_its_peppol_id_else_its_org_number_else_its_vat_number(buyer, scheme, identifier):
    endpoint = Ubl.of(without(swedish_invoice(), buyer=BUYERS[buyer])).one(f"{CUSTOMER}/cbc:EndpointID")
    assert (endpoint.get("schemeID"), endpoint.text) == (scheme, identifier)


def test_a_swedish_buyer_is_registered_by_its_org_number_under_scheme_0007():
    legal = Ubl.of(swedish_invoice()).one(f"{CUSTOMER}/cac:PartyLegalEntity/cbc:CompanyID")
    assert (legal.get("schemeID"), legal.text) == ("0007", "5560360793")


def test_a_buyer_nothing_addresses_in_peppol_is_refused_with_a_code():
    stranger = without(BUYERS["NO"], peppol_id=None, org_number="12-3456789", vat_number=None)
    with pytest.raises(Conflict) as refused:
        peppol_xml(without(swedish_invoice(), buyer=stranger))
    assert refused.value.code == "peppol_address_missing"
    assert refused.value.params == {"buyer": "Fjord Data AS"}


def test_without_the_customers_reference_our_customer_number_is_the_buyer_reference():
    invoice = without(swedish_invoice(), buyer=without(BUYERS["SE"], reference=None))
    assert Ubl.of(invoice).text("cbc:BuyerReference") == "17"


def test_the_file_is_named_by_the_invoice_number():
    assert file_name(swedish_invoice()) == "F1004.xml"


def test_a_re_invoice_names_what_it_replaces_and_a_yearly_line_its_year_inside_the_documents_period():
    ubl = Ubl.of(ALL_EXAMPLES["re_invoice_yearly_line"]())
    assert ubl.text("cbc:Note") == "Ersätter faktura F1004"
    reference = "cac:BillingReference/cac:InvoiceDocumentReference"
    assert (ubl.text(f"{reference}/cbc:ID"), ubl.text(f"{reference}/cbc:IssueDate")) == ("F1004", "2025-11-03")
    monthly, yearly, owed = ubl.lines
    assert not ubl.exists("cac:InvoicePeriod", monthly) and not ubl.exists("cac:InvoicePeriod", owed)
    assert (ubl.text("cac:InvoicePeriod/cbc:StartDate", yearly), ubl.text("cac:InvoicePeriod/cbc:EndDate", yearly)) \
        == ("2025-10-06", "2026-10-05")
    assert (ubl.text("cac:InvoicePeriod/cbc:StartDate"), ubl.text("cac:InvoicePeriod/cbc:EndDate")) == (
        "2025-10-01", "2026-10-05")
    # UBL's order: the line's period after its amount, before the item
    names = [etree.QName(child).localname for child in yearly]
    assert names.index("LineExtensionAmount") < names.index("InvoicePeriod") < names.index("Item")


def test_a_line_period_ending_before_it_starts_and_a_credit_note_that_replaces_are_refused():
    invoice = ALL_EXAMPLES["re_invoice_yearly_line"]()
    backwards = without(invoice.lines[1], period_start=invoice.lines[1].period_end,
                        period_end=invoice.lines[1].period_start)
    with pytest.raises(ValueError, match="BR-30"):
        without(invoice, lines=(invoice.lines[0], backwards, invoice.lines[2]))
    with pytest.raises(ValueError, match="replaces no invoice"):
        without(ALL_EXAMPLES["second_part_credit"](), replaces=invoice.replaces)
