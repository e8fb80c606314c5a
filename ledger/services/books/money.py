"""The month's money vouchers (docs/books.md): every payment, reversal and refund by its payment date, every
write-off by its date, each with the invoice it belongs to (a bank payment matched by a person counts as that
invoice's), converted at the payment day's rate against the invoice's booked rate."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import aliased

from ledger.domain.books.payment_vouchers import MoneyMovement, payment_voucher, write_off_voucher
from ledger.domain.books.vouchers import ChartOfAccounts, Voucher
from ledger.domain.formatting import invoice_number
from ledger.domain.periods import Period
from ledger.extensions import db
from ledger.models import Invoice, Payment, PaymentAssignment, WriteOff


def _document(invoice: Invoice | None) -> str | None:
    return invoice_number(invoice) if invoice is not None else None


def payment_vouchers(period: Period, accounts: ChartOfAccounts, customer_id: int | None = None) -> list[Voucher]:
    """One voucher per payment row paid in `period`, in date and id order."""
    assigned = aliased(Invoice)
    reversed_payment = aliased(Payment)
    query = (select(Payment, Invoice, assigned, reversed_payment.exchange_rate_micro)
             .outerjoin(Invoice, Payment.invoice_id == Invoice.id)
             .outerjoin(PaymentAssignment, PaymentAssignment.payment_id == Payment.id)
             .outerjoin(assigned, PaymentAssignment.invoice_id == assigned.id)
             .outerjoin(reversed_payment, Payment.reverses_payment_id == reversed_payment.id)
             .where(Payment.paid_on >= period.first_day, Payment.paid_on <= period.last_day)
             .order_by(Payment.paid_on, Payment.id))
    if customer_id is not None:
        query = query.where(Payment.customer_id == customer_id)
    vouchers = []
    for payment, invoice, assigned_invoice, reversed_rate in db.session.execute(query):
        document = invoice or assigned_invoice
        party = document.buyer_name if document is not None else (payment.payer_name or payment.reference or "?")
        movement = MoneyMovement(
            payment.id, payment.kind, payment.paid_on, payment.amount_minor, payment.currency, party,
            _document(document), reversed_rate or payment.exchange_rate_micro,
            document.exchange_rate_micro if document is not None else None)
        vouchers.append(payment_voucher(movement, accounts))
    return vouchers


def write_off_vouchers(period: Period, accounts: ChartOfAccounts, customer_id: int | None = None) -> list[Voucher]:
    """One voucher per write-off dated in `period`."""
    query = (select(WriteOff, Invoice).join(Invoice, WriteOff.invoice_id == Invoice.id)
             .where(WriteOff.written_off_on >= period.first_day, WriteOff.written_off_on <= period.last_day)
             .order_by(WriteOff.written_off_on, WriteOff.id))
    if customer_id is not None:
        query = query.where(WriteOff.customer_id == customer_id)
    return [write_off_voucher(MoneyMovement(
        write_off.id, "write_off", write_off.written_off_on, write_off.amount_minor, write_off.currency,
        invoice.buyer_name, invoice_number(invoice), write_off.exchange_rate_micro, invoice.exchange_rate_micro),
        accounts) for write_off, invoice in db.session.execute(query)]
