"""The team's staff pages (docs/support.md): "My cases", "Unassigned", "At risk" and "Breached" with their filters in
the URL, the counts in the menu, and the assignee picker on the case page."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from ledger.domain.errors import Conflict, InvalidInput
from ledger.services.access import STAFF_ROLES, Actor
from ledger.services.customers.customers import list_customers
from ledger.services.people.team import list_assignable_users
from ledger.services.support import assignment, queues
from ledger.services.support.plans import active_plans
from ledger.web.access import STAFF, actor, roles_required
from ledger.web.errors import describe
from ledger.web.paging import paginate
from ledger.web.support.team_forms import AssigneeForm, QueueFilterForm

#: Each queue's endpoint and the words it goes by.
QUEUE_PAGES = {"mine": "staff.my_cases", "unassigned": "staff.unassigned_cases", "at_risk": "staff.at_risk_cases",
               "breached": "staff.breached_cases"}


def register(bp: Blueprint) -> None:
    """Add the queues and the assignment to the staff blueprint, and the queue counts to every page."""
    bp.add_url_rule("/cases/mine", view_func=my_cases)
    bp.add_url_rule("/cases/unassigned", view_func=unassigned_cases)
    bp.add_url_rule("/cases/at-risk", view_func=at_risk_cases)
    bp.add_url_rule("/cases/breached", view_func=breached_cases)
    bp.add_url_rule("/cases/<int:case_id>/assign", view_func=assign_case, methods=["POST"])
    bp.app_context_processor(lambda: {"case_queue_counts": case_queue_counts, "queue_pages": QUEUE_PAGES})


def case_queue_counts() -> queues.QueueCounts | None:
    """The open cases in each queue, for the staff menu; None for anyone who does not work cases."""
    if not current_user.is_authenticated or current_user.role not in STAFF_ROLES:
        return None
    return queues.queue_counts(actor=Actor.of(current_user))


def _queue_page(queue: str) -> Any:
    who = actor()
    customers = list_customers(actor=who)
    form = QueueFilterForm(customers, list(active_plans().plans), formdata=request.args)
    chosen = form.chosen()
    status = chosen.get("status")
    filters = queues.queue_filters(queue, customer_id=chosen.get("customer_id"), plan=chosen.get("plan"),
                                   severity=chosen.get("severity"), statuses=[status] if status else None)
    found = queues.find_cases(filters, actor=who)
    names = {user.id: user.display_name for user in list_assignable_users(actor=who)}
    return render_template("staff/case_queue.html", queue=queue, form=form, cases=paginate(found, request.args),
                           total=len(found), customers={customer.id: customer.name for customer in customers},
                           assignees=names, time_left=queues.time_left)


@roles_required(*STAFF)
def my_cases() -> Any:
    """The open cases assigned to the signed-in user, nearest breach first."""
    return _queue_page("mine")


@roles_required(*STAFF)
def unassigned_cases() -> Any:
    """The open cases nobody owns, nearest breach first."""
    return _queue_page("unassigned")


@roles_required(*STAFF)
def at_risk_cases() -> Any:
    """Open cases with a target 80 % used and not yet breached, the least business time left first."""
    return _queue_page("at_risk")


@roles_required(*STAFF)
def breached_cases() -> Any:
    """Open cases with a breached target, the longest overdue first."""
    return _queue_page("breached")


@roles_required(*STAFF)
def assign_case(case_id: int) -> Any:
    """Give the case to the chosen staff member, or to nobody; back to the case saying so.

    :raise 404: unknown case.
    """
    who = actor()
    form = AssigneeForm(list_assignable_users(actor=who))
    if not form.validate_on_submit():
        flash(gettext("Choose someone who can take cases."), "error")
        return redirect(url_for("staff.case", case_id=case_id), code=303)
    try:
        view = assignment.assign_case(case_id, form.user_id.data, actor=who)
    except (InvalidInput, Conflict) as error:
        flash(describe(error), "error")
        return redirect(url_for("staff.case", case_id=case_id), code=303)
    if view.case.assignee_id is None:
        flash(gettext("The case is nobody's now: it is in the unassigned queue."), "success")
    else:
        flash(gettext("The case is assigned to %(name)s.", name=_chosen_name(form)), "success")
    return redirect(url_for("staff.case", case_id=case_id), code=303)


def _chosen_name(form: AssigneeForm) -> str:
    chosen = str(form.user_id.data)
    return next((str(choice.label) for choice in form.user_id.choices if choice.value == chosen), chosen)


def assignee_picker(assignee_id: int | None) -> tuple[AssigneeForm, dict[int, str]]:
    """The case page's picker set to the current assignee, and the names of those who can take cases."""
    users = list_assignable_users(actor=actor())
    return AssigneeForm(users, formdata=None, user_id=assignee_id), {user.id: user.display_name for user in users}
