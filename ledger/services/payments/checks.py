"""What every payment use case checks: the invoice paid, the reason given, the amount and the day's exchange rate."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain.billing.exchange_rates import NATIONAL_CURRENCY, ExchangeRate
from ledger.domain.errors import Conflict, FieldErrors, InvalidInput
from ledger.domain.money import parse_amount
from ledger.domain.problems import N_, define_messages
from ledger.models import Invoice
from ledger.services.billing.exchange_rates import rate_for_issue
from ledger.services.errors import NotFound

MESSAGES = define_messages({
    "payment_not_payable": N_("Invoice %(invoice_id)s is not an issued invoice; only issued invoices are paid."),
    "payment_amount_zero": N_("A payment cannot be zero."),
    "payment_in_future": N_("The payment date %(paid_on)s is after today."),
    "invoice_not_found": N_("Invoice %(invoice_id)s does not exist."),
})

MAX_TEXT = 1000


def payable_invoice(session: Session, invoice_id: int) -> Invoice:
    """The issued invoice, its row locked: payments to one invoice queue, so each sees what the others paid.

    :raise NotFound: no such invoice.  :raise Conflict: a draft or a credit note.
    """
    invoice = session.execute(select(Invoice).where(Invoice.id == invoice_id).with_for_update()
                              .execution_options(populate_existing=True)).scalar_one_or_none()
    if invoice is None:
        raise NotFound(code="invoice_not_found", invoice_id=invoice_id)
    if invoice.kind != "invoice" or invoice.status != "issued":
        raise Conflict(code="payment_not_payable", invoice_id=invoice_id)
    return invoice


def reason_text(errors: FieldErrors, value: object, field: str = "reason") -> str:
    """The reason given, trimmed; "reason_required" when there is none."""
    if not isinstance(value, str) or not value.strip():
        errors.add(field, "reason_required")
        return ""
    if len(value) > MAX_TEXT:
        errors.add(field, "too_long", max_length=MAX_TEXT)
    return value.strip()


def signed_amount(errors: FieldErrors, text: object, currency: str) -> int:
    """A decimal string in minor units of `currency`; "-950,00" is negative; 0 is refused."""
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


def checked_day(errors: FieldErrors, value: object, today: date, field: str = "paid_on") -> date:
    """A day no later than today."""
    if not isinstance(value, date):
        errors.add(field, "not_a_date")
        return today
    if value > today:
        errors.add(field, "payment_in_future", paid_on=value)
    return value


def day_rate(session: Session, currency: str, day: date) -> ExchangeRate | None:
    """The exchange rate a movement in `currency` on `day` is booked at (None for SEK).

    :raise Conflict: `exchange_rate_missing` when no rate is on file on or before that day.
    """
    return None if currency == NATIONAL_CURRENCY else rate_for_issue(session, currency, day)
