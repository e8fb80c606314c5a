"""What an invoice's document shows beyond its lines: the tasks of its period, named by the catalogue in force."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ledger.documents.invoice import invoice_html
from ledger.domain.billing.seller import Seller
from ledger.extensions import db
from ledger.models import Invoice, Task
from ledger.services.work.rules import active_catalogue


def specification_tasks(invoice: Invoice) -> list[Task]:
    """Every task of the invoice's period for its customer (voided ones excluded); none for a credit note."""
    if invoice.kind != "invoice":
        return []
    return list(db.session.execute(
        select(Task)
        .where(Task.customer_id == invoice.customer_id, Task.work_date >= invoice.period_start,
               Task.work_date <= invoice.period_end, Task.status != "voided")
        .order_by(Task.work_date, Task.id)
    ).scalars())


def render_invoice_html(invoice: Invoice, seller: Seller, **options: Any) -> str:
    """The invoice's HTML (documents.invoice.invoice_html) with its specification's tasks and the catalogue."""
    return invoice_html(invoice, seller, catalogue=active_catalogue(), tasks=specification_tasks(invoice), **options)
