"""Money finance records by hand: payments (Swish, a transfer), their reversal, refunds of an
over-payment and write-offs of a small remainder.

Every one is an append-only row with its day, amount and currency, and in a foreign currency the exchange rate of
its day, so that the books book it without guessing. The invoice's row is locked first, so that two people working
on one invoice queue and each sees what the other recorded (no refund beyond the over-payment, no second write-off).
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ledger.domain.errors import Conflict, FieldErrors, InvalidInput
from ledger.domain.formatting import invoice_number
from ledger.domain.money import format_minor
from ledger.domain.payments.matching import PaymentStatus
from ledger.domain.problems import N_, define_messages
from ledger.domain.text import refuse_line_breaks
from ledger.models import Invoice, Payment, PaymentAssignment, WriteOff
from ledger.models.payments import PAYMENT_METHODS
from ledger.services.access import FINANCE_ROLES, Actor, require_role
from ledger.services.clock import utcnow
from ledger.services.errors import NotFound
from ledger.services.payments.checks import checked_day, day_rate, payable_invoice, reason_text, signed_amount
from ledger.services.payments.reads import statuses, today
from ledger.services.settings import finance_settings
from ledger.services.tx import write_transaction

MESSAGES = define_messages({
    "payment_reversal_too_large": N_("Invoice %(invoice_number)s has %(paid)s paid; a correction cannot take back "
                                     "more than that."),
    "payment_method_unknown": N_("Choose one of %(methods)s."),
    "payment_not_reversible": N_("Payment %(payment_id)s cannot be reversed: only a payment recorded by hand is (a "
                                 "bank payment is refunded instead)."),
    "payment_already_reversed": N_("Payment %(payment_id)s is already reversed."),
    "nothing_to_refund": N_("Invoice %(invoice_number)s is not over-paid: there is nothing to refund."),
    "refund_larger_than_overpayment": N_("The refund is larger than the over-payment of %(overpaid)s."),
    "refund_larger_than_payment": N_("The refund is larger than what is left of the payment, %(left)s."),
    "nothing_to_write_off": N_("Invoice %(invoice_number)s has nothing outstanding to write off."),
    "write_off_over_limit": N_("Invoice %(invoice_number)s has %(outstanding)s outstanding; at most %(limit)s "
                               "(WRITE_OFF_LIMIT) may be written off."),
})


def _status(session: Session, invoice: Invoice) -> PaymentStatus:
    return statuses(session, [invoice])[invoice.id]


def _method(errors: FieldErrors, value: object) -> str | None:
    if value in (None, ""):
        return None
    if value not in PAYMENT_METHODS:
        errors.add("method", "payment_method_unknown", methods=", ".join(PAYMENT_METHODS))
        return None
    return value  # type: ignore[return-value]


def _reference(errors: FieldErrors, value: object) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or len(value) > 100:
        errors.add("reference", "too_long", max_length=100)
        return None
    refuse_line_breaks(errors, "reference", value)
    return value.strip() or None


def _movement(session: Session, invoice: Invoice, **columns: Any) -> Payment:
    """A payment row of `invoice` in its currency, at the exchange rate of its day."""
    rate = day_rate(session, invoice.currency, columns["paid_on"])
    payment = Payment(source="manual", invoice_id=invoice.id, customer_id=invoice.customer_id,
                      currency=invoice.currency, exchange_rate_micro=rate.rate_micro if rate else None,
                      exchange_rate_date=rate.rate_date if rate else None, created_at=utcnow(), **columns)
    session.add(payment)
    return payment


def record_payment(invoice_id: int, data: dict[str, Any], *, actor: Actor) -> Payment:
    """Record a payment by hand: `{amount, paid_on, reference?, method?}`. A negative amount takes back (part of)
    earlier payments and then needs a `reason`.

    :raise NotFound: no such invoice.  :raise Conflict: not an issued invoice, or no exchange rate for the day.
    :raise InvalidInput: bad fields.
    """
    require_role(actor, *FINANCE_ROLES)
    with write_transaction() as session:
        invoice = payable_invoice(session, invoice_id)
        errors = FieldErrors()
        amount_minor = signed_amount(errors, data.get("amount"), invoice.currency)
        paid_on = checked_day(errors, data.get("paid_on"), today())
        method, reference = _method(errors, data.get("method")), _reference(errors, data.get("reference"))
        reason = reason_text(errors, data.get("reason")) if amount_minor < 0 or data.get("reason") else None
        errors.raise_if_any()
        if amount_minor < 0 and _status(session, invoice).paid_minor + amount_minor < 0:
            raise InvalidInput.single("amount", "payment_reversal_too_large", invoice_number=invoice_number(invoice),
                                      paid=format_minor(_status(session, invoice).paid_minor))
        payment = _movement(session, invoice, kind="payment" if amount_minor > 0 else "reversal",
                            amount_minor=amount_minor, paid_on=paid_on, reference=reference, method=method,
                            reason=reason, created_by=actor.id)
        session.flush()
    return payment


def _payment_and_invoice(session: Session, payment_id: int) -> tuple[Payment, Invoice]:
    """A payment received and the invoice it counts against (directly or assigned), that invoice locked."""
    payment = session.get(Payment, payment_id)
    invoice_id = payment.invoice_id if payment is not None else None
    if payment is not None and invoice_id is None:
        invoice_id = session.execute(select(PaymentAssignment.invoice_id)
                                     .where(PaymentAssignment.payment_id == payment_id)).scalar()
    if payment is None or payment.kind != "payment" or invoice_id is None:
        raise NotFound(code="payment_not_found", payment_id=payment_id)
    return payment, payable_invoice(session, invoice_id)


def reverse_payment(payment_id: int, reason: object, *, actor: Actor) -> Payment:
    """Take back a payment recorded by hand by mistake, whole, with a reason: a negative payment naming it.

    :raise NotFound: no such payment.  :raise Conflict: a bank payment, or reversed already.
    :raise InvalidInput: no reason.
    """
    require_role(actor, *FINANCE_ROLES)
    with write_transaction() as session:
        original, invoice = _payment_and_invoice(session, payment_id)
        if original.source != "manual":
            raise Conflict(code="payment_not_reversible", payment_id=payment_id)
        errors = FieldErrors()
        text = reason_text(errors, reason)
        errors.raise_if_any()
        try:
            with session.begin_nested():
                reversal = _movement(session, invoice, kind="reversal", amount_minor=-original.amount_minor,
                                     paid_on=today(), method=original.method, reference=original.reference,
                                     reason=text, reverses_payment_id=original.id, created_by=actor.id)
        except IntegrityError:  # the unique reverses_payment_id: someone reversed it first
            raise Conflict(code="payment_already_reversed", payment_id=payment_id) from None
    return reversal


def refund_payment(payment_id: int, data: dict[str, Any], *, actor: Actor) -> Payment:
    """Pay back (part of) an over-payment: `{amount?, refunded_on?, method?, reference?, reason?}`; the amount is
    the whole over-payment unless given, and never more than it or than what is left of the payment.

    :raise NotFound: no such payment.  :raise Conflict: the invoice is not over-paid.
    :raise InvalidInput: a bad field, or an amount larger than the over-payment or the payment.
    """
    require_role(actor, *FINANCE_ROLES)
    with write_transaction() as session:
        payment, invoice = _payment_and_invoice(session, payment_id)
        overpaid = max(0, -_status(session, invoice).outstanding_minor)
        refunded = -session.execute(select(func.coalesce(func.sum(Payment.amount_minor), 0))
                                    .where(Payment.refunds_payment_id == payment.id)).scalar_one()
        left = payment.amount_minor - int(refunded)
        if overpaid == 0 or left <= 0:
            raise Conflict(code="nothing_to_refund", invoice_number=invoice_number(invoice))
        errors = FieldErrors()
        amount = min(overpaid, left)
        if data.get("amount") not in (None, ""):
            amount = signed_amount(errors, data.get("amount"), invoice.currency)
            if amount > overpaid:
                errors.add("amount", "refund_larger_than_overpayment", overpaid=format_minor(overpaid))
            elif amount > left:
                errors.add("amount", "refund_larger_than_payment", left=format_minor(left))
            elif amount < 0:
                errors.add("amount", "amount_not_positive")
        refunded_on = checked_day(errors, data.get("refunded_on") or today(), today(), "refunded_on")
        method, reference = _method(errors, data.get("method")), _reference(errors, data.get("reference"))
        reason = data.get("reason").strip() if isinstance(data.get("reason"), str) else None
        errors.raise_if_any()
        refund = _movement(session, invoice, kind="refund", amount_minor=-amount, paid_on=refunded_on, method=method,
                           reference=reference, reason=reason or None, refunds_payment_id=payment.id,
                           created_by=actor.id)
        session.flush()
    return refund


def write_off(invoice_id: int, reason: object, *, actor: Actor) -> WriteOff:
    """Write off what an invoice still has outstanding, at most WRITE_OFF_LIMIT kronor (an EUR remainder at the
    day's rate), with a reason.

    :raise NotFound: no such invoice.  :raise Conflict: nothing outstanding, or more than the limit.
    :raise InvalidInput: no reason.
    """
    require_role(actor, *FINANCE_ROLES)
    with write_transaction() as session:
        invoice = payable_invoice(session, invoice_id)
        outstanding = _status(session, invoice).outstanding_minor
        if outstanding <= 0:
            raise Conflict(code="nothing_to_write_off", invoice_number=invoice_number(invoice))
        day = today()
        rate = day_rate(session, invoice.currency, day)
        limit = finance_settings().write_off_limit_minor
        if (rate.to_sek_minor(outstanding) if rate else outstanding) > limit:
            raise Conflict(code="write_off_over_limit", invoice_number=invoice_number(invoice),
                           outstanding=f"{format_minor(outstanding)} {invoice.currency}",
                           limit=f"{format_minor(limit)} SEK")
        errors = FieldErrors()
        text = reason_text(errors, reason)
        errors.raise_if_any()
        record = WriteOff(invoice_id=invoice.id, customer_id=invoice.customer_id, amount_minor=outstanding,
                          currency=invoice.currency, written_off_on=day, reason=text,
                          exchange_rate_micro=rate.rate_micro if rate else None,
                          exchange_rate_date=rate.rate_date if rate else None, created_at=utcnow(),
                          created_by=actor.id)
        session.add(record)
        session.flush()
    return record
