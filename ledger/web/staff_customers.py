"""Staff pages about one customer beyond its main page: editing its terms and address."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext, lazy_gettext as _l

from ledger.domain.errors import Conflict, InvalidInput
from ledger.services import customer_edits, customers as customer_service
from ledger.web.access import STAFF, actor, roles_required
from ledger.web.errors import describe
from ledger.web.staff_forms import CustomerTermsForm, show_service_errors


#: What the history calls each field a customer edit can change.
TERM_LABELS = {
    "name": _l("Name"), "vat_number": _l("VAT number"), "email": _l("Invoice e-mail address"),
    "address": _l("Address"), "invoice_reference": _l("Your reference (on invoices)"),
    "language": _l("Invoice language"), "hourly_rate": _l("Hourly rate"), "monthly_fee": _l("Monthly fee"),
    "billing_increment_minutes": _l("Billing increment"), "overdraft_limit_minutes": _l("Overdraft limit"),
    "low_balance_minutes": _l("Low-balance notice below"),
}


def history(customer_id: int) -> dict[str, Any]:
    """What the customer page needs to show the changes to the terms."""
    return {"changes": customer_edits.list_customer_changes(customer_id, actor=actor()), "term_labels": TERM_LABELS}


def register(bp: Blueprint) -> None:
    """Add the customer edit page to the staff blueprint."""
    bp.add_url_rule("/customers/<int:customer_id>/edit", view_func=edit_customer, methods=["GET", "POST"])


@roles_required(*STAFF)
def edit_customer(customer_id: int) -> Any:
    """Change a customer's terms and address; each changed field goes into the customer's history.

    :raise 404: unknown customer.
    """
    who = actor()
    customer = customer_service.get_customer(customer_id, actor=who)
    form = CustomerTermsForm(data=customer_edits.customer_as_input(customer))
    status = 200
    if customer.status != "active":
        # Shown, not redirected: the page says why, and a stale form posted after closing is a conflict.
        return render_template("staff/customer_edit.html", form=form, customer=customer), (
            409 if form.is_submitted() else 200)
    if form.validate_on_submit():
        try:
            changes = customer_edits.update_customer(customer.id, form.service_data(), actor=who)
        except InvalidInput as error:
            show_service_errors(form, error)
            status = 422
        except Conflict as error:
            flash(describe(error), "error")
            status = 409
        else:
            if changes:
                flash(gettext("The changes were saved and added to the customer's history."), "success")
            else:
                flash(gettext("Nothing was changed."), "notice")
            return redirect(url_for("staff.customer", customer_id=customer.id), code=303)
    elif form.is_submitted():
        status = 422
    return render_template("staff/customer_edit.html", form=form, customer=customer), status
