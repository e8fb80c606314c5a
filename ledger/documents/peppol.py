"""Peppol BIS Billing 3.0 e-invoices: UBL 2.1 Invoice and CreditNote written with lxml from an `EInvoice`.

The same invoice always gives the same bytes (no clock, no generated ids), so an archived file can be hashed and
compared. docs/einvoice.md names the EN 16931 / Peppol rule behind each element.
"""
from __future__ import annotations

from lxml import etree

from ledger.domain.billing.einvoice import EInvoice, EInvoiceLine, PostalAddress, VatCategory
from ledger.domain.billing.exchange_rates import NATIONAL_CURRENCY
from ledger.domain.customers.peppol_ids import organisation_endpoint
from ledger.domain.errors import Conflict
from ledger.domain.money import format_minor

CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
INVOICE_TYPE_CODE = "380"
CREDIT_NOTE_TYPE_CODE = "381"
#: UNCL 4461 "In favour of payee's account": a transfer to the bankgiro or IBAN with a payment reference.
CREDIT_TRANSFER = "30"
BANKGIRO_BRANCH = "SE:BANKGIRO"
#: SE-R-005: a Swedish seller's second tax scheme states its F-tax approval in exactly these words.
F_TAX_TEXT = "Godkänd för F-skatt"
CONTENT_TYPE = "application/xml"

CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
ROOT = {
    False: ("Invoice", "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"),
    True: ("CreditNote", "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"),
}


