"""Timers: start one on work for a customer, stop it to log the task (classified as usual), or discard it.

A timer is a row, not something a server process holds, so it keeps running across restarts and on whichever
app server the next request reaches. One running timer per user: the database's partial unique index refuses a
second even when two starts race.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ledger.domain.errors import Conflict, FieldErrors
from ledger.domain.work.classification import MAX_DESCRIPTION_LENGTH
from ledger.domain.work.timers import minutes_to_log, work_date_of
from ledger.extensions import db
from ledger.models import Customer, Timer
from ledger.services.access import STAFF_ROLES, Actor, require_role
from ledger.services.clock import utcnow
from ledger.services.customers.customers import refuse_if_closed
from ledger.services.errors import NotFound
from ledger.services.support.cases import case_over_quota
from ledger.services.tx import lock_account, write_transaction
from ledger.services.work.rules import active_catalogue
from ledger.services.work.task_rows import check_task, check_task_ids, insert_task
from ledger.services.work.tasks import TaskResult

#: Facts a stop may add to (or change from) what the timer was started with.
STOP_FACTS = ("category", "description", "root_cause", "partner_new_major_version", "agreement_reference")


def _check_start(data: dict[str, Any]) -> FieldErrors:
    errors = FieldErrors()
    check_task_ids(data, errors)
    category = data.get("category")
    if category is not None and category not in active_catalogue().categories:
        errors.add("category", "unknown_category", category=str(category)[:100],
                   choices=sorted(active_catalogue().categories))
    description = data.get("description")
    if description is not None and not isinstance(description, str):
        errors.add("description", "not_text")
    elif isinstance(description, str) and len(description) > MAX_DESCRIPTION_LENGTH:
        errors.add("description", "too_long", max_length=MAX_DESCRIPTION_LENGTH)
    return errors


def _running_of(session: Session, user_id: int | None) -> Timer | None:
    return session.execute(
        select(Timer).where(Timer.user_id == user_id, Timer.stopped_at.is_(None))
    ).scalar_one_or_none()


def _refuse_second(running: Timer) -> Conflict:
    return Conflict(code="timer_already_running", timer_id=running.id, started_at=running.started_at)


def start_timer(data: dict[str, Any], *, actor: Actor) -> Timer:
    """Start the actor's timer on work for a customer (and a case, a kind of work, a description if known).

    :raise InvalidInput: naming each bad field.  :raise Conflict: a timer of the actor's is already running.
    """
    require_role(actor, *STAFF_ROLES)
    errors = _check_start(data)
    errors.raise_if_any()
    customer_id, case_id = data["customer_id"], data.get("case_id")
    if case_id is not None:
        case_over_quota(case_id, customer_id)  # refuses an unknown case or another customer's
    description = (data.get("description") or "").strip() or None
    try:
        with write_transaction() as session:
            customer = session.get(Customer, customer_id)
            if customer is None:
                raise NotFound(phrasing="customer_not_found", customer_id=customer_id)
            refuse_if_closed(customer)
            running = _running_of(session, actor.id)
            if running is not None:
                raise _refuse_second(running)
            timer = Timer(user_id=actor.id, customer_id=customer_id, case_id=case_id, category=data.get("category"),
                          description=description, started_at=utcnow(), stopped_at=None, task_id=None)
            session.add(timer)
    except IntegrityError:
        # A start of the same user's committed between the look and the insert: the index refused this one.
        running = _running_of(db.session(), actor.id)
        if running is None:
            raise
        raise _refuse_second(running) from None
    return timer


def running_timer(*, actor: Actor) -> Timer | None:
    """The actor's running timer, if any (for the menu on every page)."""
    if actor.role not in STAFF_ROLES:
        return None
    return _running_of(db.session(), actor.id)


def get_timer(timer_id: int, *, actor: Actor) -> Timer:
    """One of the actor's timers (an admin may read anyone's).

    :raise NotFound: unknown, or another person's.
    """
    require_role(actor, *STAFF_ROLES)
    timer = db.session.get(Timer, timer_id)
    if timer is None or (timer.user_id != actor.id and actor.role != "admin"):
        raise NotFound(code="timer_not_found", timer_id=timer_id)
    return timer


def list_timers(*, actor: Actor, limit: int = 20) -> list[Timer]:
    """The actor's timers, the latest started first."""
    require_role(actor, *STAFF_ROLES)
    return list(db.session.execute(
        select(Timer).where(Timer.user_id == actor.id).order_by(Timer.started_at.desc(), Timer.id.desc()).limit(limit)
    ).scalars())


def _locked_running(session: Session, timer_id: int, actor: Actor) -> Timer:
    timer = session.execute(
        select(Timer).where(Timer.id == timer_id).with_for_update().execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if timer is None or (timer.user_id != actor.id and actor.role != "admin"):
        raise NotFound(code="timer_not_found", timer_id=timer_id)
    if timer.stopped_at is not None:
        raise Conflict(code="timer_stopped", timer_id=timer_id)
    return timer


def stop_timer(timer_id: int, data: dict[str, Any], *, actor: Actor) -> TaskResult:
    """Stop a timer and log its task, classified as usual, on the day it was started, as its owner's work.

    `data` may give the `minutes` worked (instead of the time elapsed), `confirm_overnight` for a timer left
    running overnight, and the facts of the task (STOP_FACTS) the timer was started without.
    :raise Conflict: stopped already, or left running overnight and not confirmed.  :raise InvalidInput: a
        fact is missing or wrong (the timer keeps running).  :raise InsufficientHours: past the overdraft limit.
    """
    require_role(actor, *STAFF_ROLES)
    timer = get_timer(timer_id, actor=actor)
    if timer.stopped_at is not None:
        raise Conflict(code="timer_stopped", timer_id=timer_id)
    now = max(utcnow(), timer.started_at)
    # A typed time is checked with the task's other facts below, which names a bad one.
    stop = minutes_to_log(timer.id, timer.started_at, now, typed_minutes=data.get("minutes"),
                          confirmed=bool(data.get("confirm_overnight")))
    facts = {"category": timer.category, "description": timer.description or ""}
    facts.update({name: data[name] for name in STOP_FACTS if data.get(name) is not None})
    checked = check_task({**facts, "customer_id": timer.customer_id, "case_id": timer.case_id,
                          "minutes": stop.minutes, "work_date": work_date_of(timer.started_at)})
    with write_transaction() as session:
        customer, account = lock_account(session, timer.customer_id)
        locked = _locked_running(session, timer_id, actor)
        refuse_if_closed(customer)
        task, entry = insert_task(session, customer, account, checked, actor=actor, created_by=locked.user_id)
        locked.stopped_at, locked.task_id = now, task.id
        result = TaskResult(task, entry, account.balance_minutes)
    return result


def discard_timer(timer_id: int, *, actor: Actor) -> Timer:
    """Stop a timer without logging anything (started by mistake).

    :raise Conflict: stopped already.
    """
    require_role(actor, *STAFF_ROLES)
    with write_transaction() as session:
        timer = _locked_running(session, timer_id, actor)
        timer.stopped_at = max(utcnow(), timer.started_at)
    return timer
