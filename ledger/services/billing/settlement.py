"""How a credit note is settled: against the invoice it credits, and (when that was paid) by a refund or against
the next invoice. Read from what was paid when the note was issued, so that a copy rendered later says the same."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.models import Invoice, Payment, PaymentAssignment


def paid_before(session: Session, invoice_id: int, moment: datetime) -> int:
    """What was paid on an invoice (payments matched to it or assigned to it, less reversals) up to `moment`."""
    direct = session.execute(select(func.coalesce(func.sum(Payment.amount_minor), 0)).where(
        Payment.invoice_id == invoice_id, Payment.created_at <= moment)).scalar_one()
    assigned = session.execute(select(func.coalesce(func.sum(Payment.amount_minor), 0))
                               .join(PaymentAssignment, PaymentAssignment.payment_id == Payment.id)
                               .where(PaymentAssignment.invoice_id == invoice_id,
                                      PaymentAssignment.assigned_at <= moment)).scalar_one()
    return int(direct) + int(assigned)


def credited_invoice_paid(session: Session, note: Invoice, moment: datetime) -> bool | None:
    """For a credit note: whether the invoice it credits was paid (in part) when the note was issued (`moment`,
    or its issued_at once issued); None for anything else."""
    if note.kind != "credit_note" or note.credited_invoice_id is None:
        return None
    return paid_before(session, note.credited_invoice_id, note.issued_at or moment) > 0
