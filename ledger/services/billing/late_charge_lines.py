"""Reminder fees and late-payment interest as lines of the customer's next invoice, outside VAT.

Each line names the invoice it comes from. A fee or an interest is charged once: it is pending while no line of an
invoice (draft or issued) charges it, or the line that did was credited in full. Interest is known once the
late invoice is paid in full (ledger.domain.billing.late_charges) and is charged only when it reaches
MIN_INTEREST (in kronor; an EUR amount is compared at the latest rate).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased

from ledger.domain.billing.exchange_rates import NATIONAL_CURRENCY
from ledger.domain.billing.late_charges import LateInterest, ReferenceRate, late_interest
from ledger.domain.errors import Conflict
from ledger.domain.formatting import invoice_number
from ledger.models import Invoice, InvoiceLine, Payment, PaymentAssignment, PaymentReminder, WriteOff
from ledger.models import ReferenceRate as ReferenceRateRecord
from ledger.services.billing.exchange_rates import rate_for_issue
from ledger.services.settings import finance_settings

_credit = aliased(InvoiceLine)


def _charged(column: object) -> object:
    """There is a line charging it that no credit note credited in full."""
    return exists().where(column, ~exists().where(_credit.credits_line_id == InvoiceLine.id,
                                                  _credit.amount_minor == -InvoiceLine.amount_minor))


def _fee_lines(session: Session, customer_id: int, currency: str) -> list[InvoiceLine]:
    rows = session.execute(
        select(PaymentReminder, Invoice).join(Invoice, Invoice.id == PaymentReminder.invoice_id)
        .where(Invoice.customer_id == customer_id, Invoice.currency == currency, PaymentReminder.fee_minor > 0,
               ~_charged(InvoiceLine.reminder_id == PaymentReminder.id))
        .order_by(PaymentReminder.id)
    ).all()
    return [InvoiceLine(
        kind="reminder_fee", reminder_id=reminder.id, unit_price_minor=reminder.fee_minor,
        amount_minor=reminder.fee_minor,
        description_sv=f"Påminnelseavgift {invoice_number(invoice)}, påminnelse {reminder.reminded_on.isoformat()}",
        description_en=f"Reminder fee {invoice_number(invoice)}, reminder of {reminder.reminded_on.isoformat()}",
    ) for reminder, invoice in rows]


def _movements(session: Session, invoice_ids: list[int]) -> dict[int, list[tuple[date, int]]]:
    """Each invoice's payments, reversals and refunds (also assigned ones), as (day, amount)."""
    moves: dict[int, list[tuple[date, int]]] = defaultdict(list)
    direct = select(Payment.invoice_id, Payment.paid_on, Payment.amount_minor).where(
        Payment.invoice_id.in_(invoice_ids))
    assigned = select(PaymentAssignment.invoice_id, Payment.paid_on, Payment.amount_minor).join(
        Payment, Payment.id == PaymentAssignment.payment_id).where(PaymentAssignment.invoice_id.in_(invoice_ids))
    for statement in (direct, assigned):
        for invoice_id, day, amount in session.execute(statement):
            moves[invoice_id].append((day, int(amount)))
    return moves


def _credited(session: Session, invoice_ids: list[int]) -> dict[int, int]:
    """What credit notes took off each invoice (a credit corrects the amount owed from the start)."""
    rows = session.execute(select(Invoice.credited_invoice_id, Invoice.to_pay_minor).where(
        Invoice.credited_invoice_id.in_(invoice_ids), Invoice.status == "issued"))
    credited: dict[int, int] = defaultdict(int)
    for invoice_id, to_pay in rows:
        credited[invoice_id] -= int(to_pay)
    return credited


def _interest_candidates(session: Session, customer_id: int, currency: str) -> list[Invoice]:
    """Issued invoices of the customer paid (at least in part) after their due date, not written off, whose
    interest is not charged yet."""
    late_payment = exists().where(Payment.invoice_id == Invoice.id, Payment.paid_on > Invoice.due_date)
    late_assigned = exists().where(PaymentAssignment.invoice_id == Invoice.id,
                                   Payment.id == PaymentAssignment.payment_id, Payment.paid_on > Invoice.due_date)
    return list(session.execute(
        select(Invoice).where(
            Invoice.customer_id == customer_id, Invoice.currency == currency, Invoice.kind == "invoice",
            Invoice.status == "issued", late_payment | late_assigned,
            ~exists().where(WriteOff.invoice_id == Invoice.id),
            ~_charged(InvoiceLine.interest_invoice_id == Invoice.id))
        .order_by(Invoice.issue_date, Invoice.number)
    ).scalars())


def _in_sek(session: Session, amount_minor: int, currency: str, day: date) -> int | None:
    if currency == NATIONAL_CURRENCY:
        return amount_minor
    try:
        return rate_for_issue(session, currency, day).to_sek_minor(amount_minor)
    except Conflict:  # no rate on file yet: the interest waits for one
        return None


def interest_of(invoice: Invoice, movements: Iterable[tuple[date, int]], rates: list[ReferenceRate],
                credited_minor: int = 0) -> LateInterest | None:
    """The late-payment interest an invoice paid in full after its due date owes, or None (none, or no reference
    rate on file for a day it was late)."""
    owed = invoice.to_pay_minor - credited_minor
    if owed <= 0 or invoice.due_date is None:
        return None
    try:
        return late_interest(to_pay_minor=owed, due_on=invoice.due_date, movements=movements, rates=rates,
                             points_bp=finance_settings().late_interest_points_bp)
    except ValueError:
        return None


def reference_rates(session: Session) -> list[ReferenceRate]:
    """Every reference rate on file."""
    return [ReferenceRate(valid_from, rate_bp) for valid_from, rate_bp in session.execute(
        select(ReferenceRateRecord.valid_from, ReferenceRateRecord.rate_bp))]


def _interest_lines(session: Session, customer_id: int, currency: str, today: date) -> list[InvoiceLine]:
    candidates = _interest_candidates(session, customer_id, currency)
    if not candidates:
        return []
    ids = [invoice.id for invoice in candidates]
    moves, credited, rates, lines = _movements(session, ids), _credited(session, ids), reference_rates(session), []
    for invoice in candidates:
        interest = interest_of(invoice, moves[invoice.id], rates, credited[invoice.id])
        if interest is None or not interest.amount_minor:
            continue
        in_sek = _in_sek(session, interest.amount_minor, currency, today)
        if in_sek is None or in_sek < finance_settings().min_interest_minor:
            continue
        number = invoice_number(invoice)
        lines.append(InvoiceLine(
            kind="late_interest", interest_invoice_id=invoice.id, unit_price_minor=interest.amount_minor,
            amount_minor=interest.amount_minor,
            description_sv=f"Dröjsmålsränta {number}, {interest.days} dagar",
            description_en=f"Late payment interest {number}, {interest.days} days",
        ))
    return lines


def late_charge_lines(session: Session, customer_id: int, currency: str, today: date) -> list[InvoiceLine]:
    """The reminder fees and late-payment interest the customer's next invoice (in `currency`) charges."""
    return _fee_lines(session, customer_id, currency) + _interest_lines(session, customer_id, currency, today)
