"""The portal's support pages: my cases, opening one (with the severity definitions), a case with its clocks
and a reply form, and the SLA report per month."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext

from ledger.domain.errors import Conflict, InvalidInput
from ledger.domain.periods import local_date
from ledger.services.access import Actor
from ledger.services.clock import utcnow
from ledger.services.customers.contacts import list_contacts
from ledger.services.customers.customers import get_customer
from ledger.services.idempotency import IdempotencyKey
from ledger.services.support import case_reads
from ledger.services.support import cases as case_service
from ledger.services.support.agreements import list_agreements, plan_in_force
from ledger.services.support.sla_reports import sla_report as build_sla_report
from ledger.web.access import CUSTOMER, actor, roles_required
from ledger.web.forms import show_service_errors
from ledger.web.support.forms import CaseForm, ReplyForm
from ledger.web.support.labels import case_helpers, case_refusal
from ledger.web.support.mail_labels import mail_helpers
from ledger.web.support.staff import month_of_request
from ledger.web.support.uploads import allow_uploads, files_of


def register(bp: Blueprint) -> None:
    """Add the support pages to the portal blueprint."""
    bp.add_url_rule("/cases", view_func=cases)
    bp.add_url_rule("/cases/new", view_func=new_case, methods=["GET", "POST"])
    bp.add_url_rule("/cases/<int:case_id>", view_func=case)
    bp.add_url_rule("/cases/<int:case_id>/reply", view_func=reply_case, methods=["POST"])
    bp.add_url_rule("/sla-report", view_func=sla_report)
    bp.context_processor(case_helpers)
    bp.context_processor(mail_helpers)
    bp.url_value_preprocessor(allow_uploads)


def _own(who: Actor) -> int:
    if who.customer_id is None:
        abort(404)
    return who.customer_id


@roles_required(*CUSTOMER)
def cases() -> Any:
    """The customer's cases, the nearest breach first, with the plan in force and its agreements."""
    who = actor()
    customer = get_customer(_own(who), actor=who)
    return render_template(
        "portal/cases.html", customer=customer, cases=case_reads.list_cases(actor=who),
        plan=plan_in_force(customer.id, local_date(utcnow())).plan,
        agreements=[view for view in list_agreements(customer.id, actor=who) if view.status != "expired"],
    )


@roles_required(*CUSTOMER)
def new_case() -> Any:
    """Report a problem: the severity definitions are shown; the channels are the plan's."""
    who = actor()
    customer = get_customer(_own(who), actor=who)
    plan = plan_in_force(customer.id, local_date(utcnow())).plan
    form = CaseForm([customer], list_contacts(customer.id, actor=who), plan.channels)
    status = 200
    if form.validate_on_submit():
        data = {**form.case_data(), "customer_id": customer.id}
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
            flash(gettext("Your case %(id)s is opened; we answer within the times your plan gives.",
                          id=opened.case.id), "success")
            return redirect(url_for("portal.case", case_id=opened.case.id), code=303)
    elif form.is_submitted():
        status = 422
    form.ensure_key()
    return render_template("portal/case_new.html", form=form, plan=plan), status


def _case_page(case_id: int, reply_form: ReplyForm | None = None, status: int = 200) -> Any:
    view = case_reads.get_case(case_id, actor=actor())
    return render_template("portal/case.html", view=view, case=view.case,
                           reply_form=reply_form or ReplyForm(formdata=None)), status


@roles_required(*CUSTOMER)
def case(case_id: int) -> Any:
    """One of the customer's cases: its clocks, its conversation and a reply form.

    :raise 404: unknown, or another customer's.
    """
    return _case_page(case_id)


@roles_required(*CUSTOMER)
def reply_case(case_id: int) -> Any:
    """Add the customer's reply; a case waiting on the customer is open again.

    :raise 404: unknown, or another customer's.
    """
    form = ReplyForm()
    if not form.validate_on_submit():
        return _case_page(case_id, form, 422)
    try:
        case_service.respond_to_case(case_id, form.message.data, actor=actor(), files=files_of(form.files))
    except InvalidInput as error:
        show_service_errors(form, error)
        return _case_page(case_id, form, 422)
    except Conflict as error:
        flash(case_refusal(error), "error")
        return _case_page(case_id, form, 409)
    flash(gettext("Your reply was added."), "success")
    return redirect(url_for("portal.case", case_id=case_id), code=303)


@roles_required(*CUSTOMER)
def sla_report() -> Any:
    """The SLA report of a month (?period=YYYY-MM, default this month)."""
    who = actor()
    period, error = month_of_request()
    customer = get_customer(_own(who), actor=who)
    report = build_sla_report(customer.id, period, actor=who)
    return render_template("cases/sla_report.html", report=report, customer=customer, error=error,
                           case_endpoint="portal.case", month_url=url_for("portal.sla_report")), 422 if error else 200
