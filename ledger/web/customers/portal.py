"""The customer portal: balance, balance over time, history with reasons, invoices and monthly statements."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import get_locale, gettext

from ledger.documents import activity_csv
from ledger.domain.errors import InvalidInput
from ledger.domain.periods import Period, local_date, parse_period, period_of
from ledger.downloads import pdf_attachment
from ledger.models import Customer, LedgerEntry, Task
from ledger.services.access import Actor
from ledger.services.accounts import hours as accounts
from ledger.services.accounts import notices, statements
from ledger.services.accounts.history import balance_history
from ledger.services.billing import reads as invoice_reads
from ledger.services.clock import utcnow
from ledger.services.customers import contacts
from ledger.services.customers.customers import get_customer
from ledger.services.payments import reads as payment_reads
from ledger.services.support import agreements
from ledger.services.work import reads as task_reads
from ledger.services.work.explanations import explain_task
from ledger.services.work.rules import active_catalogue
from ledger.web.access import CUSTOMER, actor, roles_required
from ledger.web.charts import balance_changes, balance_chart, phone_balance_chart
from ledger.web.customers.contact_forms import contact_helpers
from ledger.web.downloads import csv_attachment
from ledger.web.paging import paginate
from ledger.web.support import portal as portal_cases

bp = Blueprint("portal", __name__, url_prefix="/portal")
portal_cases.register(bp)
bp.context_processor(contact_helpers)

RECENT_TASKS = 50
#: Entries read for the home page's list of purchases and other changes (the statements hold the rest).
RECENT_ENTRIES = 500
HISTORY_DAYS = 365
STATEMENT_LINKS = 12
#: Invoices on one page of the portal; "show all" lists every one.
INVOICES_PER_PAGE = 24


def _language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else "sv"


def category_label(key: str) -> str:
    """A task category's name in the page's language (the key itself for a category no longer in the terms)."""
    category = active_catalogue().category(key)
    if category is None:
        return key
    return category.label_en if _language() == "en" else category.label_sv


def in_language(swedish: str, english: str) -> str:
    """Pick the text stored in both languages that matches the page."""
    return english if _language() == "en" else swedish


@bp.context_processor
def portal_helpers() -> dict[str, Any]:
    """Helpers the portal's templates use to speak the page's language and Stockholm dates."""
    return {"category_label": category_label, "in_language": in_language, "local_date": local_date,
            "pdf_filename": invoice_reads.filename_of, "explain_task": explain_task}


def _own_customer_id(who: Actor) -> int:
    """The customer a customer user belongs to; a user without one has nothing to see."""
    if who.customer_id is None:
        abort(404)
    return who.customer_id


def _this_month() -> Period:
    return period_of(local_date(utcnow()))


def _statement_months(customer: Customer) -> list[Period]:
    """The latest months with a statement, newest first, none before the customer was created."""
    months, month = [], _this_month()
    first = period_of(local_date(customer.created_at))
    while month >= first and len(months) < STATEMENT_LINKS:
        months.append(month)
        month = month.previous()
    return months


def _movements(customer: Customer, who: Actor) -> list[LedgerEntry]:
    """Purchases, settlements, adjustments, reversals and forfeits of the last year, newest first
    (debits are explained by the tasks that caused them)."""
    since = local_date(utcnow()) - timedelta(days=HISTORY_DAYS - 1)
    entries = accounts.list_entries(customer.id, actor=who, from_date=since,
                                    after_seq=max(0, customer.account.last_seq - RECENT_ENTRIES), limit=RECENT_ENTRIES)
    return [entry for entry in reversed(entries) if entry.kind != "consumption"]


@bp.route("")
@roles_required(*CUSTOMER)
def home() -> Any:
    """The customer's balance, agreement, notices, balance over time, recent history, invoices and statements."""
    who = actor()
    customer = get_customer(_own_customer_id(who), actor=who)
    history = balance_history(customer.id, actor=who, days=HISTORY_DAYS)
    recent = task_reads.list_tasks(actor=who, limit=RECENT_TASKS)
    missing_roles, recommendations = contacts.customer_role_gaps(customer)
    movements = _movements(customer, who)
    invoices = payment_reads.with_payments(invoice_reads.list_invoices(actor=who))
    return render_template(
        "portal/home.html",
        customer=customer,
        balance=accounts.get_balance(customer.id, actor=who),
        notices=notices.open_notices(customer.id),
        chart=balance_chart(history),
        phone_chart=phone_balance_chart(history),
        changes=balance_changes(history),
        tasks=recent,
        tasks_by_id={task.id: task for task in recent},
        movements=movements,
        invoiced=_invoiced(customer.id, movements, who),
        all_invoices=invoices,
        invoices=paginate(invoices, request.args, INVOICES_PER_PAGE),
        credited=invoice_reads.credited_ids([row.invoice for row in invoices]),
        months=_statement_months(customer),
        agreements=agreements.list_agreements(customer.id, actor=who),
        contacts=contacts.list_contacts(customer.id, actor=who),
        missing_roles=missing_roles,
        recommendations=recommendations,
    )


def _invoiced(customer_id: int, entries: list[LedgerEntry], who: Actor) -> dict[int, str]:
    """Which of these purchases and settlements are on an issued invoice, and its number."""
    return invoice_reads.invoiced_entries(
        customer_id, [entry.id for entry in entries if entry.kind in ("purchase", "settlement")], actor=who)


def tasks_of_entries(statement: statements.Statement, who: Actor) -> dict[int, Task]:
    """The tasks behind the month's debits, including work dated in another month but booked in this one."""
    by_id = {task.id: task for task in statement.tasks}
    for entry in statement.entries:
        if entry.task_id is not None and entry.task_id not in by_id:
            by_id[entry.task_id] = task_reads.get_task(entry.task_id, actor=who)
    return by_id


@bp.route("/statement")
@roles_required(*CUSTOMER)
def statement() -> Any:
    """A month's statement (?period=YYYY-MM, default this month): opening, every entry and task, closing."""
    who = actor()
    customer_id = _own_customer_id(who)
    current = _this_month()
    requested = request.args.get("period", "").strip() or str(current)
    try:
        period = parse_period(requested)
    except InvalidInput:
        error = gettext("Write the month as YYYY-MM, for example %(example)s.", example=str(current))
        return render_template("portal/statement.html", statement=None, requested=requested[:20], error=error,
                               current=current), 422
    result = statements.get_statement(customer_id, period, actor=who)
    return render_template("portal/statement.html", statement=result, requested=str(period), error=None,
                           current=current, entry_tasks=tasks_of_entries(result, who),
                           invoiced=_invoiced(customer_id, list(result.entries), who))


@bp.route("/statement.csv")
@roles_required(*CUSTOMER)
def statement_csv() -> Any:
    """A month's statement as CSV (?period=YYYY-MM, default this month; 422 for anything else)."""
    who = actor()
    requested = request.args.get("period", "").strip() or str(_this_month())
    try:
        period = parse_period(requested)
    except InvalidInput:
        abort(422)
    result = statements.get_statement(_own_customer_id(who), period, actor=who)
    return csv_attachment(activity_csv.statement_csv(result, tasks_of_entries(result, who)), f"statement-{period}.csv")


@bp.route("/invoices/<int:invoice_id>/pdf")
@roles_required(*CUSTOMER)
def invoice_pdf(invoice_id: int) -> Response:
    """The customer's own issued invoice as archived, as a download; anything else is a 404."""
    return pdf_attachment(invoice_reads.invoice_pdf(invoice_id, actor=actor()))
