"""What the invoice page shows of the money: payments with their reversal and refund, write-offs,
reminders, and the forms that record them."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext

from ledger.domain.billing.exchange_rates import NATIONAL_CURRENCY
from ledger.models import Invoice, Payment
from ledger.services.payments import reads as payment_reads
from ledger.services.payments.reads import InvoiceWithPayment
from ledger.services.settings import finance_settings
from ledger.web.access import actor
from ledger.web.payments.forms import PaymentForm, ReasonForm, RefundForm, method_label


def payment_kind_label(payment: Payment) -> str:
    """What a payment row is, in the page's language."""
    if payment.kind == "reversal":
        return gettext("Reversal")
    if payment.kind == "refund":
        return gettext("Refund")
    return gettext("Bank file") if payment.source == "bgmax" else gettext("Payment")


def empty_forms(invoice: Invoice, payments: list[Payment]) -> dict[str, Any]:
    """Every form of the money section, empty."""
    return {"payment_form": PaymentForm(formdata=None, prefix="payment"),
            "write_off_form": ReasonForm(formdata=None, prefix="write-off"),
            "reverse_forms": {p.id: ReasonForm(formdata=None, prefix=f"reverse-{p.id}") for p in payments},
            "refund_forms": {p.id: RefundForm(formdata=None, prefix=f"refund-{p.id}") for p in payments}}


def money_context(invoice: Invoice, view: InvoiceWithPayment, **failed: Any) -> dict[str, Any]:
    """The invoice page's money section: rows, what may be done to each, and the forms (`failed` replaces a form
    that came back with errors: payment_form, write_off_form, or reverse_forms / refund_forms by payment)."""
    if view.payment is None:
        return {"money": None}
    payments = payment_reads.payments_of(invoice.id, actor=actor())
    reversed_ids = {payment.reverses_payment_id for payment in payments if payment.reverses_payment_id}
    status = view.payment
    forms = empty_forms(invoice, payments)
    for name, form in failed.items():
        if isinstance(form, tuple):  # (payment id, form) of a per-payment form
            forms[name][form[0]] = form[1]
        else:
            forms[name] = form
    limit = finance_settings().write_off_limit_minor
    return {"money": {
        "payments": payments, "reversible": {p.id for p in payments if p.kind == "payment" and p.source == "manual"
                                             and p.id not in reversed_ids},
        "refundable": {p.id for p in payments if p.kind == "payment"} if status.credit_minor > 0 else set(),
        "overpaid_minor": status.credit_minor, "write_offs": payment_reads.write_offs_of(invoice.id),
        "reminders": payment_reads.reminders_of([invoice.id])[invoice.id],
        "write_off_limit_minor": limit,
        "can_write_off": 0 < status.outstanding_minor and (invoice.currency != NATIONAL_CURRENCY
                                                           or status.outstanding_minor <= limit),
        "overdue": status.status == "overdue", "kind_label": payment_kind_label, "method_label": method_label,
        **forms,
    }}
