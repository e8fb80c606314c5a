"""The money on an invoice's page: record a payment, reverse one, refund an over-payment, write off a
remainder, send a reminder. A refusal is said on the invoice's page, a bad field marked on its form (422)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect
from flask_babel import gettext
from wtforms.validators import ValidationError

from ledger.domain.errors import DomainError, InvalidInput
from ledger.formatting import money
from ledger.services.billing.reads import get_invoice
from ledger.services.payments import by_hand
from ledger.services.payments.reads import invoice_id_of_payment
from ledger.services.payments.reminders import send_reminder
from ledger.web.access import FINANCE, actor, roles_required
from ledger.web.billing.invoice import review_page
from ledger.web.billing.links import invoice_url, refused
from ledger.web.errors import apply_field_errors
from ledger.web.payments.forms import PaymentForm, ReasonForm, RefundForm


def register(bp: Blueprint) -> None:
    """Add these actions to the payments blueprint."""
    bp.add_url_rule("/invoices/<int:invoice_id>/record", view_func=record, methods=["POST"])
    bp.add_url_rule("/invoices/<int:invoice_id>/write-off", view_func=write_off, methods=["POST"])
    bp.add_url_rule("/invoices/<int:invoice_id>/remind", view_func=remind, methods=["POST"])
    bp.add_url_rule("/<int:invoice_payment_id>/reverse", view_func=reverse, methods=["POST"])
    bp.add_url_rule("/<int:invoice_payment_id>/refund", view_func=refund, methods=["POST"])


def _read_amount(form: Any, currency: str) -> bool:
    try:
        form.amount.read(currency)
    except ValidationError as problem:
        form.amount.errors = [*form.amount.errors, str(problem)]
        return False
    return True


def _refused_on_form(form: Any, error: InvalidInput) -> None:
    for problem in apply_field_errors(form, error):
        flash(problem, "error")


@roles_required(*FINANCE)
def record(invoice_id: int) -> Any:
    """Record a payment received by hand (Swish, a transfer, a card) on an issued invoice."""
    invoice = get_invoice(invoice_id, actor=actor())
    form = PaymentForm(prefix="payment")
    if not (form.validate() & _read_amount(form, invoice.currency)):
        return review_page(invoice, 422, payment_form=form)
    try:
        payment = by_hand.record_payment(invoice_id, {
            "amount": form.amount.wire, "paid_on": form.paid_on.data, "method": form.method.data,
            "reference": form.reference.data}, actor=actor())
    except InvalidInput as error:
        _refused_on_form(form, error)
        return review_page(invoice, 422, payment_form=form)
    except DomainError as error:
        return refused(error, invoice_url(invoice_id))
    flash(gettext("A payment of %(amount)s was recorded.", amount=money(payment.amount_minor, payment.currency)),
          "success")
    return redirect(invoice_url(invoice_id), code=303)


@roles_required(*FINANCE)
def reverse(invoice_payment_id: int) -> Any:
    """Take back a payment recorded by mistake, with a reason.

    :raise 404: no payment counted against an invoice has that id.
    """
    payment_id = invoice_payment_id
    invoice = get_invoice(invoice_id_of_payment(payment_id, actor=actor()), actor=actor())
    invoice_id = invoice.id
    form = ReasonForm(prefix=f"reverse-{payment_id}")
    if not form.validate():
        return review_page(invoice, 422, reverse_forms=(payment_id, form))
    try:
        by_hand.reverse_payment(payment_id, form.reason.data, actor=actor())
    except InvalidInput as error:
        _refused_on_form(form, error)
        return review_page(invoice, 422, reverse_forms=(payment_id, form))
    except DomainError as error:
        return refused(error, invoice_url(invoice_id))
    flash(gettext("The payment was reversed."), "success")
    return redirect(invoice_url(invoice_id), code=303)


@roles_required(*FINANCE)
def refund(invoice_payment_id: int) -> Any:
    """Pay back an over-payment (all of it unless an amount is given).

    :raise 404: no payment counted against an invoice has that id.
    """
    payment_id = invoice_payment_id
    invoice = get_invoice(invoice_id_of_payment(payment_id, actor=actor()), actor=actor())
    invoice_id = invoice.id
    form = RefundForm(prefix=f"refund-{payment_id}")
    if not (form.validate() & _read_amount(form, invoice.currency)):
        return review_page(invoice, 422, refund_forms=(payment_id, form))
    try:
        row = by_hand.refund_payment(payment_id, {"amount": form.amount.wire, "method": form.method.data,
                                                  "reference": form.reference.data}, actor=actor())
    except InvalidInput as error:
        _refused_on_form(form, error)
        return review_page(invoice, 422, refund_forms=(payment_id, form))
    except DomainError as error:
        return refused(error, invoice_url(invoice_id))
    flash(gettext("A refund of %(amount)s was recorded.", amount=money(-row.amount_minor, row.currency)), "success")
    return redirect(invoice_url(invoice_id), code=303)


@roles_required(*FINANCE)
def write_off(invoice_id: int) -> Any:
    """Write off what is left of an invoice, at most WRITE_OFF_LIMIT, with a reason."""
    invoice = get_invoice(invoice_id, actor=actor())
    form = ReasonForm(prefix="write-off")
    if not form.validate():
        return review_page(invoice, 422, write_off_form=form)
    try:
        record = by_hand.write_off(invoice_id, form.reason.data, actor=actor())
    except InvalidInput as error:
        _refused_on_form(form, error)
        return review_page(invoice, 422, write_off_form=form)
    except DomainError as error:
        return refused(error, invoice_url(invoice_id))
    flash(gettext("%(amount)s was written off.", amount=money(record.amount_minor, record.currency)), "success")
    return redirect(invoice_url(invoice_id), code=303)


@roles_required(*FINANCE)
def remind(invoice_id: int) -> Any:
    """Send an overdue invoice's reminder now."""
    get_invoice(invoice_id, actor=actor())
    try:
        reminder = send_reminder(invoice_id, actor=actor())
    except DomainError as error:
        return refused(error, invoice_url(invoice_id))
    flash(gettext("A reminder was sent to %(recipients)s.", recipients=", ".join((reminder.sent_to or "").split())),
          "success")
    return redirect(invoice_url(invoice_id), code=303)
