"""The staff pages' blueprint, and its customer pages: the list with balances, a new customer, one customer."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from ledger.domain.errors import Conflict, InvalidInput
from ledger.services.customers import customers as customer_service
from ledger.services.support import case_reads
from ledger.web.access import STAFF, actor, roles_required
from ledger.web.accounts import staff as account_pages
from ledger.web.customers import contacts as staff_contacts
from ledger.web.customers import records as staff_customers
from ledger.web.customers.forms import CustomerForm
from ledger.web.customers.page import customer_page
from ledger.web.errors import describe
from ledger.web.forms import show_service_errors
from ledger.web.mail import outbox as outbox_page
from ledger.web.paging import paginate
from ledger.web.support import queues as case_queues
from ledger.web.support import staff as staff_cases
from ledger.web.support import team_report as team_report_pages
from ledger.web.work import staff as staff_tasks

bp = Blueprint("staff", __name__, url_prefix="/staff")
staff_tasks.register(bp)
staff_cases.register(bp)
case_queues.register(bp)
team_report_pages.register(bp)
staff_customers.register(bp)
account_pages.register(bp)
outbox_page.register(bp)


@bp.route("/customers")
@roles_required(*STAFF)
def customers() -> Any:
    """Customers with their balances, and the cases at risk or breached; `q` searches name and org number."""
    query = request.args.get("q", "").strip()[:200]
    found = customer_service.list_customers(actor=actor(), search=query or None)
    return render_template("staff/customers.html", customers=paginate(found, request.args), query=query,
                           attention=case_reads.needing_attention(actor=actor()),
                           names={customer.id: customer.name for customer in
                                  (customer_service.list_customers(actor=actor()) if query else found)})


@bp.route("/customers/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def new_customer() -> Any:
    """Create a customer with an empty service account; bad fields are marked and nothing is created."""
    form = CustomerForm()
    status = 200
    if form.validate_on_submit():
        try:
            customer = customer_service.create_customer(form.service_data(), actor=actor())
        except InvalidInput as error:
            show_service_errors(form, error)
            status = 422
        except Conflict as error:
            field = form.org_number if error.code == "duplicate_customer" else None
            if field is not None:
                field.errors = [*field.errors, describe(error)]
            else:
                flash(describe(error), "error")
            status = 409
        else:
            flash(gettext("Customer %(name)s was created.", name=customer.name), "success")
            return redirect(url_for("staff.customer", customer_id=customer.id), code=303)
    elif form.is_submitted():
        status = 422
    return render_template("staff/customer_new.html", form=form), status


@bp.route("/customers/<int:customer_id>")
@roles_required(*STAFF)
def customer(customer_id: int) -> Any:
    """A customer's balance, terms, notices, recent tasks and ledger entries.

    :raise 404: unknown customer.
    """
    return customer_page(customer_id)


staff_contacts.register(bp, customer_page)
