"""The finance pages' blueprint, and the month: run it, issue every draft, export it (one invoice: invoice.py)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request
from flask_babel import gettext

from ledger.domain.billing.vat import VatCode
from ledger.domain.errors import Conflict, DomainError, InvalidInput
from ledger.domain.periods import Period, local_date, parse_period, period_of
from ledger.downloads import export_zip, sie_attachment
from ledger.formatting import invoice_number
from ledger.jobs.tasks import start_issuing
from ledger.services.billing.issue_jobs import ISSUE_PERIOD
from ledger.services.billing.reads import count_documents, credited_ids, list_invoices, of_service_period
from ledger.services.billing.runs import RunResult, Skipped, run_invoices
from ledger.services.clock import utcnow
from ledger.services.mail.jobs import get_job, job_errors, latest_job
from ledger.web.access import FINANCE, actor, roles_required
from ledger.web.billing import drafts as draft_pages
from ledger.web.billing import invoice as invoice_pages
from ledger.web.billing import issued as issued_pages
from ledger.web.billing import rates as finance_rates
from ledger.web.billing import reference_rates
from ledger.web.billing.forms import MonthActionForm, PeriodForm
from ledger.web.billing.links import overview_url, refused
from ledger.web.confirm import ask_first
from ledger.web.errors import apply_field_errors, describe

bp = Blueprint("finance", __name__, url_prefix="/finance")
finance_rates.register(bp)
reference_rates.register(bp)
draft_pages.register(bp)
invoice_pages.register(bp)
issued_pages.register(bp)

#: Flash messages live in the session cookie: name at most this many skipped customers or number ranges.
MAX_LISTED = 20


def last_month() -> Period:
    """The month before today's, in Stockholm: the one finance usually runs."""
    return period_of(local_date(utcnow())).previous()


def _chosen_period(form: PeriodForm | MonthActionForm) -> Period | None:
    """The form's month, or None with the problem put on its period field."""
    if not form.validate():
        return None
    try:
        return parse_period(form.period.data)
    except InvalidInput as error:
        apply_field_errors(form, error)
        return None


def reverse_charge_deadline(period: Period) -> date:
    """An EU reverse-charge invoice for a month must be issued by the 15th of the next month (ML 17 kap. 18 §)."""
    return period.next().first_day.replace(day=15)


def _overview(form: PeriodForm, period: Period | None, status: int = 200) -> Any:
    invoices = list_invoices(actor=actor(), period=period) if period is not None else []
    reverse_charge = [i for i in invoices if i.status == "draft" and i.vat_code == VatCode.REVERSE_CHARGE.value]
    return render_template(
        "finance/overview.html", form=form, period=period,
        drafts=sorted((i for i in invoices if i.status == "draft"), key=lambda i: (i.buyer_name.lower(), i.id)),
        issued=sorted((i for i in invoices if i.kind == "invoice" and i.status == "issued"), key=lambda i: i.number),
        credit_notes=sorted((i for i in invoices if i.kind == "credit_note"), key=lambda i: i.number or 0),
        numbers={i.id: invoice_number(i) for i in invoices},
        credited=credited_ids(invoices),
        job=(job := latest_job(ISSUE_PERIOD, str(period)) if period is not None else None),
        job_errors=[{"item": error["item"], "message": describe(Conflict(code=error["code"], **error["params"]))}
                    for error in (job_errors(job) if job else [])],
        month_form=MonthActionForm(formdata=None, period=str(period) if period else ""),
        reverse_charge_drafts=reverse_charge, today=local_date(utcnow()),
        reverse_charge_deadline=reverse_charge_deadline(period) if period else None,
        run_documents=count_documents(of_service_period(period), actor=actor()) if period else 0,
        draft_now_form=draft_pages.draft_now_form(),
    ), status


def _month_refused(submitted: MonthActionForm) -> Any:
    """Show the month chooser with what was wrong with a posted month (422)."""
    form = PeriodForm(formdata=None, period=submitted.period.data)
    form.period.errors = list(submitted.period.errors)
    return _overview(form, None, 422)


def _skip_reason(skipped: Skipped) -> str:
    """Why the run drafted nothing for a customer, in the page's language."""
    if skipped.code == "nothing_to_invoice":
        return gettext("nothing to invoice")
    if skipped.code == "earlier_draft":
        return gettext("the %(period)s draft must be issued first", period=skipped.draft_period)
    return skipped.reason


def _flash_run(result: RunResult) -> None:
    if result.created:
        flash(gettext("Drafts created for %(period)s: %(created)s. Invoices already there: %(existing)s.",
                      period=result.period, created=len(result.created), existing=len(result.existing)), "success")
    else:
        flash(gettext("No new drafts for %(period)s. Invoices already there: %(existing)s.",
                      period=result.period, existing=len(result.existing)), "success")
    if result.skipped:
        listed = [gettext("customer %(id)s (%(reason)s)", id=skipped.customer_id, reason=_skip_reason(skipped))
                  for skipped in result.skipped[:MAX_LISTED]]
        more = len(result.skipped) - len(listed)
        flash(gettext("Skipped: %(customers)s.", customers="; ".join(listed))
              + (" " + gettext("And %(count)s more.", count=more) if more else ""), "notice")


