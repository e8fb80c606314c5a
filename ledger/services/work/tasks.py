"""Work logging: record, classify, resolve, override and void tasks, booking what they debit."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain.errors import Conflict, FieldErrors, InvalidInput
from ledger.domain.problems import N_, define_messages
from ledger.domain.work.catalogue import ROOT_CAUSES
from ledger.domain.work.classification import TaskFacts, classify, override_decision
from ledger.models import Customer, LedgerEntry, ServiceAccount, Task
from ledger.services.access import STAFF_ROLES, Actor, require_role
from ledger.services.accounts.entries import reverse_entry
from ledger.services.customers.customers import refuse_if_closed
from ledger.services.errors import NotFound
from ledger.services.idempotency import IdempotencyKey, remember, replay, replay_on_race
from ledger.services.support.agreements import maintenance_active
from ledger.services.tx import lock_account, write_transaction
from ledger.services.work.explanations import ruled_by
from ledger.services.work.rules import active_catalogue
from ledger.services.work.task_rows import (
    apply_decision,
    billed_minutes,
    check_task,
    debit,
    insert_task,
    record_decision,
    uses_maintenance,
    void_locked_task,
)

TASK_STATUSES = ("booked", "needs_review", "voided")
MAX_NOTE_LENGTH = 1000

MESSAGES = define_messages({
    "task_not_found": N_("Task %(task_id)s does not exist."),
    "not_in_review": N_("Task %(task_id)s is %(status)s, not waiting for review."),
    "task_voided": N_("Task %(task_id)s is voided."),
    "same_outcome": N_("Task %(task_id)s is already %(outcome)s."),
})


@dataclass(frozen=True)
class TaskResult:
    """A task after a use case, the entry it wrote (if any) and the balance left."""

    task: Task
    entry: LedgerEntry | None
    balance_minutes: int


@replay_on_race
def record_task(data: dict[str, Any], *, actor: Actor, idempotency: IdempotencyKey | None = None) -> TaskResult:
    """Log work: validate, classify, and for a debited task book its billed minutes.

    :raise InvalidInput: naming each bad fact.  :raise InsufficientHours: past the overdraft limit.
    """
    require_role(actor, *STAFF_ROLES)
    checked = check_task(data)
    with write_transaction() as session:
        customer, account = lock_account(session, checked.customer_id)
        if (stored := replay(session, idempotency, "record_task")) is not None:
            task = session.get_one(Task, stored["task_id"])
            entry = session.get(LedgerEntry, stored["entry_id"]) if stored["entry_id"] else None
            return TaskResult(task, entry, stored["balance_minutes"])
        refuse_if_closed(customer)
        task, entry = insert_task(session, customer, account, checked, actor=actor, idempotency=idempotency)
        result = TaskResult(task, entry, account.balance_minutes)
        remember(session, idempotency, "record_task", {
            "task_id": task.id, "entry_id": entry.id if entry else None, "balance_minutes": account.balance_minutes,
        })
    return result


def locked_task(session: Session, task_id: int) -> tuple[Customer, ServiceAccount, Task]:
    """The task with its customer's account locked; a closed customer's tasks take no new decisions."""
    customer_id = session.execute(select(Task.customer_id).where(Task.id == task_id)).scalar()
    if customer_id is None:
        raise NotFound(code="task_not_found", task_id=task_id)
    customer, account = lock_account(session, customer_id)
    refuse_if_closed(customer)
    task = session.get_one(Task, task_id, populate_existing=True)
    return customer, account, task


def required_note(field: str, value: object) -> str:
    """A reason as written, trimmed; refused when blank or too long."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput.single(field, "reason_required")
    if len(value) > MAX_NOTE_LENGTH:
        raise InvalidInput.single(field, "too_long", max_length=MAX_NOTE_LENGTH)
    return value.strip()


