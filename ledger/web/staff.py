"""Staff pages: customers with balances, a customer's page, hour packages, adjustments and closing."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from ledger.domain.errors import Conflict, InsufficientHours, InvalidInput
from ledger.domain.periods import local_date
from ledger.formatting import hours
from ledger.services import (accounts, agreements, case_reads, contacts, customers as customer_service, notices,
                             outbox_reads, tasks)
from ledger.services.clock import utcnow
from ledger.services.idempotency import IdempotencyKey
from ledger.services.rules import active_catalogue
from ledger.web import staff_cases, staff_contacts, staff_customers, staff_tasks
from ledger.web.access import STAFF, actor, roles_required
from ledger.web.contact_forms import AgreementForm, ContactForm
from ledger.web.confirm import ask_first
from ledger.web.errors import describe
from ledger.web.paging import paginate
from ledger.web.staff_forms import AdjustmentForm, CloseForm, CustomerForm, HourPackageForm, show_service_errors

bp = Blueprint("staff", __name__, url_prefix="/staff")
staff_tasks.register(bp)
staff_cases.register(bp)
staff_customers.register(bp)

@bp.route("/outbox")
@roles_required("admin", "staff", "finance")
def outbox() -> Any:
    """Every message the product sends: queued, sent, and failed with the reason; `status` filters."""
    status = request.args.get("status") or None
    if status not in (None, "queued", "sent", "failed"):
        status = None
    return render_template("staff/outbox.html", messages=outbox_reads.list_outbox(actor=actor(), status=status),
                           counts=outbox_reads.outbox_counts(actor=actor()), status=status)


#: How many recent ledger entries the customer page shows (its tasks are paged).
RECENT = 20
#: Tasks on one page of the customer page; "show all" lists every one.
TASKS_PER_PAGE = 25
#: The most tasks one customer page reads, even with "show all" (the CSV export has every task).
MAX_TASKS_LISTED = 10_000


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


def _customer_page(customer_id: int, *, adjust_form: AdjustmentForm | None = None,
                   close_form: CloseForm | None = None, contact_form: ContactForm | None = None,
                   agreement_form: AgreementForm | None = None, status: int = 200) -> Any:
    """The customer page, with the forms as given (with their errors) or empty."""
    who = actor()
    customer = customer_service.get_customer(customer_id, actor=who)
    missing_roles, recommendations = contacts.customer_role_gaps(customer)
    agreement_form = agreement_form or AgreementForm(formdata=None)
    agreement_form.ensure_key()
    last_seq = customer.account.last_seq
    return render_template(
        "staff/customer.html",
        customer=customer,
        balance=customer.account.balance_minutes,
        notices=notices.open_notices(customer.id),
        tasks=paginate(tasks.list_tasks(actor=who, customer_id=customer.id, limit=MAX_TASKS_LISTED), request.args,
                       TASKS_PER_PAGE),
        entries=list(reversed(accounts.list_entries(customer.id, actor=who, after_seq=max(0, last_seq - RECENT)))),
        catalogue=active_catalogue(),
        agreements=agreements.list_agreements(customer.id, actor=who),
        plan=agreements.plan_in_force(customer.id, local_date(utcnow())).plan,
        adjust_form=adjust_form or AdjustmentForm(formdata=None),
        close_form=close_form or CloseForm(formdata=None),
        contacts=contacts.list_contacts(customer.id, actor=who),
        missing_roles=missing_roles,
        recommendations=recommendations,
        contact_form=contact_form or ContactForm(formdata=None),
        agreement_form=agreement_form,
        **staff_customers.history(customer.id),
    ), status


@bp.route("/customers/<int:customer_id>")
@roles_required(*STAFF)
def customer(customer_id: int) -> Any:
    """A customer's balance, terms, notices, recent tasks and ledger entries.

    :raise 404: unknown customer.
    """
    return _customer_page(customer_id)


@bp.route("/customers/<int:customer_id>/hour-packages", methods=["GET", "POST"])
@roles_required(*STAFF)
def sell_hours(customer_id: int) -> Any:
    """Sell an hour package: the balance rises now, the price is invoiced in the next run.

    :raise 404: unknown customer.
    """
    who = actor()
    customer = customer_service.get_customer(customer_id, actor=who)
    form = HourPackageForm(currency=customer.currency)
    status = 200
    if form.validate_on_submit():
        minutes, price = form.total_minutes, form.price.wire
        request_facts = {"customer_id": customer.id, "minutes": minutes, "price": price}
        key = IdempotencyKey.for_request(who.id, form.ensure_key(),  # type: ignore[arg-type]
                                         "record_purchase", request_facts)
        try:
            result = accounts.record_purchase(customer.id, minutes, price, actor=who, idempotency=key)
        except InvalidInput as error:
            show_service_errors(form, error)
            status = 422
        except (Conflict, InsufficientHours) as error:
            flash(describe(error), "error")
            status = 409
        else:
            flash(gettext("Sold %(hours)s to %(name)s; the balance is now %(balance)s.",
                          hours=hours(result.entry.minutes), name=customer.name,
                          balance=hours(result.balance_minutes)), "success")
            return redirect(url_for("staff.customer", customer_id=customer.id), code=303)
    elif form.is_submitted():
        status = 422
    form.ensure_key()
    return render_template("staff/hour_package.html", form=form, customer=customer), status


@bp.route("/customers/<int:customer_id>/adjust", methods=["POST"])
@roles_required("admin")
def adjust_balance(customer_id: int) -> Any:
    """Correct the balance by hand with a reason (admin only).

    :raise 403: not an admin.  :raise 404: unknown customer.
    """
    form = AdjustmentForm()
    if not form.validate_on_submit():
        return _customer_page(customer_id, adjust_form=form, status=422)
    try:
        result = accounts.record_adjustment(customer_id, form.minutes.data, form.reason.data, actor=actor())
    except InvalidInput as error:
        show_service_errors(form, error)
        return _customer_page(customer_id, adjust_form=form, status=422)
    except (Conflict, InsufficientHours) as error:
        flash(describe(error), "error")
        return _customer_page(customer_id, adjust_form=form, status=409)
    flash(gettext("The balance was adjusted by %(minutes)s; it is now %(balance)s.",
                  minutes=hours(result.entry.minutes), balance=hours(result.balance_minutes)), "success")
    return redirect(url_for("staff.customer", customer_id=customer_id), code=303)


@bp.route("/customers/<int:customer_id>/close", methods=["POST"])
@roles_required("admin")
def close_customer(customer_id: int) -> Any:
    """Close a customer, forfeiting the hours left (admin only).

    :raise 403: not an admin.  :raise 404: unknown customer.
    """
    form = CloseForm()
    if not form.validate_on_submit():
        return _customer_page(customer_id, close_form=form, status=422)
    closing = customer_service.get_customer(customer_id, actor=actor())
    left = closing.account.balance_minutes
    question = ask_first(
        title=gettext("Close %(name)s?", name=closing.name),
        consequence=(gettext("The %(hours)s left on the service account are forfeited, and the account takes no new "
                             "entries. It cannot be undone.", hours=hours(left)) if left > 0
                     else gettext("The service account takes no new entries. It cannot be undone.")),
        action=gettext("Close the customer"), cancel_url=url_for("staff.customer", customer_id=customer_id))
    if question is not None:
        return question
    try:
        entry = customer_service.close_customer(customer_id, form.reason.data, actor=actor())
    except InvalidInput as error:
        show_service_errors(form, error)
        return _customer_page(customer_id, close_form=form, status=422)
    except Conflict as error:
        flash(describe(error), "error")
        return _customer_page(customer_id, close_form=form, status=409)
    flash(gettext("The customer is closed; %(hours)s were forfeited.", hours=hours(-entry.minutes)) if entry
          else gettext("The customer is closed; no hours were left."), "success")
    return redirect(url_for("staff.customer", customer_id=customer_id), code=303)


staff_contacts.register(bp, _customer_page)
