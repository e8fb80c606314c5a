"""The mail that sends an issued invoice to the customer, with its archived PDF attached at delivery."""
from __future__ import annotations

from sqlalchemy.orm import Session

from ledger.domain.billing.exchange_rates import NATIONAL_CURRENCY
from ledger.domain.formatting import invoice_number
from ledger.models import Customer, Invoice, OutboxMessage
from ledger.services.customers.recipients import billing_recipients
from ledger.services.billing.numbering import pays_by_iban
from ledger.services.mail.outbox import queue_mail
from ledger.services.settings import current_settings

INVOICE_ISSUED = "invoice_issued"


def payment_details(invoice: Invoice) -> dict[str, str | None]:
    """How the invoice is paid, for mails: bankgiro and OCR for SEK; IBAN and BIC (with the OCR, or for another
    currency the invoice number, as reference) when it is in another currency or its buyer is abroad."""
    seller = current_settings().seller
    sek = invoice.currency == NATIONAL_CURRENCY
    abroad = pays_by_iban(invoice) and bool(seller.iban)
    return {"bankgiro": seller.bankgiro if sek else None, "ocr": invoice.ocr if sek else None,
            "iban": seller.iban if abroad else None, "bic": seller.bic if abroad else None,
            "reference": (invoice.ocr if sek else invoice_number(invoice)) if abroad else None}


def queue_invoice_mail(session: Session, invoice: Invoice) -> list[OutboxMessage]:
    """Queue the invoice to each billing recipient, once per invoice and address, in `session`'s transaction.

    Delivery attaches the archived PDF and waits while the document is still being rendered.
    """
    customer = session.get(Customer, invoice.customer_id)
    assert customer is not None and invoice.number is not None
    params = {
        "invoice_number": invoice_number(invoice), "seller_name": current_settings().seller.name,
        "period": invoice.period, "customer_name": invoice.buyer_name,
        "to_pay_minor": invoice.to_pay_minor, "currency": invoice.currency,
        "due_date": invoice.due_date.isoformat() if invoice.due_date else "", **payment_details(invoice),
    }
    queued = []
    for recipient in billing_recipients(session, customer):
        message = queue_mail(
            session, kind=INVOICE_ISSUED, recipient=recipient.email, language=recipient.language,
            template=INVOICE_ISSUED, params=params, customer_id=customer.id,
            dedupe_key=f"{INVOICE_ISSUED}:{invoice.id}:{recipient.email.lower()}", attachment_invoice_id=invoice.id,
        )
        if message is not None:
            queued.append(message)
    return queued
