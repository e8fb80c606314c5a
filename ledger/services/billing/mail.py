"""The mail that sends an issued invoice to the customer, with its archived PDF attached at delivery."""
from __future__ import annotations

from sqlalchemy.orm import Session

from ledger.domain.formatting import invoice_number
from ledger.models import Customer, Invoice, OutboxMessage
from ledger.services.customers.recipients import billing_recipients
from ledger.services.mail.outbox import queue_mail
from ledger.services.settings import current_settings

INVOICE_ISSUED = "invoice_issued"


def queue_invoice_mail(session: Session, invoice: Invoice) -> list[OutboxMessage]:
    """Queue the invoice to each billing recipient, once per invoice and address, in `session`'s transaction.

    Delivery attaches the archived PDF and waits while the document is still being rendered.
    """
    customer = session.get(Customer, invoice.customer_id)
    assert customer is not None and invoice.number is not None
    params = {
        "invoice_number": invoice_number(invoice), "seller_name": current_settings().seller.name,
        "period": invoice.period, "customer_name": invoice.buyer_name,
        "total_minor": invoice.total_minor, "currency": invoice.currency,
        "due_date": invoice.due_date.isoformat() if invoice.due_date else "", "ocr": invoice.ocr,
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
