"""Staff pages for work: log work (with a decision preview), a task and its history, the review queue."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from ledger.domain.errors import Conflict, InsufficientHours, InvalidInput
from ledger.domain.periods import local_date
from ledger.formatting import hours
from ledger.models import Customer, Task
from ledger.routing import parse_id
from ledger.services.clock import utcnow
from ledger.services.customers.customers import get_customer, list_customers
from ledger.services.idempotency import IdempotencyKey
from ledger.services.work import reads as task_reads
from ledger.services.work import tasks as task_service
from ledger.services.work.preview import Preview, classify_task
from ledger.services.work.rules import active_catalogue
from ledger.web.access import STAFF, actor, roles_required
from ledger.web.confirm import ask_first
from ledger.web.errors import describe
from ledger.web.forms import bilingual, show_service_errors
from ledger.web.paging import paginate
from ledger.web.work import corrections, timers, week
from ledger.web.work import hours as hours_pages
from ledger.web.work.forms import OverrideForm, ResolveForm, VoidForm, WorkForm

OUTCOME_LABELS = {
    "included": _l("Included in the monthly fee"),
    "debited": _l("Debited from the service account"),
    "needs_review": _l("Needs review"),
}


def register(bp: Blueprint) -> None:
    """Add the work, task and review pages to the staff blueprint, and those of staff time (docs/staff-time.md)."""
    bp.add_url_rule("/work", view_func=log_work, methods=["GET", "POST"])
    bp.add_url_rule("/tasks/<int:task_id>", view_func=task)
    bp.add_url_rule("/tasks/<int:task_id>/resolve", view_func=resolve_task, methods=["POST"])
    bp.add_url_rule("/tasks/<int:task_id>/void", view_func=void_task, methods=["POST"])
    bp.add_url_rule("/tasks/<int:task_id>/override", view_func=override_task, methods=["POST"])
    bp.add_url_rule("/review", view_func=review)
    for pages in (timers, week, corrections, hours_pages):
        pages.register(bp)


def _outcome_sentence(task: Task) -> str:
    """What was decided and why, in the page's language, for a flash message."""
    return gettext("%(outcome)s: %(reason)s", outcome=OUTCOME_LABELS[task.outcome],
                   reason=bilingual(task.reason_sv, task.reason_en))


def _selected(customers: list[Customer], customer_id: int | None) -> Customer | None:
    return next((customer for customer in customers if customer.id == customer_id), None)


def _refusal(preview: Preview, customer: Customer | None) -> str | None:
    """The preview's refusal in the page's language (the service's own text is English)."""
    if preview.refused is None or customer is None:
        return preview.refused
    return describe(InsufficientHours(customer_id=customer.id, balance_minutes=preview.balance_minutes,
                                      needed_minutes=preview.billed_minutes,
                                      overdraft_limit_minutes=customer.overdraft_limit_minutes))


def _work_page(form: WorkForm, status: int = 200, **context: Any) -> Any:
    form.ensure_key()
    return render_template("staff/work.html", form=form, catalogue=active_catalogue(), **context), status


@roles_required(*STAFF)
def log_work() -> Any:
    """Log work: "preview" shows the terms' decision and writes nothing; "save" records it and books the debit."""
    customers = [customer for customer in list_customers(actor=actor()) if customer.status == "active"]
    form = WorkForm(customers, active_catalogue())
    if request.method == "GET":
        form.customer_id.data = parse_id(request.args.get("customer_id"))
        form.case_id.data = parse_id(request.args.get("case_id"))
        form.work_date.data = local_date(utcnow())
        return _work_page(form)
    action = "save" if request.form.get("action") == "save" else "preview"
    if not form.validate_for(action):
        return _work_page(form, 422)
    if action == "preview":
        return _preview_work(form, _selected(customers, form.customer_id.data))
    return _save_work(form)


def _preview_work(form: WorkForm, customer: Customer | None) -> Any:
    try:
        preview = classify_task(form.task_data(), actor=actor())
    except InvalidInput as error:
        show_service_errors(form, error)
        return _work_page(form, 422)
    return _work_page(form, preview=preview, refusal=_refusal(preview, customer))


def _save_work(form: WorkForm) -> Any:
    who, data = actor(), form.task_data()
    # The key was made when the form was first shown, so a second click replays the first booking.
    key = IdempotencyKey.for_request(who.id, form.ensure_key(), "record_task", data)  # type: ignore[arg-type]
    try:
        result = task_service.record_task(data, actor=who, idempotency=key)
    except InvalidInput as error:
        show_service_errors(form, error)
        return _work_page(form, 422)
    except (Conflict, InsufficientHours) as error:
        flash(describe(error), "error")
        return _work_page(form, 409)
    saved = result.task
    message = gettext("Task %(id)s was saved. %(decision)s", id=saved.id, decision=_outcome_sentence(saved))
    if result.entry is not None:
        message += " " + gettext("%(billed)s were debited; the balance is now %(balance)s.",
                                 billed=hours(saved.billed_minutes), balance=hours(result.balance_minutes))
    flash(message, "success")
    return redirect(url_for("staff.task", task_id=saved.id), code=303)


