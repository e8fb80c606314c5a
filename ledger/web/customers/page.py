"""The staff page of one customer: balance, terms, notices, tasks, entries, contacts and agreements, with the forms
that act on it (re-rendered with their errors)."""
from __future__ import annotations

from typing import Any

from flask import render_template, request

from ledger.domain.periods import local_date
from ledger.services.accounts import hours as accounts
from ledger.services.accounts import notices
from ledger.services.clock import utcnow
from ledger.services.customers import contacts
from ledger.services.customers import customers as customer_service
from ledger.services.support import agreements, renewals
from ledger.services.work import reads as task_reads
from ledger.services.work.rules import active_catalogue
from ledger.web.access import actor
from ledger.web.accounts.forms import AdjustmentForm, CloseForm
from ledger.web.customers import records as staff_customers
from ledger.web.customers.contact_forms import AgreementForm, ContactForm
from ledger.web.paging import paginate

#: How many recent ledger entries the customer page shows (its tasks are paged).
RECENT = 20
#: Tasks on one page of the customer page; "show all" lists every one.
TASKS_PER_PAGE = 25
#: The most tasks one customer page reads, even with "show all" (the CSV export has every task).
MAX_TASKS_LISTED = 10_000


def customer_page(customer_id: int, *, adjust_form: AdjustmentForm | None = None,
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
        tasks=paginate(task_reads.list_tasks(actor=who, customer_id=customer.id, limit=MAX_TASKS_LISTED), request.args,
                       TASKS_PER_PAGE),
        entries=list(reversed(accounts.list_entries(customer.id, actor=who, after_seq=max(0, last_seq - RECENT)))),
        catalogue=active_catalogue(),
        agreements=agreements.list_agreements(customer.id, actor=who),
        unsent_notices=renewals.unsent_notices([customer.id]),
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
