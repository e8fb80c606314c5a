"""The correction page: a task's facts as logged, changed in one step into a replacement that voids the original."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from ledger.domain.errors import Conflict, InsufficientHours, InvalidInput
from ledger.formatting import hours
from ledger.services.customers.customers import get_customer, list_customers
from ledger.services.work import corrections
from ledger.services.work import reads as task_reads
from ledger.services.work.rules import active_catalogue
from ledger.web.access import STAFF, actor, roles_required
from ledger.web.confirm import ask_first
from ledger.web.errors import describe
from ledger.web.forms import show_service_errors
from ledger.web.work.time_forms import CorrectForm

FACTS = ("customer_id", "work_date", "minutes", "category", "root_cause", "partner_new_major_version",
         "agreement_reference", "description")


def register(bp: Blueprint) -> None:
    """Add the correction page to the staff blueprint."""
    bp.add_url_rule("/tasks/<int:task_id>/correct", view_func=correct_task, methods=["GET", "POST"])


def _page(task: Any, form: CorrectForm, status: int = 200) -> Any:
    return render_template("staff/task_correct.html", task=task, form=form, catalogue=active_catalogue(),
                           customer=get_customer(task.customer_id, actor=actor())), status


@roles_required(*STAFF)
def correct_task(task_id: int) -> Any:
    """Correct a task's time, kind of work, facts or customer: it is voided and its replacement logged in one step.

    :raise 404: unknown task.
    """
    who = actor()
    task = task_reads.get_task(task_id, actor=who)
    customers = [customer for customer in list_customers(actor=who)
                 if customer.status == "active" or customer.id == task.customer_id]
    form = CorrectForm(customers, active_catalogue(), formdata=None if request.method == "GET" else request.form)
    if request.method == "GET":
        for name in FACTS:
            form[name].data = getattr(task, name)
        return _page(task, form)
    if task.status == "voided":
        flash(describe(Conflict(code="task_voided", task_id=task_id)), "error")
        return redirect(url_for("staff.task", task_id=task_id), code=303)
    if not form.validate_on_submit():
        return _page(task, form, 422)
    if form.customer_id.data != task.customer_id:
        question = ask_first(
            title=gettext("Move task %(id)s to another customer?", id=task_id),
            consequence=gettext("The task is voided for %(customer)s and logged for the customer you chose. "
                                "%(customer)s will only see that the work was moved, nothing of its description.",
                                customer=get_customer(task.customer_id, actor=who).name),
            action=gettext("Move the task"), cancel_url=url_for("staff.correct_task", task_id=task_id))
        if question is not None:
            return question
    try:
        result = corrections.correct_task(task_id, form.changes(), actor=who)
    except InvalidInput as error:
        show_service_errors(form, _facts_as_fields(error))
        return _page(task, form, 422)
    except (Conflict, InsufficientHours) as error:
        flash(describe(error), "error")
        return _page(task, form, 409)
    replacement = result.replacement
    flash(gettext("Task %(old)s was corrected: task %(new)s replaces it (%(minutes)s).", old=task_id,
                  new=replacement.id, minutes=hours(replacement.minutes)), "success")
    return redirect(url_for("staff.task", task_id=replacement.id), code=303)


def _facts_as_fields(error: InvalidInput) -> InvalidInput:
    """The service names corrected facts `facts.description`; the form's fields are named without the prefix."""
    return InvalidInput(problems={name.removeprefix("facts."): problems for name, problems in error.problems.items()})