def _add(parent: etree._Element, namespace: str, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{namespace}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _agg(parent: etree._Element, tag: str) -> etree._Element:
    return _add(parent, CAC, tag)


def _basic(parent: etree._Element, tag: str, text: object, **attributes: str) -> etree._Element | None:
    # PEPPOL-EN16931-R008: no empty elements, so an absent value leaves its element out
    value = "" if text is None else " ".join(str(text).split())
    return _add(parent, CBC, tag, value, **attributes) if value else None


def _amount(parent: etree._Element, tag: str, minor: int, currency: str) -> None:
    _add(parent, CBC, tag, format_minor(minor), currencyID=currency)


def _percent(rate_bp: int) -> str:
    return format_minor(rate_bp)


def _address(parent: etree._Element, tag: str, address: PostalAddress) -> None:
    element = _agg(parent, tag)
    lines = list(address.lines)
    _basic(element, "StreetName", lines[0] if lines else None)
    _basic(element, "AdditionalStreetName", lines[1] if len(lines) > 1 else None)
    _basic(element, "CityName", address.city)
    _basic(element, "PostalZone", address.postal_zone)
    if len(lines) > 2:  # BIS has one further address line (BT-162): the rest is joined into it
        _basic(_agg(element, "AddressLine"), "Line", ", ".join(lines[2:]))
    _basic(_agg(element, "Country"), "IdentificationCode", address.country)


def _tax_scheme(parent: etree._Element, company_id: str, scheme: str) -> None:
    element = _agg(parent, "PartyTaxScheme")
    _basic(element, "CompanyID", company_id)
    _basic(_agg(element, "TaxScheme"), "ID", scheme)


def _digits(text: str) -> str:
    return "".join(character for character in text if character.isalnum())


def _seller(root: etree._Element, invoice: EInvoice) -> None:
    seller = invoice.seller
    party = _agg(_agg(root, "AccountingSupplierParty"), "Party")
    endpoint = seller.endpoint
    _basic(party, "EndpointID", endpoint.identifier, schemeID=endpoint.scheme)
    _basic(_agg(party, "PartyName"), "Name", seller.name)
    _address(party, "PostalAddress", seller.address)
    _tax_scheme(party, _digits(seller.vat_number).upper(), "VAT")
    if seller.f_skatt:
        _tax_scheme(party, F_TAX_TEXT, "TAX")
    legal = _agg(party, "PartyLegalEntity")
    _basic(legal, "RegistrationName", seller.name)
    _basic(legal, "CompanyID", endpoint.identifier, schemeID=endpoint.scheme)  # SE-R-003/004/013: 10 digits
    _basic(legal, "CompanyLegalForm", seller.seat)
    contact = _agg(party, "Contact")
    _basic(contact, "Name", seller.our_reference)
    _basic(contact, "Telephone", seller.phone)
    _basic(contact, "ElectronicMail", seller.email)


def _buyer(root: etree._Element, invoice: EInvoice) -> None:
    buyer = invoice.buyer
    endpoint = buyer.endpoint
    if endpoint is None:
        raise Conflict(code="peppol_address_missing", buyer=buyer.name)
    party = _agg(_agg(root, "AccountingCustomerParty"), "Party")
    _basic(party, "EndpointID", endpoint.identifier, schemeID=endpoint.scheme)
    _basic(_agg(party, "PartyName"), "Name", buyer.name)
    _address(party, "PostalAddress", buyer.address)
    if buyer.vat_number:
        _tax_scheme(party, _digits(buyer.vat_number).upper(), "VAT")
    legal = _agg(party, "PartyLegalEntity")
    _basic(legal, "RegistrationName", buyer.name)
    registered = organisation_endpoint(buyer.country, buyer.org_number)  # BT-47 with its scheme when we know it
    if registered is not None:
        _basic(legal, "CompanyID", registered.identifier, schemeID=registered.scheme)
    else:
        _basic(legal, "CompanyID", buyer.org_number)


def _payment(root: etree._Element, invoice: EInvoice) -> None:
    if not invoice.is_credit_note:
        means = _agg(root, "PaymentMeans")
        _basic(means, "PaymentMeansCode", CREDIT_TRANSFER, name="Credit transfer")
        seller = invoice.seller
        if invoice.currency == NATIONAL_CURRENCY:
            _basic(means, "PaymentID", invoice.ocr)
            account = _agg(means, "PayeeFinancialAccount")
            _basic(account, "ID", _digits(seller.bankgiro))  # SE-R-008/009: 7-8 digits, no hyphen
            _basic(account, "Name", seller.name)
            _basic(_agg(account, "FinancialInstitutionBranch"), "ID", BANKGIRO_BRANCH)
        else:
            _basic(means, "PaymentID", invoice.document_number)
            account = _agg(means, "PayeeFinancialAccount")
            _basic(account, "ID", _digits(seller.iban).upper())
            _basic(account, "Name", seller.name)
            _basic(_agg(account, "FinancialInstitutionBranch"), "ID", seller.bic)
    _basic(_agg(root, "PaymentTerms"), "Note", invoice.payment_terms)


#: Category E: late interest and reminder fees are exempt (no VAT is due on them; they are no price of a supply).
EXEMPT = "E"


def _tax_category(parent: etree._Element, tag: str, invoice: EInvoice, *, with_reason: bool,
                  outside_vat: bool = False) -> None:
    category = _agg(parent, tag)
    if outside_vat:
        _basic(category, "ID", EXEMPT)
        _basic(category, "Percent", _percent(0))
        if with_reason:
            _basic(category, "TaxExemptionReason", invoice.outside_vat_reason)
    else:
        _basic(category, "ID", invoice.vat_category.value)
        _basic(category, "Percent", _percent(invoice.vat_rate_bp))
        if with_reason and invoice.vat_category is not VatCategory.STANDARD:
            _basic(category, "TaxExemptionReasonCode", invoice.vat_category.exemption_code)
            _basic(category, "TaxExemptionReason", invoice.vat_exemption_reason)
    _basic(_agg(category, "TaxScheme"), "ID", "VAT")


def _totals(root: etree._Element, invoice: EInvoice, sign: int) -> None:
    currency = invoice.currency
    tax_total = _agg(root, "TaxTotal")
    _amount(tax_total, "TaxAmount", sign * invoice.vat_minor, currency)
    if any(not line.outside_vat for line in invoice.lines):  # BR-CO-18: a breakdown per category of the lines
        subtotal = _agg(tax_total, "TaxSubtotal")
        _amount(subtotal, "TaxableAmount", sign * invoice.taxable_minor, currency)
        _amount(subtotal, "TaxAmount", sign * invoice.vat_minor, currency)
        _tax_category(subtotal, "TaxCategory", invoice, with_reason=True)
    if any(line.outside_vat for line in invoice.lines):
        exempt = _agg(tax_total, "TaxSubtotal")
        _amount(exempt, "TaxableAmount", sign * invoice.untaxed_minor, currency)
        _amount(exempt, "TaxAmount", 0, currency)
        _tax_category(exempt, "TaxCategory", invoice, with_reason=True, outside_vat=True)
    if invoice.states_sek_vat and invoice.vat_sek_minor is not None:  # BT-111, PEPPOL-EN16931-R054
        _amount(_agg(root, "TaxTotal"), "TaxAmount", sign * invoice.vat_sek_minor, NATIONAL_CURRENCY)
    monetary = _agg(root, "LegalMonetaryTotal")
    _amount(monetary, "LineExtensionAmount", sign * sum(line.amount_minor for line in invoice.lines), currency)
    _amount(monetary, "TaxExclusiveAmount", sign * invoice.net_minor, currency)
    _amount(monetary, "TaxInclusiveAmount", sign * invoice.total_minor, currency)
    if invoice.rounding_minor:
        _amount(monetary, "PayableRoundingAmount", sign * invoice.rounding_minor, currency)
    _amount(monetary, "PayableAmount", sign * invoice.to_pay_minor, currency)


def _lines(root: etree._Element, invoice: EInvoice, sign: int) -> None:
    tag, quantity_tag = ("CreditNoteLine", "CreditedQuantity") if invoice.is_credit_note else (
        "InvoiceLine", "InvoicedQuantity")
    for line in sorted(invoice.lines, key=lambda item: item.position):
        _line(_agg(root, tag), quantity_tag, invoice, line, sign)


def _line(element: etree._Element, quantity_tag: str, invoice: EInvoice, line: EInvoiceLine, sign: int) -> None:
    price = line.price
    _basic(element, "ID", line.position)
    _basic(element, quantity_tag, sign * price.quantity_decimal, unitCode=price.unit_code.value)
    _amount(element, "LineExtensionAmount", sign * line.amount_minor, invoice.currency)
    if line.period_start is not None or line.period_end is not None:  # BG-26, within the document's (R110/R111)
        period = _agg(element, "InvoicePeriod")
        _basic(period, "StartDate", line.period_start.isoformat() if line.period_start else None)
        _basic(period, "EndDate", line.period_end.isoformat() if line.period_end else None)
    item = _agg(element, "Item")
    _basic(item, "Name", line.description)
    _tax_category(item, "ClassifiedTaxCategory", invoice, with_reason=False, outside_vat=line.outside_vat)
    price_element = _agg(element, "Price")
    _amount(price_element, "PriceAmount", price.unit_price_minor, invoice.currency)  # BR-27: never negative
    if price.base_quantity != 1:
        _basic(price_element, "BaseQuantity", price.base_quantity, unitCode=price.unit_code.value)


def _header(root: etree._Element, invoice: EInvoice) -> None:
    _basic(root, "CustomizationID", CUSTOMIZATION_ID)
    _basic(root, "ProfileID", PROFILE_ID)
    _basic(root, "ID", invoice.document_number)
    _basic(root, "IssueDate", invoice.issue_date.isoformat())
    if invoice.is_credit_note:
        _basic(root, "CreditNoteTypeCode", CREDIT_NOTE_TYPE_CODE)
    else:
        _basic(root, "DueDate", invoice.due_date.isoformat() if invoice.due_date else None)
        _basic(root, "InvoiceTypeCode", INVOICE_TYPE_CODE)
    _basic(root, "Note", invoice.note)
    _basic(root, "DocumentCurrencyCode", invoice.currency)
    if invoice.states_sek_vat:
        _basic(root, "TaxCurrencyCode", NATIONAL_CURRENCY)
    # PEPPOL-EN16931-R003 needs a buyer reference; without the customer's own, our customer number serves
    _basic(root, "BuyerReference", invoice.buyer.reference or invoice.buyer.customer_number)
    start, end = invoice.invoicing_period
    period = _agg(root, "InvoicePeriod")
    _basic(period, "StartDate", start.isoformat())
    _basic(period, "EndDate", end.isoformat())
    preceding = invoice.credited or invoice.replaces  # BG-3: what is credited, or what a re-invoice replaces
    if preceding is not None:
        reference = _agg(_agg(root, "BillingReference"), "InvoiceDocumentReference")
        _basic(reference, "ID", preceding.number)
        _basic(reference, "IssueDate", preceding.issue_date.isoformat())


def peppol_document(invoice: EInvoice) -> etree._Element:
    """The UBL 2.1 Invoice (or CreditNote) element of an issued invoice.

    :raise Conflict: code "peppol_address_missing" when nothing on file addresses the buyer in Peppol.
    """
    name, namespace = ROOT[invoice.is_credit_note]
    root = etree.Element(f"{{{namespace}}}{name}", nsmap={None: namespace, "cac": CAC, "cbc": CBC})
    sign = -1 if invoice.is_credit_note else 1  # a CreditNote states the credited amounts as positive
    _header(root, invoice)
    _seller(root, invoice)
    _buyer(root, invoice)
    _payment(root, invoice)
    _totals(root, invoice, sign)
    _lines(root, invoice, sign)
    return root


def peppol_xml(invoice: EInvoice) -> bytes:
    """The e-invoice as UTF-8 bytes; the same invoice always gives byte-identical output."""
    return etree.tostring(peppol_document(invoice), xml_declaration=True, encoding="UTF-8", pretty_print=True)


def file_name(invoice: EInvoice) -> str:
    """The e-invoice's file name: "F1004.xml"."""
    return f"{invoice.document_number}.xml"
