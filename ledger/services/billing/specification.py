"""What an invoice's document shows beyond its lines: the tasks of its period, frozen when the invoice is issued.

An issued invoice keeps its specification (the rows in both languages, `Invoice.specification`), so that a copy in
the other language rendered later shows the work as issued, never a task logged or changed since.
"""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from ledger.documents.invoice import invoice_html, specification_rows
from ledger.domain.billing.seller import Seller
from ledger.extensions import db
from ledger.models import Invoice, Task
from ledger.services.billing.settlement import credited_invoice_paid
from ledger.services.clock import utcnow
from ledger.services.work.rules import active_catalogue


def specification_tasks(invoice: Invoice) -> list[Task]:
    """Every task of the invoice's period for its customer (voided ones excluded); none for a credit note or an
    invoice drafted now. An invoice issued before specifications were frozen lists the tasks logged before it."""
    if invoice.kind != "invoice" or invoice.origin != "run":
        return []
    query = (select(Task).where(Task.customer_id == invoice.customer_id, Task.work_date >= invoice.period_start,
                                Task.work_date <= invoice.period_end, Task.status != "voided")
             .order_by(Task.work_date, Task.id))
    if invoice.issued_at is not None:
        query = query.where(Task.created_at <= invoice.issued_at)
    return list(db.session.execute(query).scalars())


def frozen_specification(invoice: Invoice) -> list[dict[str, Any]]:
    """The specification's rows as the invoice freezes them when it is issued (both languages)."""
    return specification_rows(specification_tasks(invoice), active_catalogue())


def render_invoice_html(invoice: Invoice, seller: Seller, **options: Any) -> str:
    """The invoice's HTML (documents.invoice.invoice_html) with its specification: as frozen at issue, or (a draft)
    the period's tasks now; a credit note's with whether the invoice it credits was paid when it was issued."""
    rows = json.loads(invoice.specification) if invoice.specification else frozen_specification(invoice)
    paid = credited_invoice_paid(db.session, invoice, utcnow())
    return invoice_html(invoice, seller, specification=rows, credited_paid=paid, **options)
