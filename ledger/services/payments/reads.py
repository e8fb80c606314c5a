"""What each invoice has been paid and still owes (docs/payments.md), read in one query per list of invoices."""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import cast, func, select
from sqlalchemy.orm import Session

from ledger.domain.payments.matching import OVERDUE, PaymentStatus, payment_status
from ledger.domain.periods import local_date
from ledger.extensions import db
from ledger.models import Invoice, Payment, PaymentAssignment, PaymentReminder, WriteOff
from ledger.models.types import MinorUnits
from ledger.services.access import READ_ALL_ROLES, Actor, require_role
from ledger.services.billing.reads import get_invoice
from ledger.services.clock import utcnow
from ledger.services.errors import NotFound

#: Who handles payments (the same roles as invoicing; kept here so that reads need not import the use cases).
PAYMENT_ROLES = ("admin", "finance")


def today() -> date:
    """Today in Stockholm: the day due dates are compared with."""
    return local_date(utcnow())


def _summed(column: Any) -> Any:
    return cast(func.coalesce(func.sum(column), 0), MinorUnits)


def paid_by_invoice(session: Session, invoice_ids: Sequence[int]) -> dict[int, int]:
    """The sum of every payment counted against each invoice: matched at import, typed by hand, or assigned."""
    paid: dict[int, int] = {}
    if not invoice_ids:
        return paid
    direct = select(Payment.invoice_id, _summed(Payment.amount_minor)).where(
        Payment.invoice_id.in_(invoice_ids)).group_by(Payment.invoice_id)
    assigned = select(PaymentAssignment.invoice_id, _summed(Payment.amount_minor)).join(
        Payment, Payment.id == PaymentAssignment.payment_id).where(
        PaymentAssignment.invoice_id.in_(invoice_ids)).group_by(PaymentAssignment.invoice_id)
    for statement in (direct, assigned):
        for invoice_id, amount in session.execute(statement):
            paid[invoice_id] = paid.get(invoice_id, 0) + int(amount)
    return paid


def written_off_by_invoice(session: Session, invoice_ids: Sequence[int]) -> dict[int, int]:
    """What was written off each invoice."""
    if not invoice_ids:
        return {}
    rows = session.execute(select(WriteOff.invoice_id, _summed(WriteOff.amount_minor))
                           .where(WriteOff.invoice_id.in_(invoice_ids)).group_by(WriteOff.invoice_id))
    return {invoice_id: int(amount) for invoice_id, amount in rows}


def credited_by_invoice(session: Session, invoice_ids: Sequence[int]) -> dict[int, int]:
    """What the issued credit notes of each invoice credited, as a positive amount."""
    if not invoice_ids:
        return {}
    rows = session.execute(
        select(Invoice.credited_invoice_id, _summed(Invoice.to_pay_minor))
        .where(Invoice.credited_invoice_id.in_(invoice_ids), Invoice.status == "issued")
        .group_by(Invoice.credited_invoice_id)
    )
    return {invoice_id: -int(amount) for invoice_id, amount in rows}


def is_payable(invoice: Invoice) -> bool:
    """Only an issued invoice (not a draft, not a credit note) is paid."""
    return invoice.kind == "invoice" and invoice.status == "issued" and invoice.due_date is not None


def statuses(session: Session, invoices: Iterable[Invoice], on: date | None = None) -> dict[int, PaymentStatus]:
    """The payment status of every payable invoice among `invoices`, by id, on `on` (default today)."""
    payable = [invoice for invoice in invoices if is_payable(invoice)]
    ids = [invoice.id for invoice in payable]
    paid, credited = paid_by_invoice(session, ids), credited_by_invoice(session, ids)
    written_off = written_off_by_invoice(session, ids)
    day = on or today()
    return {
        invoice.id: payment_status(to_pay_minor=max(0, invoice.to_pay_minor), payments_minor=[paid.get(invoice.id, 0)],
                                   credited_minor=min(credited.get(invoice.id, 0), max(0, invoice.to_pay_minor)),
                                   written_off_minor=written_off.get(invoice.id, 0),
                                   due_on=invoice.due_date, today=day)  # type: ignore[arg-type]
        for invoice in payable
    }


class InvoiceWithPayment:
    """An invoice as read, with its payment figures beside it (None for drafts and credit notes)."""

    def __init__(self, invoice: Invoice, payment: PaymentStatus | None) -> None:
        self._invoice = invoice
        self.payment = payment

    def __getattr__(self, name: str) -> Any:
        return getattr(self._invoice, name)

    @property
    def invoice(self) -> Invoice:
        return self._invoice

    @property
    def payment_status(self) -> str | None:
        return self.payment.status if self.payment else None

    @property
    def paid_minor(self) -> int | None:
        return self.payment.paid_minor if self.payment else None

    @property
    def outstanding_minor(self) -> int | None:
        return self.payment.outstanding_minor if self.payment else None

    @property
    def days_overdue(self) -> int | None:
        return self.payment.days_overdue if self.payment else None

    @property
    def written_off_minor(self) -> int | None:
        return self.payment.written_off_minor if self.payment else None


