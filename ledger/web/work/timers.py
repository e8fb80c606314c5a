"""Timer pages: the running timer in the menu of every page (stopped from there), starting one, and stopping one
that needs more facts or ran overnight."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from ledger.domain.errors import Conflict, InsufficientHours, InvalidInput
from ledger.domain.work.timers import elapsed_minutes, ran_overnight
from ledger.formatting import hours
from ledger.models import Timer
from ledger.routing import parse_id
from ledger.services.access import Actor
from ledger.services.clock import utcnow
from ledger.services.customers.customers import list_customers
from ledger.services.work import timers as timer_service
from ledger.services.work.rules import active_catalogue
from ledger.web.access import STAFF, actor, roles_required
from ledger.web.errors import describe
from ledger.web.forms import show_service_errors
from ledger.web.redirects import safe_next
from ledger.web.work.time_forms import TimerStartForm, TimerStopForm

#: Refusals a stop from the menu answers by opening the stop page, where the missing facts can be given.
NEEDS_THE_STOP_PAGE = ("timer_overnight", "timer_longer_than_a_day")


def register(bp: Blueprint) -> None:
    """Add the timer pages to the staff blueprint, and the running timer to every page's menu."""
    bp.add_url_rule("/timers", view_func=timers, methods=["GET", "POST"])
    bp.add_url_rule("/timers/<int:timer_id>/stop", view_func=stop_timer, methods=["GET", "POST"])
    bp.add_url_rule("/timers/<int:timer_id>/discard", view_func=discard_timer, methods=["POST"])
    bp.app_context_processor(menu_timer)


def menu_timer() -> dict[str, Any]:
    """`running_timer()` for the menu: the signed-in staff member's running timer, if any (one indexed query);
    `timer_minutes(timer)`: the minutes it has run (or ran)."""

    def running_timer() -> Timer | None:
        """The signed-in staff member's running timer, or None."""
        if not current_user.is_authenticated or current_user.role not in STAFF:
            return None
        return timer_service.running_timer(actor=Actor.of(current_user))

    def timer_minutes(timer: Timer) -> int:
        """The minutes a timer has run, or ran until it stopped."""
        return elapsed_minutes(timer.started_at, timer.stopped_at or max(utcnow(), timer.started_at))

    return {"running_timer": running_timer, "timer_minutes": timer_minutes}


def _active_customers() -> list[Any]:
    return [customer for customer in list_customers(actor=actor()) if customer.status == "active"]


def _timers_page(form: TimerStartForm, status: int = 200) -> Any:
    who = actor()
    return render_template("staff/timers.html", form=form, running=timer_service.running_timer(actor=who),
                           recent=timer_service.list_timers(actor=who), catalogue=active_catalogue()), status


@roles_required(*STAFF)
def timers() -> Any:
    """The running timer, a form to start one, and the latest timers; POST starts one."""
    form = TimerStartForm(_active_customers(), active_catalogue())
    if request.method == "GET":
        form.customer_id.data = parse_id(request.args.get("customer_id"))
        form.case_id.data = parse_id(request.args.get("case_id"))
        return _timers_page(form)
    if not form.validate_on_submit():
        return _timers_page(form, 422)
    try:
        timer = timer_service.start_timer(form.timer_data(), actor=actor())
    except InvalidInput as error:
        show_service_errors(form, error)
        return _timers_page(form, 422)
    except Conflict as error:
        flash(describe(error), "error")
        return _timers_page(form, 409)
    flash(gettext("The timer is running for %(customer)s. Stop it from the menu on any page.",
                  customer=timer.customer.name), "success")
    return redirect(safe_next(request.form.get("next")) or url_for("staff.timers"), code=303)


def _stop_page(timer: Timer, form: TimerStopForm, status: int = 200) -> Any:
    now = max(utcnow(), timer.started_at)
    return render_template("staff/timer_stop.html", timer=timer, form=form, catalogue=active_catalogue(),
                           elapsed=elapsed_minutes(timer.started_at, now),
                           overnight=ran_overnight(timer.started_at, now)), status


def _stopped(result: Any, back: str | None) -> Any:
    task = result.task
    message = gettext("The timer is stopped: task %(id)s, %(minutes)s, was logged.", id=task.id,
                      minutes=hours(task.minutes))
    if result.entry is not None:
        message += " " + gettext("%(billed)s were debited; the balance is now %(balance)s.",
                                 billed=hours(task.billed_minutes), balance=hours(result.balance_minutes))
    flash(message, "success")
    return redirect(back or url_for("staff.task", task_id=task.id), code=303)


@roles_required(*STAFF)
def stop_timer(timer_id: int) -> Any:
    """Stop a timer into a task. From the menu it stops at once when the timer has all it needs; otherwise (and on
    GET) the page asks for the kind of work, the description or, after a night, the time really worked.

    :raise 404: unknown timer, or someone else's.
    """
    timer = timer_service.get_timer(timer_id, actor=actor())
    form = TimerStopForm(active_catalogue(), formdata=None if request.method == "GET" else request.form)
    if request.method == "GET" or timer.stopped_at is not None:
        if timer.stopped_at is not None:
            flash(gettext("This timer is already stopped."), "error")
            return redirect(url_for("staff.timers"), code=302 if request.method == "GET" else 303)
        form.category.data, form.description.data = timer.category, timer.description
        form.next.data = safe_next(request.args.get("next"))
        return _stop_page(timer, form)
    if not form.validate_on_submit():
        return _stop_page(timer, form, 422)
    from_menu = request.form.get("from") == "menu"
    try:
        result = timer_service.stop_timer(timer_id, form.stop_data(), actor=actor())
    except InvalidInput as error:
        if from_menu:
            flash(gettext("Say what the work was before the timer becomes a task."), "error")
            return redirect(url_for("staff.stop_timer", timer_id=timer_id, next=form.next.data), code=303)
        show_service_errors(form, error)
        return _stop_page(timer, form, 422)
    except (Conflict, InsufficientHours) as error:
        flash(describe(error), "error")
        if from_menu and error.code in NEEDS_THE_STOP_PAGE:
            return redirect(url_for("staff.stop_timer", timer_id=timer_id, next=form.next.data), code=303)
        return _stop_page(timer, form, 409)
    return _stopped(result, safe_next(form.next.data) if from_menu else None)


@roles_required(*STAFF)
def discard_timer(timer_id: int) -> Any:
    """Stop a timer without logging anything.

    :raise 404: unknown timer, or someone else's.
    """
    try:
        timer_service.discard_timer(timer_id, actor=actor())
    except Conflict as error:
        flash(describe(error), "error")
    else:
        flash(gettext("The timer was discarded; nothing was logged."), "success")
    return redirect(url_for("staff.timers"), code=303)
