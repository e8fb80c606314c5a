"""Invoices now, and changing a draft's lines, from the pages."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext
from wtforms.validators import ValidationError

from ledger.domain.errors import DomainError, InvalidInput
from ledger.services.billing.drafts import add_line, draft_now, remove_line
from ledger.services.billing.reads import get_invoice
from ledger.services.customers.customers import list_customers
from ledger.web.access import FINANCE, actor, roles_required
from ledger.web.billing.forms import DraftNowForm, LineForm
from ledger.web.billing.invoice import review_page
from ledger.web.billing.links import invoice_url, refused
from ledger.web.errors import apply_field_errors


def register(bp: Blueprint) -> None:
    """Add these pages to the blueprint."""
    bp.add_url_rule("/invoices/draft", view_func=invoice_now, methods=["POST"])
    bp.add_url_rule("/invoices/<int:invoice_id>/lines", view_func=new_line, methods=["POST"])
    bp.add_url_rule("/invoices/<int:invoice_id>/lines/<int:position>/remove", view_func=drop_line, methods=["POST"])


def draft_now_form(formdata: Any = None) -> DraftNowForm:
    """The form that drafts an invoice now, offering the active customers."""
    form = DraftNowForm(formdata=formdata, prefix="now")
    form.customer_id.choices = [(customer.id, customer.name) for customer in list_customers(actor=actor())
                                if customer.closed_at is None]
    return form


@roles_required(*FINANCE)
def invoice_now() -> Any:
    """Draft an invoice now of what a customer bought and is not invoiced yet; shows the draft."""
    form = draft_now_form(request.form)
    back = request.referrer or url_for("finance.overview")
    if not form.validate():
        flash(gettext("Choose the customer to invoice."), "error")
        return redirect(back, code=303)
    try:
        draft = draft_now(form.customer_id.data, actor=actor())
    except DomainError as error:
        return refused(error, back)
    flash(gettext("An invoice was drafted for %(buyer)s: review it, add or remove lines, and issue it.",
                  buyer=draft.buyer_name), "success")
    return redirect(invoice_url(draft.id), code=303)


@roles_required(*FINANCE)
def new_line(invoice_id: int) -> Any:
    """Add a line to a draft; a bad field is marked on the form (422)."""
    draft = get_invoice(invoice_id, actor=actor())
    form = LineForm(prefix="line")
    valid = form.validate()
    try:
        form.unit_price.read(draft.currency)
    except ValidationError as problem:
        form.unit_price.errors = [*form.unit_price.errors, str(problem)]
        valid = False
    if not valid:
        return review_page(draft, 422, line_form=form)
    try:
        add_line(invoice_id, {"description": form.description.data, "quantity": form.quantity.data,
                              "unit": form.unit.data, "unit_price": form.unit_price.wire}, actor=actor())
    except InvalidInput as error:
        for problem in apply_field_errors(form, error):
            flash(problem, "error")
        return review_page(draft, 422, line_form=form)
    except DomainError as error:
        return refused(error, invoice_url(invoice_id))
    flash(gettext("The line was added."), "success")
    return redirect(invoice_url(invoice_id), code=303)


@roles_required(*FINANCE)
def drop_line(invoice_id: int, position: int) -> Any:
    """Take a line off a draft."""
    get_invoice(invoice_id, actor=actor())
    try:
        remove_line(invoice_id, position, actor=actor())
    except DomainError as error:
        return refused(error, invoice_url(invoice_id))
    flash(gettext("Line %(position)s was removed.", position=position), "success")
    return redirect(invoice_url(invoice_id), code=303)