def resolve_task(task_id: int, root_cause: str, *, actor: Actor) -> TaskResult:
    """Set the cause found for a task in review, classify it again and book it.

    :raise Conflict: the task is not waiting for review.  :raise InsufficientHours: it stays in review.
    """
    require_role(actor, *STAFF_ROLES)
    causes = [cause for cause in ROOT_CAUSES if cause != "unknown"]
    if root_cause not in causes:
        raise InvalidInput.single("root_cause", "one_of", choices=causes)
    with write_transaction() as session:
        customer, account, task = locked_task(session, task_id)
        if task.status != "needs_review":
            raise Conflict(code="not_in_review", task_id=task_id, status=task.status)
        decision = classify(replace(task_facts(task), root_cause=root_cause), active_catalogue())
        task.root_cause = root_cause
        apply_decision(task, decision)
        task.billed_minutes = billed_minutes(decision, task.minutes, customer)
        entry = None
        if decision.outcome == "debited":
            entry = debit(session, customer, account, task, actor)
            task.entry_id = entry.id
        record_decision(session, task, "resolved", decision, actor, entry)
        result = TaskResult(task, entry, account.balance_minutes)
    return result


def override_task(task_id: int, outcome: str, reason: str, *, actor: Actor) -> TaskResult:
    """An admin's decision over the rules' (included <-> debited), with who, when, why and what it overrode.

    :raise Conflict: voided, or already that outcome.  :raise InsufficientHours: a new debit past the limit.
    """
    require_role(actor, "admin")
    errors = FieldErrors()
    if outcome not in ("included", "debited"):
        errors.add("outcome", "one_of", choices=("included", "debited"))
    try:
        note = required_note("reason", reason)
    except InvalidInput as error:
        errors.merge(error)
    errors.raise_if_any()
    with write_transaction() as session:
        customer, account, task = locked_task(session, task_id)
        if task.status == "voided":
            raise Conflict(code="task_voided", task_id=task_id)
        if task.outcome == outcome:
            raise Conflict(code="same_outcome", task_id=task_id, outcome=outcome)
        previous_rule = task.rule_id
        # The reason names the overridden rule by its words and clause: a customer reads it (never a rule id).
        decision = override_decision(outcome, ruled_by(task, active_catalogue()), note, task.catalogue_id,
                                     task.catalogue_version)
        entry = None
        if outcome == "included" and task.entry_id is not None:
            entry = reverse_entry(session, customer, account, task.entry_id, actor,
                             f"Task {task.id} overridden to included: {note}", task_id=task.id)
            task.entry_id, task.billed_minutes = None, 0
        apply_decision(task, decision)
        if outcome == "debited":
            task.billed_minutes = billed_minutes(decision, task.minutes, customer)
            entry = debit(session, customer, account, task, actor)
            task.entry_id = entry.id
        record_decision(session, task, "overridden", decision, actor, entry, overridden_rule_id=previous_rule, note=note)
        result = TaskResult(task, entry, account.balance_minutes)
    return result


def void_task(task_id: int, reason: str, *, actor: Actor) -> TaskResult:
    """Cancel a task logged in error; a debit is reversed, and the task stays visible as voided.

    :raise Conflict: already voided.
    """
    require_role(actor, *STAFF_ROLES)
    note = required_note("reason", reason)
    with write_transaction() as session:
        customer, account, task = locked_task(session, task_id)
        if task.status == "voided":
            raise Conflict(code="task_voided", task_id=task_id)
        entry = void_locked_task(session, customer, account, task, actor, note,
                                 reason_sv=f"Makulerad: {note}", reason_en=f"Voided: {note}")
        result = TaskResult(task, entry, account.balance_minutes)
    return result


def task_facts(task: Task) -> TaskFacts:
    """The facts a task was recorded with (maintenance as on its work date)."""
    facts = TaskFacts(
        category=task.category, minutes=task.minutes, work_date=task.work_date, description=task.description,
        root_cause=task.root_cause, partner_new_major_version=task.partner_new_major_version,
        agreement_reference=task.agreement_reference, over_quota=task.case is not None and task.case.over_quota,
    )
    if uses_maintenance(active_catalogue(), facts):
        facts = replace(facts, maintenance_active=maintenance_active(task.customer_id, task.work_date))
    return facts
