"""Getting paid: import the bank's BgMax file, record payments by hand, assign unmatched payments (DESIGN §14).

Payments are append-only. A bank file is refused whole when it does not read cleanly; one that reads is stored
payment by payment under its import key, so the same file imported twice (even by two people at once) stores
each payment once and reports the rest as already imported.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ledger.domain.errors import Conflict, FieldErrors, InvalidInput
from ledger.domain.formatting import invoice_number
from ledger.domain.money import format_minor, parse_amount
from ledger.domain.payments.bgmax import BgMaxDeposit, BgMaxPayment, BgMaxRefused, parse_bgmax
from ledger.domain.payments.matching import Match, import_keys, match_payment, payment_references
from ledger.domain.problems import N_, define_messages, json_params
from ledger.models import Invoice, Payment, PaymentAssignment
from ledger.services.access import FINANCE_ROLES, Actor, require_role
from ledger.services.clock import utcnow
from ledger.services.errors import NotFound
from ledger.services.payments.reads import paid_by_invoice, today
from ledger.services.tx import write_transaction

MESSAGES = define_messages({
    "bgmax_test_file": N_("This is a test file from Bankgirot (marker T); test payments are not imported."),
    "payment_currency_mismatch": N_("The payment is in %(currency)s, invoice %(invoice_number)s in "
                                    "%(invoice_currency)s; assign it by hand."),
    "payment_not_payable": N_("Invoice %(invoice_id)s is not an issued invoice; only issued invoices are paid."),
    "payment_amount_zero": N_("A payment cannot be zero."),
    "payment_in_future": N_("The payment date %(paid_on)s is after today."),
    "payment_reversal_too_large": N_("Invoice %(invoice_number)s has %(paid)s paid; a correction cannot take back "
                                     "more than that."),
    "payment_already_assigned": N_("Payment %(payment_id)s already belongs to an invoice."),
    "payment_not_found": N_("Payment %(payment_id)s does not exist."),
    "invoice_not_found": N_("Invoice %(invoice_id)s does not exist."),
})

MAX_TEXT = 1000


@dataclass(frozen=True)
class ImportedPayment:
    """One payment of the file and what became of it."""

    line: int
    import_key: str
    amount_minor: int
    currency: str
    paid_on: date
    reference: str
    payer_name: str
    payment_id: int | None = None
    invoice_id: int | None = None
    invoice_number: str | None = None
    unmatched_code: str | None = None
    unmatched_params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportResult:
    """Payments matched to an invoice, kept unmatched for a person, and found already imported."""

    matched: list[ImportedPayment]
    unmatched: list[ImportedPayment]
    already_imported: list[ImportedPayment]


def _invoices_by_ocr(session: Session, references: set[str]) -> dict[str, Invoice]:
    if not references:
        return {}
    invoices = session.execute(select(Invoice).where(
        Invoice.ocr.in_(sorted(references)), Invoice.kind == "invoice", Invoice.status == "issued")).scalars()
    return {invoice.ocr: invoice for invoice in invoices if invoice.ocr}


def _match(deposit: BgMaxDeposit, payment: BgMaxPayment, invoices: dict[str, Invoice]) -> Match[Invoice]:
    match = match_payment(payment, invoices)
    invoice = match.target
    if invoice is not None and invoice.currency != deposit.currency:
        return Match(None, unmatched_code="payment_currency_mismatch", unmatched_params={
            "currency": deposit.currency, "invoice_number": invoice_number(invoice),
            "invoice_currency": invoice.currency})
    return match


def _store(session: Session, payment: Payment) -> bool:
    """Insert inside a savepoint; False when its import key is already stored (by an earlier or a racing import)."""
    try:
        with session.begin_nested():
            session.add(payment)
    except IntegrityError:
        return False
    return True


def import_bgmax(data: bytes, *, actor: Actor) -> ImportResult:
    """Import a BgMax file: every payment stored once, matched by OCR to an issued invoice or kept unmatched.

    :raise InvalidInput: (field `file`) the file does not read as BgMax, naming the line; nothing is imported.
    """
    require_role(actor, *FINANCE_ROLES)
    try:
        bank_file = parse_bgmax(data)
    except BgMaxRefused as refusal:
        raise InvalidInput.single("file", refusal.code, **refusal.params) from None
    if bank_file.header.is_test:
        raise InvalidInput.single("file", "bgmax_test_file", line=1)
    keyed = import_keys(bank_file)
    matched: list[ImportedPayment] = []
    unmatched: list[ImportedPayment] = []
    already: list[ImportedPayment] = []
    with write_transaction() as session:
        stored = set(session.execute(select(Payment.import_key).where(
            Payment.import_key.in_([key for key, _, _ in keyed]))).scalars()) if keyed else set()
        invoices = _invoices_by_ocr(session, {ref.strip() for _, _, payment in keyed
                                              for ref in payment_references(payment)})
        now = utcnow()
        for key, deposit, payment in keyed:
            seen = ImportedPayment(payment.line, key, payment.amount_minor, deposit.currency, deposit.payment_date,
                                   payment.reference.strip(), payment.payer.name.strip())
            if key in stored:
                already.append(seen)
                continue
            match = _match(deposit, payment, invoices)
            invoice = match.target
            params = json_params(match.unmatched_params or {})
            row = Payment(
                source="bgmax", import_key=key, invoice_id=invoice.id if invoice else None,
                customer_id=invoice.customer_id if invoice else None, amount_minor=payment.amount_minor,
                currency=deposit.currency, paid_on=deposit.payment_date,
                reference=payment.reference.strip()[:100] or None, unmatched_code=match.unmatched_code,
                unmatched_params=json.dumps(params) if match.unmatched_code else None,
                sender_bankgiro=payment.sender_bankgiro, payer_name=payment.payer.name.strip()[:80] or None,
                created_at=now, created_by=actor.id,
            )
            if not _store(session, row):
                already.append(seen)
                continue
            result = ImportedPayment(**{**vars(seen), "payment_id": row.id,
                                        "invoice_id": invoice.id if invoice else None,
                                        "invoice_number": invoice_number(invoice) if invoice else None,
                                        "unmatched_code": match.unmatched_code, "unmatched_params": params})
            (matched if invoice else unmatched).append(result)
    return ImportResult(matched, unmatched, already)


def _payable_invoice(session: Session, invoice_id: int) -> Invoice:
    invoice = session.execute(select(Invoice).where(Invoice.id == invoice_id).with_for_update()).scalar_one_or_none()
    if invoice is None:
        raise NotFound(code="invoice_not_found", invoice_id=invoice_id)
    if invoice.kind != "invoice" or invoice.status != "issued":
        raise Conflict(code="payment_not_payable", invoice_id=invoice_id)
    return invoice


def _reason(errors: FieldErrors, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        errors.add("reason", "reason_required")
        return ""
    if len(value) > MAX_TEXT:
        errors.add("reason", "too_long", max_length=MAX_TEXT)
    return value.strip()


def _signed_amount(errors: FieldErrors, text: object, currency: str) -> int:
    negative = isinstance(text, str) and text.strip().startswith("-")
    unsigned = text.strip()[1:] if negative else text  # type: ignore[union-attr]
    try:
        minor = parse_amount(unsigned, currency, "amount").minor
    except InvalidInput as error:
        errors.merge(error)
        return 0
    if minor == 0:
        errors.add("amount", "payment_amount_zero")
    return -minor if negative else minor


def record_payment(invoice_id: int, data: dict[str, Any], *, actor: Actor) -> Payment:
    """Record a payment by hand (Swish, a transfer): `amount` (a decimal string; negative reverses an earlier
    payment), `paid_on`, `reference?`, `reason`.

    :raise NotFound: no such invoice.  :raise Conflict: not an issued invoice.  :raise InvalidInput: bad fields.
    """
    require_role(actor, *FINANCE_ROLES)
    with write_transaction() as session:
        invoice = _payable_invoice(session, invoice_id)
        errors = FieldErrors()
        amount_minor = _signed_amount(errors, data.get("amount"), invoice.currency)
        reason = _reason(errors, data.get("reason"))
        paid_on = data.get("paid_on")
        if not isinstance(paid_on, date):
            errors.add("paid_on", "not_a_date")
        elif paid_on > today():
            errors.add("paid_on", "payment_in_future", paid_on=paid_on)
        reference = data.get("reference") or None
        if reference is not None and (not isinstance(reference, str) or len(reference) > 100):
            errors.add("reference", "too_long", max_length=100)
        errors.raise_if_any()
        if amount_minor < 0:
            paid = paid_by_invoice(session, [invoice.id]).get(invoice.id, 0)
            if paid + amount_minor < 0:
                raise InvalidInput.single("amount", "payment_reversal_too_large",
                                          invoice_number=invoice_number(invoice), paid=format_minor(paid))
        payment = Payment(source="manual", invoice_id=invoice.id, customer_id=invoice.customer_id,
                          amount_minor=amount_minor, currency=invoice.currency, paid_on=paid_on,
                          reference=reference.strip() if reference else None, reason=reason,
                          created_at=utcnow(), created_by=actor.id)
        session.add(payment)
        session.flush()
    return payment


def assign_payment(payment_id: int, invoice_id: int, reason: object, *, actor: Actor) -> PaymentAssignment:
    """A person decides which invoice an unmatched bank payment pays; the decision is kept as a fact of its own.

    :raise NotFound: no such payment or invoice.  :raise Conflict: the payment already belongs to an invoice, or
    the invoice is not issued.  :raise InvalidInput: no reason, or another currency.
    """
    require_role(actor, *FINANCE_ROLES)
    with write_transaction() as session:
        payment = session.get(Payment, payment_id)
        if payment is None:
            raise NotFound(code="payment_not_found", payment_id=payment_id)
        invoice = _payable_invoice(session, invoice_id)
        errors = FieldErrors()
        text = _reason(errors, reason)
        if invoice.currency != payment.currency:
            errors.add("invoice_id", "payment_currency_mismatch", currency=payment.currency,
                       invoice_number=invoice_number(invoice), invoice_currency=invoice.currency)
        errors.raise_if_any()
        taken = session.execute(select(PaymentAssignment.id).where(PaymentAssignment.payment_id == payment_id)).first()
        if payment.invoice_id is not None or taken:
            raise Conflict(code="payment_already_assigned", payment_id=payment_id)
        assignment = PaymentAssignment(payment_id=payment_id, invoice_id=invoice.id, reason=text,
                                       assigned_at=utcnow(), assigned_by=actor.id)
        try:
            with session.begin_nested():
                session.add(assignment)
        except IntegrityError:
            raise Conflict(code="payment_already_assigned", payment_id=payment_id) from None
    return assignment
