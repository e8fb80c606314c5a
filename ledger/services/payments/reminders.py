"""Payment reminders (docs/payments.md): one mail per overdue invoice, again at most every 14 days, to the billing
recipients, in their language, with how to pay (bankgiro and OCR; IBAN, BIC and the invoice number for EUR; both for
a SEK buyer abroad), what is outstanding and the reminder fee (REMINDER_FEE) charged on the next invoice.

A reminder is dated the day it is sent, never another. `queue_reminders` is safe to run as often as anyone likes,
also twice at once: the n-th reminder of an invoice is a row unique per invoice and number (PaymentReminder),
written in the same transaction as its mails, so two runs that both find it due end with one reminder and one mail
per recipient. Finance also sends one invoice's reminder from its page (`send_reminder`), at most one a day.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ledger.domain.billing.exchange_rates import NATIONAL_CURRENCY, RATE_SCALE
from ledger.domain.billing.invoicing import divide_half_up
from ledger.domain.errors import Conflict, InvalidInput
from ledger.domain.formatting import invoice_number
from ledger.domain.payments.matching import OVERDUE, ReminderDue, reminder_due, reminder_key
from ledger.domain.problems import N_, define_messages
from ledger.extensions import db
from ledger.models import Customer, PaymentReminder
from ledger.services.access import FINANCE_ROLES, SYSTEM, Actor, require_role
from ledger.services.billing.exchange_rates import rate_for_issue
from ledger.services.billing.mail import payment_details
from ledger.services.billing.reads import get_invoice
from ledger.services.clock import utcnow
from ledger.services.customers.recipients import billing_recipients
from ledger.services.mail.outbox import queue_mail
from ledger.services.payments.reads import InvoiceWithPayment, open_invoices, with_payment
from ledger.services.payments.reads import today as stockholm_today
from ledger.services.settings import current_settings, finance_settings
from ledger.services.tx import write_transaction

REMINDER = "invoice_reminder"
MESSAGES = define_messages({
    "reminder_date_in_future": N_("%(date)s is after today (%(today)s): reminders are sent as of today or an "
                                  "earlier day, and are dated the day they are sent."),
    "reminder_not_overdue": N_("Invoice %(invoice_number)s is not overdue: there is nothing to remind."),
    "reminder_sent_today": N_("Invoice %(invoice_number)s was reminded today already."),
    "reminder_without_recipient": N_("Invoice %(invoice_number)s has no one to remind: the customer has no "
                                     "contract manager and no invoice e-mail."),
})


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


def _fee_minor(session: Session, currency: str, day: date) -> int:
    """REMINDER_FEE in the invoice's currency: kronor as they are, another currency at the day's rate (no fee
    while no rate is on file)."""
    fee = finance_settings().reminder_fee_minor
    if currency == NATIONAL_CURRENCY or not fee:
        return fee
    try:
        rate = rate_for_issue(session, currency, day)
    except Conflict:
        return 0
    return divide_half_up(fee * RATE_SCALE, rate.rate_micro)


def _queue_one(session: Session, invoice: InvoiceWithPayment, due: ReminderDue, day: date,
               actor: Actor) -> int | None:
    """Write the reminder and its mails; None when another run wrote this reminder first."""
    customer = session.get_one(Customer, invoice.customer_id)
    recipients = billing_recipients(session, customer)
    fee = _fee_minor(session, invoice.currency, day)
    try:
        with session.begin_nested():
            session.add(PaymentReminder(invoice_id=invoice.id, sequence=due.sequence, reminded_on=day,
                                        outstanding_minor=invoice.outstanding_minor, created_at=utcnow(),
                                        sent_to="\n".join(recipient.email for recipient in recipients),
                                        fee_minor=fee, created_by=actor.id))
    except IntegrityError:
        return None
    seller = current_settings().seller
    params = {"invoice_number": invoice_number(invoice), "due_date": invoice.due_date,
              "days_overdue": invoice.days_overdue, "outstanding_minor": invoice.outstanding_minor,
              "to_pay_minor": invoice.to_pay_minor, "paid_minor": invoice.paid_minor, "currency": invoice.currency,
              "customer_name": invoice.buyer_name, "seller_name": seller.name, "seller_email": seller.email,
              "sequence": due.sequence, "fee_minor": fee, **payment_details(invoice.invoice)}
    queued = 0
    for index, recipient in enumerate(recipients, start=1):
        message = queue_mail(session, kind=REMINDER, recipient=recipient.email, language=recipient.language,
                             template="invoice_reminder", params=params, customer_id=customer.id,
                             dedupe_key=f"{due.dedup_key}:{index}", attachment_invoice_id=invoice.id)
        queued += message is not None
    return queued


def due_reminders(as_of: date | None = None, *,
                  actor: Actor = SYSTEM) -> list[tuple[InvoiceWithPayment, ReminderDue]]:
    """The reminders due today: invoices overdue on `as_of` (default today, never later) not reminded in the last
    14 days, with the number their reminder takes (finance, admin).

    :raise InvalidInput: (field `date`) `as_of` is after today.
    """
    require_role(actor, *FINANCE_ROLES)
    day = stockholm_today()
    as_of = as_of or day
    if as_of > day:
        raise InvalidInput.single("date", "reminder_date_in_future", date=as_of, today=day)
    overdue = open_invoices(actor=SYSTEM, on=as_of, overdue_only=True)
    reminded_on = _reminded_on([invoice.id for invoice in overdue])
    found = []
    for invoice in overdue:
        due = reminder_due(invoice.id, invoice.payment, reminded_on.get(invoice.id, []), day)  # type: ignore[arg-type]
        if due is not None:
            found.append((invoice, due))
    return found


def queue_reminders(as_of: date | None = None, *, actor: Actor = SYSTEM) -> ReminderRun:
    """Queue every reminder that is due (`due_reminders`), each dated today, in a short transaction of its own.

    :raise InvalidInput: (field `date`) `as_of` is after today.
    """
    day = stockholm_today()
    run = ReminderRun()
    for invoice, due in due_reminders(as_of, actor=actor):
        customer = db.session.get_one(Customer, invoice.customer_id)
        if not billing_recipients(db.session, customer):
            run.without_recipient.append(invoice.id)
            continue
        with write_transaction() as session:
            queued = _queue_one(session, invoice, due, day, actor)
        if queued is None:
            run.already_reminded.append(invoice.id)
        else:
            run.reminded.append(invoice.id)
            run.messages += queued
    return run


def send_reminder(invoice_id: int, *, actor: Actor) -> PaymentReminder:
    """Send one overdue invoice's reminder now, whenever the last one was (but not twice a day).

    :raise NotFound: no such invoice.  :raise Conflict: not overdue, reminded today, or no one to send to.
    """
    require_role(actor, *FINANCE_ROLES)
    day = stockholm_today()
    invoice = with_payment(get_invoice(invoice_id, actor=actor), day)
    number = invoice_number(invoice)
    if invoice.payment_status != OVERDUE:
        raise Conflict(code="reminder_not_overdue", invoice_number=number)
    earlier = _reminded_on([invoice.id])[invoice.id]
    if day in earlier:
        raise Conflict(code="reminder_sent_today", invoice_number=number)
    if not billing_recipients(db.session, db.session.get_one(Customer, invoice.customer_id)):
        raise Conflict(code="reminder_without_recipient", invoice_number=number)
    sequence = len(earlier) + 1
    with write_transaction() as session:
        if _queue_one(session, invoice, ReminderDue(sequence, reminder_key(invoice.id, sequence)), day, actor) is None:
            raise Conflict(code="reminder_sent_today", invoice_number=number)
    return db.session.execute(select(PaymentReminder).where(PaymentReminder.invoice_id == invoice.id,
                                                           PaymentReminder.sequence == sequence)).scalar_one()
