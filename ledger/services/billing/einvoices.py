"""The e-invoice of an issued invoice or credit note: built from what was stored, archived with its SHA-256."""
from __future__ import annotations

import hashlib

from flask_babel import force_locale, gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.documents.invoice import replaces_text, seller_of, settlement_text
from ledger.documents.peppol import peppol_xml
from ledger.domain.billing.einvoice import (
    BuyerParty,
    CreditedInvoice,
    EInvoice,
    EInvoiceLine,
    SellerParty,
    address_from_text,
    vat_category_of,
)
from ledger.domain.billing.line_prices import price_of_line
from ledger.domain.billing.seller import Seller
from ledger.domain.billing.vat import decide_vat
from ledger.domain.formatting import invoice_number
from ledger.domain.problems import N_, define_messages
from ledger.extensions import db
from ledger.formatting import exchange_rate, isodate, money
from ledger.models import Customer, Invoice, InvoiceEInvoice
from ledger.models.invoices import OUTSIDE_VAT_KINDS
from ledger.services.access import Actor
from ledger.services.billing.exchange_rates import invoice_rate
from ledger.services.billing.reads import get_invoice
from ledger.services.billing.settlement import credited_invoice_paid
from ledger.services.clock import utcnow
from ledger.services.errors import NotFound
from ledger.services.settings import current_settings

MESSAGES = define_messages({
    "einvoice_missing": N_("Invoice %(invoice_id)s has no e-invoice: it is a draft, or its buyer has no Peppol "
                           "address."),
})
SELLER_COUNTRY = "SE"


def seller_party(seller: Seller) -> SellerParty:
    """The seller of an issued invoice as its e-invoice names it."""
    return SellerParty(
        name=seller.name, address=address_from_text(seller.address, SELLER_COUNTRY), org_number=seller.org_number,
        vat_number=seller.vat_number, f_skatt=seller.f_skatt, bankgiro=seller.bankgiro, iban=seller.iban,
        bic=seller.bic, email=seller.email, phone=seller.phone, seat=seller.seat or None,
        our_reference=seller.our_reference or None,
    )


def sek_vat_sentence(invoice: Invoice) -> str | None:
    """"VAT in SEK: 412,50 kr at the Riksbank's rate 11,0215 SEK/EUR of 2025-10-31." in the current language."""
    if invoice.vat_sek_minor is None or invoice.exchange_rate_micro is None:
        return None
    return gettext("VAT in SEK: %(vat)s at the Riksbank's rate %(rate)s SEK/%(currency)s of %(date)s.",
                   vat=money(invoice.vat_sek_minor, "SEK"), rate=exchange_rate(invoice.exchange_rate_micro),
                   currency=invoice.currency, date=isodate(invoice.exchange_rate_date))


def payment_terms(invoice: Invoice, seller: Seller) -> str:
    """The payment terms sentence, in the current language (a credit note: how the credit is settled, as its PDF
    says)."""
    if invoice.kind == "credit_note":
        return settlement_text(invoice, credited_invoice_paid(db.session, invoice, utcnow())) or gettext(
            "The credit is settled against the next invoice or repaid on request.")
    late = seller.late_interest_sv if invoice.language == "sv" else seller.late_interest_en
    return f"{gettext('Payment terms: %(days)s days net.', days=seller.payment_terms_days)} {late}"


def einvoice_of(invoice: Invoice, peppol_id: str | None) -> EInvoice:
    """The EInvoice of an issued invoice, in its language, from its stored lines, totals and seller snapshot."""
    seller = seller_of(invoice, current_settings().seller)
    vat = decide_vat(invoice.buyer_country, invoice.buyer_vat_number)
    sv = invoice.language == "sv"
    with force_locale(invoice.language):
        notes = [text for text in (replaces_text(invoice), invoice.credit_reason, sek_vat_sentence(invoice)) if text]
        terms = payment_terms(invoice, seller)
        outside_vat_reason = gettext("Late payment interest and reminder fees are not the price of a supply: no VAT "
                                     "is due on them.")
    credited, replaced = invoice.credited_invoice, invoice.replaced_invoice
    return EInvoice(
        kind=invoice.kind, series=invoice.series, number=invoice.number, issue_date=invoice.issue_date,
        due_date=invoice.due_date, currency=invoice.currency, language=invoice.language,
        seller=seller_party(seller),
        buyer=BuyerParty(
            name=invoice.buyer_name, address=address_from_text(invoice.buyer_address, invoice.buyer_country),
            org_number=invoice.buyer_org_number or None, vat_number=invoice.buyer_vat_number,
            customer_number=str(invoice.customer_id), peppol_id=peppol_id, reference=invoice.buyer_reference,
        ),
        lines=tuple(
            EInvoiceLine(line.position, line.description_sv if sv else line.description_en, price_of_line(line),
                         line.amount_minor, line.kind in OUTSIDE_VAT_KINDS, line.period_start, line.period_end)
            for line in invoice.lines
        ),
        vat_category=vat_category_of(invoice.vat_code), vat_rate_bp=invoice.vat_rate_bp,
        vat_exemption_reason=(vat.text_sv if sv else vat.text_en) or None,
        net_minor=invoice.net_minor, vat_minor=invoice.vat_minor, total_minor=invoice.total_minor,
        rounding_minor=invoice.rounding_minor, to_pay_minor=invoice.to_pay_minor,
        period_start=invoice.period_start, period_end=invoice.period_end, payment_terms=terms, ocr=invoice.ocr,
        credited=CreditedInvoice(invoice_number(credited), credited.issue_date) if credited else None,
        replaces=CreditedInvoice(invoice_number(replaced), replaced.issue_date) if replaced else None,
        exchange_rate=invoice_rate(invoice), vat_sek_minor=invoice.vat_sek_minor,
        note=" ".join(notes) or None,
        outside_vat_reason=outside_vat_reason if any(line.kind in OUTSIDE_VAT_KINDS for line in invoice.lines)
        else None,
    )


def archive_peppol(session: Session, invoice: Invoice) -> bytes | None:
    """Write the Peppol BIS 3.0 UBL of an invoice being issued and archive it with its SHA-256; None (nothing
    archived) when the buyer has no Peppol address."""
    customer = session.get_one(Customer, invoice.customer_id)
    document = einvoice_of(invoice, customer.peppol_id)
    if document.buyer.endpoint is None:
        return None
    content = peppol_xml(document)
    session.add(InvoiceEInvoice(invoice_id=invoice.id, content=content, sha256=hashlib.sha256(content).hexdigest(),
                                size_bytes=len(content), created_at=utcnow()))
    return content


def archived_einvoice(invoice_id: int, *, actor: Actor) -> tuple[Invoice, InvoiceEInvoice]:
    """An issued invoice's archived e-invoice, byte for byte.

    :raise NotFound: unknown, not visible, or it has no e-invoice.
    """
    invoice = get_invoice(invoice_id, actor=actor)
    document = db.session.execute(
        select(InvoiceEInvoice).where(InvoiceEInvoice.invoice_id == invoice.id)).scalar_one_or_none()
    if document is None:
        raise NotFound(code="einvoice_missing", invoice_id=invoice_id)
    return invoice, document



def has_einvoice(invoice_id: int) -> bool:
    """Whether the invoice has an archived e-invoice (its buyer has a Peppol address)."""
    return db.session.execute(select(InvoiceEInvoice.id).where(InvoiceEInvoice.invoice_id == invoice_id)).first() \
        is not None