def with_payments(invoices: Sequence[Invoice], on: date | None = None) -> list[InvoiceWithPayment]:
    """The invoices with their payment figures (one query for the paid sums, one for the credits)."""
    found = statuses(db.session, invoices, on)
    return [InvoiceWithPayment(invoice, found.get(invoice.id)) for invoice in invoices]


def with_payment(invoice: Invoice, on: date | None = None) -> InvoiceWithPayment:
    """One invoice with its payment figures."""
    return with_payments([invoice], on)[0]


def open_invoices(*, actor: Actor, on: date | None = None, overdue_only: bool = False,
                  customer_id: int | None = None) -> list[InvoiceWithPayment]:
    """Issued invoices with something outstanding, most days overdue first (a customer user: its own)."""
    if actor.role == "customer":
        customer_id = actor.customer_id
    else:
        require_role(actor, *READ_ALL_ROLES)
    query = select(Invoice).where(Invoice.kind == "invoice", Invoice.status == "issued").order_by(Invoice.due_date,
                                                                                                   Invoice.number)
    if customer_id is not None:
        query = query.where(Invoice.customer_id == customer_id)
    invoices = with_payments(list(db.session.execute(query).scalars()), on)
    wanted = [invoice for invoice in invoices if invoice.payment is not None and invoice.payment.outstanding_minor > 0
              and (not overdue_only or invoice.payment.status == OVERDUE)]
    return sorted(wanted, key=lambda invoice: (-(invoice.days_overdue or 0), invoice.due_date, invoice.number))


def unmatched_payments(*, actor: Actor) -> list[Payment]:
    """Bank payments no invoice was found for and no person has assigned yet, oldest first (finance, admin)."""
    require_role(actor, *PAYMENT_ROLES)
    assigned = select(PaymentAssignment.payment_id)
    return list(db.session.execute(
        select(Payment).where(Payment.invoice_id.is_(None), Payment.kind == "payment", Payment.id.not_in(assigned))
        .order_by(Payment.paid_on, Payment.id)
    ).scalars())


def payment_of(payment_id: int, *, actor: Actor) -> Payment:
    """One payment, whatever became of it (finance, admin).

    :raise NotFound: no such payment.
    """
    require_role(actor, *PAYMENT_ROLES)
    found = db.session.get(Payment, payment_id)
    if found is None:
        raise NotFound(code="payment_not_found", payment_id=payment_id)
    return found


def unmatched_params(payment: Payment) -> dict[str, Any]:
    """The parameters of a payment's unmatched reason, as stored."""
    return json.loads(payment.unmatched_params) if payment.unmatched_params else {}


def invoice_of(invoice_id: int) -> Invoice:
    """An invoice by id (the caller has already been allowed to see it)."""
    return db.session.get_one(Invoice, invoice_id)


def payments_of(invoice_id: int, *, actor: Actor) -> list[Payment]:
    """Every payment counted against an invoice the actor may see, in the order they were recorded.

    :raise NotFound: unknown or not visible.
    """
    invoice = get_invoice(invoice_id, actor=actor)
    assigned = select(PaymentAssignment.payment_id).where(PaymentAssignment.invoice_id == invoice.id)
    return list(db.session.execute(
        select(Payment).where((Payment.invoice_id == invoice.id) | Payment.id.in_(assigned)).order_by(Payment.id)
    ).scalars())


def write_offs_of(invoice_id: int) -> list[WriteOff]:
    """The write-offs of an invoice (the caller has already been allowed to see it)."""
    return list(db.session.execute(select(WriteOff).where(WriteOff.invoice_id == invoice_id)
                                   .order_by(WriteOff.id)).scalars())


def reminders_of(invoice_ids: Sequence[int]) -> dict[int, list[PaymentReminder]]:
    """The reminders of each invoice, oldest first (the caller has already been allowed to see them)."""
    found: dict[int, list[PaymentReminder]] = {invoice_id: [] for invoice_id in invoice_ids}
    if invoice_ids:
        for reminder in db.session.execute(select(PaymentReminder).where(PaymentReminder.invoice_id.in_(invoice_ids))
                                           .order_by(PaymentReminder.invoice_id, PaymentReminder.sequence)).scalars():
            found[reminder.invoice_id].append(reminder)
    return found


def invoice_id_of_payment(payment_id: int, *, actor: Actor) -> int:
    """The invoice a payment received counts against (matched, typed by hand, or assigned) (finance, admin).

    :raise NotFound: no such payment, or it counts against no invoice.
    """
    require_role(actor, *PAYMENT_ROLES)
    row = db.session.execute(select(Payment.invoice_id, PaymentAssignment.invoice_id)
                             .outerjoin(PaymentAssignment, PaymentAssignment.payment_id == Payment.id)
                             .where(Payment.id == payment_id)).first()
    invoice_id = (row[0] or row[1]) if row else None
    if invoice_id is None:
        raise NotFound(code="payment_not_found", payment_id=payment_id)
    return invoice_id