def number_ranges(numbers: Iterable[int], series: str = "") -> str:
    """F1001–F1003, F1007: consecutive numbers of a series as ranges, at most MAX_LISTED parts."""
    ranges: list[list[int]] = []
    for number in sorted(numbers):
        if ranges and number == ranges[-1][1] + 1:
            ranges[-1][1] = number
        else:
            ranges.append([number, number])
    parts = [f"{series}{first}–{series}{last}" if last != first else f"{series}{first}" for first, last in ranges]
    return ", ".join(parts[:MAX_LISTED]) + (", …" if len(parts) > MAX_LISTED else "")


@bp.route("")
@roles_required(*FINANCE)
def overview() -> Any:
    """A month's drafts, issued invoices and credit notes, with run, issue-all and export (default: last month)."""
    if request.args.get("period") is None:
        return _overview(PeriodForm(formdata=None, period=str(last_month())), last_month())
    form = PeriodForm(request.args)
    period = _chosen_period(form)
    return _overview(form, period, 200 if period else 422)


@bp.route("/run", methods=["POST"])
@roles_required(*FINANCE)
def run() -> Any:
    """Draft the month's invoices; a month that has not ended is refused next to the month (422)."""
    form = MonthActionForm()
    period = _chosen_period(form)
    if period is None:
        return _month_refused(form)
    try:
        result = run_invoices(period, actor=actor())
    except InvalidInput as error:
        chooser = PeriodForm(formdata=None, period=str(period))
        if "period" in error.errors and utcnow() < period.end_utc:
            chooser.period.errors = [gettext("%(period)s has not ended; run it from %(day)s.",
                                             period=period, day=period.next().first_day.isoformat())]
        else:
            flash(describe(error), "error")
            for problem in apply_field_errors(chooser, error):
                flash(problem, "error")
        return _overview(chooser, period, 422)
    _flash_run(result)
    return redirect(overview_url(period), code=303)


@bp.route("/issue-all", methods=["POST"])
@roles_required(*FINANCE)
def issue_all() -> Any:
    """Issue every draft of the month, in the order they were drafted."""
    form = MonthActionForm()
    period = _chosen_period(form)
    if period is None:
        return _month_refused(form)
    drafts = [i.id for i in list_invoices(actor=actor(), period=period, status="draft") if i.kind == "invoice"]
    if not drafts:
        flash(gettext("%(period)s has no drafts to issue.", period=period), "notice")
        return redirect(overview_url(period), code=303)
    question = ask_first(
        title=gettext("Issue every draft of %(period)s?", period=period),
        consequence=gettext("%(count)s drafts of %(period)s take the next invoice numbers and are archived as issued. "
                            "An issued invoice cannot be changed or deleted, only credited.",
                            count=len(drafts), period=period),
        action=gettext("Issue all drafts"), cancel_url=overview_url(period))
    if question is not None:
        return question
    try:
        job = start_issuing(period, actor=actor())
    except DomainError as error:
        return refused(error, overview_url(period))
    job = get_job(job.id, actor=actor())
    if job.status == "done":  # a queue that runs tasks at once (tests, scripts) has finished already
        issued = [i for i in list_invoices(actor=actor(), period=period, status="issued")
                  if i.kind == "invoice" and i.issued_at >= job.created_at]
        flash(gettext("Invoices issued: %(count)s, numbers %(numbers)s.", count=len(issued),
                      numbers=number_ranges((invoice.number for invoice in issued),
                                            (issued[0].series or "") if issued else "")), "success")
    else:
        flash(gettext("Issuing %(period)s has started: %(count)s drafts.", period=period, count=job.total), "success")
    return redirect(overview_url(period), code=303)


@bp.route("/export")
@roles_required(*FINANCE)
def export() -> Any:
    """For the accountant: the documents issued in the month (`period`) as a zip of the archived PDFs and
    e-invoices with a CSV summary, or (format=sie) the SIE 4 vouchers; or (`service_period`) the documents of
    that month's run, as a zip."""
    by_run = "service_period" in request.args
    form = PeriodForm(formdata=None, period=request.args.get("service_period")) if by_run else PeriodForm(request.args)
    period = _chosen_period(form)
    if period is None:
        return _overview(form, None, 422)
    if by_run:
        return export_zip(period, actor=actor(), by_service_period=True)
    if request.args.get("format") == "sie":
        return sie_attachment(period, actor=actor())
    return export_zip(period, actor=actor())
