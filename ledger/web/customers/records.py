"""Staff pages about one customer beyond its main page: editing its terms, its tasks as CSV, its statements."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from ledger.documents.activity_csv import statement_csv, tasks_csv
from ledger.domain.errors import Conflict, InvalidInput
from ledger.domain.periods import Period, local_date, parse_period, period_of
from ledger.services.accounts import statements
from ledger.services.clock import utcnow
from ledger.services.customers import customers as customer_service
from ledger.services.customers import edits as customer_edits
from ledger.services.work import reads as task_reads
from ledger.web.access import STAFF, actor, roles_required
from ledger.web.customers.forms import CustomerTermsForm
from ledger.web.customers.portal import category_label, portal_helpers, tasks_of_entries
from ledger.web.downloads import csv_attachment
from ledger.web.errors import describe
from ledger.web.forms import page_language, show_service_errors

#: The most tasks one CSV export holds (far beyond any customer's history so far).
MAX_CSV_TASKS = 1_000_000

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
    """Add the customer edit, task export and statement pages to the staff blueprint."""
    bp.add_url_rule("/customers/<int:customer_id>/edit", view_func=edit_customer, methods=["GET", "POST"])
    bp.add_url_rule("/customers/<int:customer_id>/tasks.csv", view_func=customer_tasks_csv)
    bp.add_url_rule("/customers/<int:customer_id>/statement", view_func=customer_statement)
    bp.add_url_rule("/customers/<int:customer_id>/statement.csv", view_func=customer_statement_csv)


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


@roles_required(*STAFF)
def customer_tasks_csv(customer_id: int) -> Response:
    """Every task of a customer as CSV, newest work first, in the page's language.

    :raise 404: unknown customer.
    """
    who = actor()
    customer = customer_service.get_customer(customer_id, actor=who)
    found = task_reads.list_tasks(actor=who, customer_id=customer.id, limit=MAX_CSV_TASKS)
    text = tasks_csv(found, category_label=category_label, language=page_language())
    return csv_attachment(text, f"tasks-{customer.id}.csv")


def _statement_period() -> tuple[str, Period | None]:
    """The month asked for (?period=YYYY-MM, default this month) as typed, and parsed (None if it is not a month)."""
    requested = request.args.get("period", "").strip()[:20] or str(period_of(local_date(utcnow())))
    try:
        return requested, parse_period(requested)
    except InvalidInput:
        return requested, None


@roles_required(*STAFF)
def customer_statement(customer_id: int) -> Any:
    """A customer's monthly statement as the customer sees it, printable, with previous and next months.

    :raise 404: unknown customer.
    """
    who = actor()
    customer = customer_service.get_customer(customer_id, actor=who)
    requested, period = _statement_period()
    current = period_of(local_date(utcnow()))
    context = {**portal_helpers(), "statement_endpoint": "staff.customer_statement",
               "csv_endpoint": "staff.customer_statement_csv", "statement_args": {"customer_id": customer.id},
               "back_url": url_for("staff.customer", customer_id=customer.id), "back_label": customer.name,
               "customer_name": customer.name, "current": current, "requested": requested}
    if period is None:
        error = gettext("Write the month as YYYY-MM, for example %(example)s.", example=str(current))
        return render_template("portal/statement.html", statement=None, error=error, **context), 422
    result = statements.get_statement(customer.id, period, actor=who)
    return render_template("portal/statement.html", statement=result, error=None,
                           entry_tasks=tasks_of_entries(result, who), **context)


@roles_required(*STAFF)
def customer_statement_csv(customer_id: int) -> Any:
    """A customer's monthly statement as CSV (422 for a month that is not YYYY-MM).

    :raise 404: unknown customer.
    """
    who = actor()
    customer = customer_service.get_customer(customer_id, actor=who)
    requested, period = _statement_period()
    if period is None:
        abort(422)
    result = statements.get_statement(customer.id, period, actor=who)
    return csv_attachment(statement_csv(result, tasks_of_entries(result, who)), f"statement-{customer.id}-{period}.csv")
