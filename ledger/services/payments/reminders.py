"""Payment reminders (DESIGN §14): one mail per overdue invoice, again at most every 14 days, to the billing
recipients, in their language, with the OCR number and what is outstanding.

`queue_reminders` is safe to run as often as anyone likes, also twice at once: the n-th reminder of an invoice
is a row unique per invoice and number (PaymentReminder), written in the same transaction as its mails, so two
runs that both find it due end with one reminder and one mail per recipient.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ledger.domain.formatting import invoice_number
from ledger.domain.payments.matching import ReminderDue, reminder_due
from ledger.extensions import db
from ledger.models import Customer, PaymentReminder
from ledger.services.access import SYSTEM
from ledger.services.clock import utcnow
from ledger.services.customers.recipients import billing_recipients
from ledger.services.mail.outbox import queue_mail
from ledger.services.payments.reads import InvoiceWithPayment, open_invoices
from ledger.services.payments.reads import today as stockholm_today
from ledger.services.settings import current_settings
from ledger.services.tx import write_transaction

REMINDER = "invoice_reminder"


@dataclass
class ReminderRun:
    """What one run did: invoices reminded now, invoices already reminded (by this run's twin), none to send to."""

    reminded: list[int] = field(default_factory=list)
    already_reminded: list[int] = field(default_factory=list)
    without_recipient: list[int] = field(default_factory=list)
    messages: int = 0


def _reminded_on(invoice_ids: list[int]) -> dict[int, list[date]]:
    days: dict[int, list[date]] = defaultdict(list)
    if invoice_ids:
        for invoice_id, day in db.session.execute(select(PaymentReminder.invoice_id, PaymentReminder.reminded_on)
                                                  .where(PaymentReminder.invoice_id.in_(invoice_ids))):
            days[invoice_id].append(day)
    return days


def _queue_one(session: Session, invoice: InvoiceWithPayment, due: ReminderDue, day: date) -> int | None:
    """Write the reminder and its mails; None when another run wrote this reminder first."""
    try:
        with session.begin_nested():
            session.add(PaymentReminder(invoice_id=invoice.id, sequence=due.sequence, reminded_on=day,
                                        outstanding_minor=invoice.outstanding_minor, created_at=utcnow()))
    except IntegrityError:
        return None
    customer = session.get_one(Customer, invoice.customer_id)
    seller = current_settings().seller
    params = {"invoice_number": invoice_number(invoice), "ocr": invoice.ocr, "due_date": invoice.due_date,
              "days_overdue": invoice.days_overdue, "outstanding_minor": invoice.outstanding_minor,
              "to_pay_minor": invoice.to_pay_minor, "paid_minor": invoice.paid_minor, "currency": invoice.currency,
              "customer_name": invoice.buyer_name, "bankgiro": seller.bankgiro, "seller_name": seller.name,
              "seller_email": seller.email, "sequence": due.sequence}
    queued = 0
    for index, recipient in enumerate(billing_recipients(session, customer), start=1):
        message = queue_mail(session, kind=REMINDER, recipient=recipient.email, language=recipient.language,
                             template="invoice_reminder", params=params, customer_id=customer.id,
                             dedupe_key=f"{due.dedup_key}:{index}", attachment_invoice_id=invoice.id)
        queued += message is not None
    return queued


def queue_reminders(today: date | None = None) -> ReminderRun:
    """Queue the reminders due on `today` (default: today in Stockholm), one short transaction per invoice."""
    day = today or stockholm_today()
    run = ReminderRun()
    overdue = open_invoices(actor=SYSTEM, on=day, overdue_only=True)
    reminded_on = _reminded_on([invoice.id for invoice in overdue])
    for invoice in overdue:
        due = reminder_due(invoice.id, invoice.payment, reminded_on.get(invoice.id, []), day)  # type: ignore[arg-type]
        if due is None:
            continue
        customer = db.session.get_one(Customer, invoice.customer_id)
        if not billing_recipients(db.session, customer):
            run.without_recipient.append(invoice.id)
            continue
        with write_transaction() as session:
            queued = _queue_one(session, invoice, due, day)
        if queued is None:
            run.already_reminded.append(invoice.id)
        else:
            run.reminded.append(invoice.id)
            run.messages += queued
    return run