def _task_page(task_id: int, *, resolve_form: ResolveForm | None = None, void_form: VoidForm | None = None,
               override_form: OverrideForm | None = None, status: int = 200) -> Any:
    """The task page, with its action forms as given (with their errors) or empty."""
    who = actor()
    found = task_reads.get_task(task_id, actor=who)
    catalogue = active_catalogue()
    return render_template(
        "staff/task.html", task=found, customer=get_customer(found.customer_id, actor=who), catalogue=catalogue,
        resolve_form=resolve_form or ResolveForm(catalogue, formdata=None),
        void_form=void_form or VoidForm(formdata=None),
        override_form=override_form or OverrideForm(formdata=None),
    ), status


@roles_required(*STAFF)
def task(task_id: int) -> Any:
    """A task's facts, its current decision and every decision taken on it.

    :raise 404: unknown task.
    """
    return _task_page(task_id)


@roles_required(*STAFF)
def resolve_task(task_id: int) -> Any:
    """Set the cause found for a task in review; it is classified again and booked.

    :raise 404: unknown task.
    """
    form = ResolveForm(active_catalogue())
    if not form.validate_on_submit():
        return _task_page(task_id, resolve_form=form, status=422)
    try:
        result = task_service.resolve_task(task_id, form.root_cause.data, actor=actor())
    except InvalidInput as error:
        show_service_errors(form, error)
        return _task_page(task_id, resolve_form=form, status=422)
    except (Conflict, InsufficientHours) as error:
        flash(describe(error), "error")
    else:
        flash(gettext("Task %(id)s was resolved. %(decision)s", id=task_id, decision=_outcome_sentence(result.task)),
              "success")
    target = url_for("staff.review") if form.next.data == "review" else url_for("staff.task", task_id=task_id)
    return redirect(target, code=303)


@roles_required(*STAFF)
def void_task(task_id: int) -> Any:
    """Cancel a task logged in error; its debit is reversed.

    :raise 404: unknown task.
    """
    form = VoidForm()
    if not form.validate_on_submit():
        return _task_page(task_id, void_form=form, status=422)
    voiding = task_reads.get_task(task_id, actor=actor())
    question = ask_first(
        title=gettext("Void task %(id)s?", id=task_id),
        consequence=(gettext("The task is cancelled and the %(minutes)s it debited are given back to the service "
                             "account. A voided task cannot be restored.", minutes=hours(voiding.billed_minutes))
                     if voiding.entry_id is not None
                     else gettext("The task is cancelled; it debited nothing. A voided task cannot be restored.")),
        action=gettext("Void the task"), cancel_url=url_for("staff.task", task_id=task_id))
    if question is not None:
        return question
    try:
        result = task_service.void_task(task_id, form.reason.data, actor=actor())
    except InvalidInput as error:
        show_service_errors(form, error)
        return _task_page(task_id, void_form=form, status=422)
    except Conflict as error:
        flash(describe(error), "error")
    else:
        flash(gettext("Task %(id)s was voided; %(minutes)s were given back.", id=task_id,
                      minutes=hours(result.entry.minutes)) if result.entry is not None
              else gettext("Task %(id)s was voided.", id=task_id), "success")
    return redirect(url_for("staff.task", task_id=task_id), code=303)


@roles_required("admin")
def override_task(task_id: int) -> Any:
    """Decide included or debited over the rules, with a reason (admin only).

    :raise 403: not an admin.  :raise 404: unknown task.
    """
    form = OverrideForm()
    if not form.validate_on_submit():
        return _task_page(task_id, override_form=form, status=422)
    question = ask_first(
        title=gettext("Override the decision on task %(id)s?", id=task_id),
        consequence=(gettext("The task is decided as included in the monthly fee over the rules; a debit it had is "
                             "given back to the service account.") if form.outcome.data == "included"
                     else gettext("The task is decided as debited over the rules; its time is taken from the service "
                                  "account.")),
        action=gettext("Override the decision"), cancel_url=url_for("staff.task", task_id=task_id))
    if question is not None:
        return question
    try:
        result = task_service.override_task(task_id, form.outcome.data, form.reason.data, actor=actor())
    except InvalidInput as error:
        show_service_errors(form, error)
        return _task_page(task_id, override_form=form, status=422)
    except (Conflict, InsufficientHours) as error:
        flash(describe(error), "error")
    else:
        flash(gettext("Task %(id)s was overridden. %(decision)s", id=task_id, decision=_outcome_sentence(result.task)),
              "success")
    return redirect(url_for("staff.task", task_id=task_id), code=303)


@roles_required(*STAFF)
def review() -> Any:
    """Tasks waiting for their root cause, oldest work first, each with a resolve form."""
    who = actor()
    queue = sorted(task_reads.list_tasks(actor=who, status="needs_review"), key=lambda t: (t.work_date, t.id))
    names = {customer.id: customer.name for customer in list_customers(actor=who)}
    form = ResolveForm(active_catalogue(), formdata=None, next="review")
    return render_template("staff/review.html", queue=paginate(queue, request.args), names=names, form=form,
                           catalogue=active_catalogue())
