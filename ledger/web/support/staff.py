"""Staff pages for support: the case list nearest breach first, opening a case, a case with its clocks and
forms, and a customer's SLA report."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from ledger.domain.errors import Conflict, InvalidInput
from ledger.domain.periods import local_date, parse_period, period_of
from ledger.domain.support.cases import OPEN_STATUSES
from ledger.services.clock import utcnow
from ledger.services.customers.contacts import list_contacts
from ledger.services.customers.customers import get_customer, list_customers
from ledger.services.idempotency import IdempotencyKey
from ledger.services.support import case_reads
from ledger.services.support import cases as case_service
from ledger.services.support.agreements import plan_in_force
from ledger.services.support import conversation
from ledger.services.support.conversation_reads import staff_thread
from ledger.services.support.sla_reports import sla_report as build_sla_report
from ledger.services.work.rules import active_catalogue
from ledger.web.access import STAFF, actor, roles_required
from ledger.web.forms import show_service_errors
from ledger.web.paging import paginate
from ledger.web.support import inbox as inbox_pages
from ledger.web.support.forms import CaseFilterForm, CustomerChoiceForm, ReplyForm, SeverityForm, StaffCaseForm, StatusForm
from ledger.web.support.labels import case_helpers, case_refusal
from ledger.web.support.mail_forms import NoteForm
from ledger.web.support.queues import assignee_picker
from ledger.web.support.uploads import allow_uploads, files_of

#: What each filter of the list shows: statuses, and whether only breached cases.
FILTERS = {"open": (OPEN_STATUSES, None), "breached": (OPEN_STATUSES, True),
           "waiting": (("waiting_on_customer",), None), "resolved": (("resolved",), None), "all": (None, None)}


def register(bp: Blueprint) -> None:
    """Add the case pages to the staff blueprint."""
    bp.add_url_rule("/cases", view_func=cases)
    bp.add_url_rule("/cases/new", view_func=new_case, methods=["GET", "POST"])
    bp.add_url_rule("/cases/<int:case_id>", view_func=case)
    bp.add_url_rule("/cases/<int:case_id>/respond", view_func=respond_case, methods=["POST"])
    bp.add_url_rule("/cases/<int:case_id>/status", view_func=case_status, methods=["POST"])
    bp.add_url_rule("/cases/<int:case_id>/severity", view_func=case_severity, methods=["POST"])
    bp.add_url_rule("/customers/<int:customer_id>/sla-report", view_func=sla_report)
    bp.add_url_rule("/cases/<int:case_id>/note", view_func=add_note, methods=["POST"])
    bp.context_processor(case_helpers)
    bp.url_value_preprocessor(allow_uploads)
    inbox_pages.register(bp)


@roles_required(*STAFF)
def cases() -> Any:
    """Cases by filter and customer, the nearest breach first."""
    who = actor()
    customers = list_customers(actor=who)
    form = CaseFilterForm(customers, formdata=request.args)
    show = form.show.data if form.show.data in FILTERS else "open"
    customer_id = form.customer_id.data if form.validate() else None
    statuses, breached = FILTERS[show]
    found = case_reads.list_cases(actor=who, customer_id=customer_id, statuses=statuses, breached=breached)
    return render_template("staff/cases.html", form=form, cases=paginate(found, request.args), total=len(found),
                           names={customer.id: customer.name for customer in customers})


def _chosen_customer(customers: list[Any]) -> Any:
    """The customer the request names (the form's field, or ?customer_id= on the first GET), if it is one of them."""
    chosen = (request.form if request.method == "POST" else request.args).get("customer_id", "")
    return next((customer for customer in customers if str(customer.id) == chosen.strip()), None)


@roles_required(*STAFF)
def new_case() -> Any:
    """Open a case: first the customer, then the report with only the channels of that customer's plan; bad fields
    are marked and nothing is opened."""
    who = actor()
    customers = [customer for customer in list_customers(actor=who) if customer.status == "active"]
    customer = _chosen_customer(customers)
    if customer is None:
        picker = CustomerChoiceForm(customers, formdata=request.args if request.method == "GET" else None)
        if request.method == "POST":
            picker.customer_id.errors = [gettext("Choose a customer.")]
        return render_template("staff/case_new.html", form=None, picker=picker), 200 if request.method == "GET" else 422
    plan = plan_in_force(customer.id, local_date(utcnow())).plan
    form = StaffCaseForm(customers, list_contacts(customer.id, actor=who), plan.channels)
    status = 200
    if request.method == "GET":
        form.customer_id.data = customer.id
    elif form.validate_on_submit():
        data = form.case_data()
        key = IdempotencyKey.for_request(who.id, form.ensure_key(), "open_case", data)  # type: ignore[arg-type]
        try:
            opened = case_service.open_case(data, actor=who, idempotency=key)
        except InvalidInput as error:
            show_service_errors(form, error)
            status = 422
        except Conflict as error:
            flash(case_refusal(error), "error")
            status = 409
        else:
            flash(gettext("Case %(id)s was opened.", id=opened.case.id), "success")
            return redirect(url_for("staff.case", case_id=opened.case.id), code=303)
    else:
        status = 422
    form.ensure_key()
    return render_template("staff/case_new.html", form=form, customer=customer, plan=plan), status


def _case_page(case_id: int, *, reply_form: ReplyForm | None = None, status_form: StatusForm | None = None,
               severity_form: SeverityForm | None = None, note_form: NoteForm | None = None,
               status: int = 200) -> Any:
    who = actor()
    view = case_reads.get_case(case_id, actor=who)
    assignee_form, assignees = assignee_picker(view.case.assignee_id)
    return render_template(
        "staff/case.html", view=view, case=view.case, customer=get_customer(view.case.customer_id, actor=who),
        assignee_form=assignee_form, assignees=assignees,
        authors=case_reads.event_authors(view.events), catalogue=active_catalogue(), reply_form=reply_form or ReplyForm(formdata=None),
        status_form=status_form or StatusForm(view.case.status, formdata=None),
        severity_form=severity_form or SeverityForm(view.case.severity, formdata=None),
        note_form=note_form or NoteForm(formdata=None), thread=staff_thread(view.conversation),
    ), status


@roles_required(*STAFF)
def case(case_id: int) -> Any:
    """A case: its clocks with the time left and the due time in Stockholm, its events and its work.

    :raise 404: unknown case.
    """
    return _case_page(case_id)


def _act(case_id: int, form: Any, form_name: str, call: Any, done: str) -> Any:
    """Validate, call the case service, and come back to the case saying what happened or why not."""
    if not form.validate_on_submit():
        return _case_page(case_id, **{form_name: form}, status=422)
    try:
        call()
    except InvalidInput as error:
        show_service_errors(form, error)
        return _case_page(case_id, **{form_name: form}, status=422)
    except Conflict as error:
        flash(case_refusal(error), "error")
        return _case_page(case_id, **{form_name: form}, status=409)
    flash(done, "success")
    return redirect(url_for("staff.case", case_id=case_id), code=303)


@roles_required(*STAFF)
def respond_case(case_id: int) -> Any:
    """Reply to the customer; the first reply meets the first-response target."""
    form = ReplyForm()
    return _act(case_id, form, "reply_form",
                lambda: case_service.respond_to_case(case_id, form.message.data, actor=actor(),
                                                     files=files_of(form.files)),
                gettext("The reply was added and mailed to the customer."))


@roles_required(*STAFF)
def add_note(case_id: int) -> Any:
    """An internal note, with files if any: never mailed, never shown to the customer."""
    form = NoteForm()
    return _act(case_id, form, "note_form",
                lambda: conversation.add_note(case_id, form.message.data, actor=actor(), files=files_of(form.files)),
                gettext("The internal note was added."))


@roles_required(*STAFF)
def case_status(case_id: int) -> Any:
    """Move the case on: waiting on the customer pauses the resolution clock."""
    current = case_reads.get_case(case_id, actor=actor()).case.status
    form = StatusForm(current)
    return _act(case_id, form, "status_form",
                lambda: case_service.change_case_status(case_id, form.status.data, form.note.data, actor=actor()),
                gettext("The status was changed."))


@roles_required(*STAFF)
def case_severity(case_id: int) -> Any:
    """Change the severity with a reason; the new targets apply to the time used since opening."""
    current = case_reads.get_case(case_id, actor=actor()).case.severity
    form = SeverityForm(current)
    return _act(case_id, form, "severity_form",
                lambda: case_service.change_case_severity(case_id, form.severity.data, form.reason.data,
                                                          actor=actor()),
                gettext("The severity was changed."))


def month_of_request() -> tuple[Any, str | None]:
    """The month asked for (?period=YYYY-MM, default this month) and the error to show, if any."""
    current = period_of(local_date(utcnow()))
    requested = request.args.get("period", "").strip() or str(current)
    try:
        return parse_period(requested), None
    except InvalidInput:
        return current, gettext("Write the month as YYYY-MM, for example %(example)s.", example=str(current))


@roles_required(*STAFF)
def sla_report(customer_id: int) -> Any:
    """A customer's SLA report for a month: met and breached per target and severity.

    :raise 404: unknown customer.
    """
    who = actor()
    period, error = month_of_request()
    customer = get_customer(customer_id, actor=who)
    report = build_sla_report(customer.id, period, actor=who)
    return render_template("cases/sla_report.html", report=report, customer=customer, error=error,
                           case_endpoint="staff.case",
                           month_url=url_for("staff.sla_report", customer_id=customer.id)), 422 if error else 200
