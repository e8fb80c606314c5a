"""Work logging: record, classify, resolve, override and void tasks, booking what they debit."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from ledger.domain.accounts.entries import EntryKind
from ledger.domain.errors import Conflict, FieldErrors, InvalidInput
from ledger.domain.minutes import round_up_minutes
from ledger.domain.periods import local_date
from ledger.domain.problems import N_, define_messages
from ledger.domain.work.catalogue import ROOT_CAUSES, Catalogue
from ledger.domain.work.classification import Decision, TaskFacts, check_task_facts, classify
from ledger.models import Customer, LedgerEntry, ServiceAccount, Task, TaskDecision
from ledger.services.access import STAFF_ROLES, Actor, require_role
from ledger.services.accounts.entries import book_entry, reverse_entry
from ledger.services.clock import utcnow
from ledger.services.customers.customers import refuse_if_closed
from ledger.services.errors import NotFound
from ledger.services.idempotency import IdempotencyKey, remember, replay, replay_on_race
from ledger.services.rows import insert_row, update_row
from ledger.services.support.agreements import maintenance_active
from ledger.services.support.cases import case_over_quota
from ledger.services.tx import lock_account, write_transaction
from ledger.services.work.rules import active_catalogue

TASK_STATUSES = ("booked", "needs_review", "voided")
MAX_NOTE_LENGTH = 1000

MESSAGES = define_messages({
    "customer_id_required": N_("Must be the id of a customer."),
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


def billed_minutes(decision: Decision, minutes: int, customer: Customer) -> int:
    return round_up_minutes(minutes, customer.billing_increment_minutes) if decision.outcome == "debited" else 0


def _status_of(outcome: str) -> str:
    return "needs_review" if outcome == "needs_review" else "booked"


def _debit(session: Session, customer: Customer, account: ServiceAccount, task: Task, actor: Actor,
           idempotency: IdempotencyKey | None = None) -> LedgerEntry:
    """Book the task's billed minutes as a consumption (refused past the overdraft limit)."""
    return book_entry(
        session, customer, account, EntryKind.CONSUMPTION, -task.billed_minutes, actor=actor,
        memo=f"Task {task.id}: {task.description[:200]}", what="this task", task_id=task.id,
        idempotency=idempotency,
    )


def _record_decision(session: Session, task: Task, action: str, decision: Decision, actor: Actor,
                     entry: LedgerEntry | None, *, overridden_rule_id: str | None = None, note: str | None = None) -> None:
    history = task.decisions
    row = insert_row(session, TaskDecision, {
        "task_id": task.id, "seq": len(history) + 1, "action": action, "outcome": decision.outcome,
        "rule_id": decision.rule_id, "catalogue_id": decision.catalogue_id,
        "catalogue_version": decision.catalogue_version, "reason_sv": decision.reason_sv,
        "reason_en": decision.reason_en, "overridden_rule_id": overridden_rule_id, "note": note,
        "entry_id": entry.id if entry else None, "actor_id": actor.id, "decided_at": utcnow(),
    })
    set_committed_value(task, "decisions", [*history, row])  # the history as the database now holds it


def _decision_columns(decision: Decision) -> dict[str, str]:
    return {
        "outcome": decision.outcome, "rule_id": decision.rule_id, "catalogue_id": decision.catalogue_id,
        "catalogue_version": decision.catalogue_version, "reason_sv": decision.reason_sv,
        "reason_en": decision.reason_en, "status": _status_of(decision.outcome),
    }


def _apply(task: Task, decision: Decision) -> None:
    for column, value in _decision_columns(decision).items():
        setattr(task, column, value)


@replay_on_race
def record_task(data: dict[str, Any], *, actor: Actor, idempotency: IdempotencyKey | None = None) -> TaskResult:
    """Log work: validate, classify, and for a debited task book its billed minutes.

    :raise InvalidInput: naming each bad fact.  :raise InsufficientHours: past the overdraft limit.
    """
    require_role(actor, *STAFF_ROLES)
    catalogue = active_catalogue()
    errors = FieldErrors()
    customer_id = data.get("customer_id")
    if isinstance(customer_id, bool) or not isinstance(customer_id, int):
        errors.add("customer_id", "customer_id_required")
    case_id = data.get("case_id")
    if case_id is not None and (isinstance(case_id, bool) or not isinstance(case_id, int)):
        errors.add("case_id", "not_whole_number")
    try:
        facts = check_task_facts(data, catalogue, today=local_date(utcnow()))
    except InvalidInput as error:
        errors.merge(error)
    errors.raise_if_any()
    if case_id is not None:  # a case's quota was decided when it was opened, so it is read before the lock
        facts = replace(facts, over_quota=case_over_quota(case_id, customer_id))
    if uses_maintenance(catalogue, facts):
        facts = replace(facts, maintenance_active=maintenance_active(customer_id, facts.work_date))
    decision = classify(facts, catalogue)
    with write_transaction() as session:
        customer, account = lock_account(session, customer_id)
        if (stored := replay(session, idempotency, "record_task")) is not None:
            task = session.get_one(Task, stored["task_id"])
            entry = session.get(LedgerEntry, stored["entry_id"]) if stored["entry_id"] else None
            return TaskResult(task, entry, stored["balance_minutes"])
        refuse_if_closed(customer)
        task = insert_row(session, Task, {
            "customer_id": customer.id, "work_date": facts.work_date, "minutes": facts.minutes,
            "billed_minutes": billed_minutes(decision, facts.minutes, customer), "category": facts.category,
            "root_cause": facts.root_cause, "partner_new_major_version": facts.partner_new_major_version,
            "agreement_reference": facts.agreement_reference, "description": facts.description, "case_id": case_id,
            "entry_id": None, "created_by": actor.id, "created_at": utcnow(), **_decision_columns(decision),
        }, decisions=[])  # a new task's history is empty: no query to find that out
        entry = None
        if decision.outcome == "debited":
            entry = _debit(session, customer, account, task, actor, idempotency)
            update_row(session, task, entry_id=entry.id)
        _record_decision(session, task, "classified", decision, actor, entry)
        result = TaskResult(task, entry, account.balance_minutes)
        remember(session, idempotency, "record_task", {
            "task_id": task.id, "entry_id": entry.id if entry else None, "balance_minutes": account.balance_minutes,
        })
    return result


def _locked_task(session: Session, task_id: int) -> tuple[Customer, ServiceAccount, Task]:
    """The task with its customer's account locked; a closed customer's tasks take no new decisions."""
    customer_id = session.execute(select(Task.customer_id).where(Task.id == task_id)).scalar()
    if customer_id is None:
        raise NotFound(code="task_not_found", task_id=task_id)
    customer, account = lock_account(session, customer_id)
    refuse_if_closed(customer)
    task = session.get_one(Task, task_id, populate_existing=True)
    return customer, account, task


def _required_note(field: str, value: object) -> str:
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
        customer, account, task = _locked_task(session, task_id)
        if task.status != "needs_review":
            raise Conflict(code="not_in_review", task_id=task_id, status=task.status)
        decision = classify(replace(task_facts(task), root_cause=root_cause), active_catalogue())
        task.root_cause = root_cause
        _apply(task, decision)
        task.billed_minutes = billed_minutes(decision, task.minutes, customer)
        entry = None
        if decision.outcome == "debited":
            entry = _debit(session, customer, account, task, actor)
            task.entry_id = entry.id
        _record_decision(session, task, "resolved", decision, actor, entry)
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
        note = _required_note("reason", reason)
    except InvalidInput as error:
        errors.merge(error)
    errors.raise_if_any()
    with write_transaction() as session:
        customer, account, task = _locked_task(session, task_id)
        if task.status == "voided":
            raise Conflict(code="task_voided", task_id=task_id)
        if task.outcome == outcome:
            raise Conflict(code="same_outcome", task_id=task_id, outcome=outcome)
        previous_rule = task.rule_id
        decision = Decision(
            outcome=outcome, rule_id=f"override.{outcome}",
            reason_sv=f"Beslutat av administratör i stället för regeln {previous_rule}: {note}",
            reason_en=f"Decided by an administrator instead of rule {previous_rule}: {note}",
            catalogue_id=task.catalogue_id, catalogue_version=task.catalogue_version,
        )
        entry = None
        if outcome == "included" and task.entry_id is not None:
            entry = reverse_entry(session, customer, account, task.entry_id, actor,
                             f"Task {task.id} overridden to included: {note}", task_id=task.id)
            task.entry_id, task.billed_minutes = None, 0
        _apply(task, decision)
        if outcome == "debited":
            task.billed_minutes = billed_minutes(decision, task.minutes, customer)
            entry = _debit(session, customer, account, task, actor)
            task.entry_id = entry.id
        _record_decision(session, task, "overridden", decision, actor, entry, overridden_rule_id=previous_rule, note=note)
        result = TaskResult(task, entry, account.balance_minutes)
    return result


def void_task(task_id: int, reason: str, *, actor: Actor) -> TaskResult:
    """Cancel a task logged in error; a debit is reversed, and the task stays visible as voided.

    :raise Conflict: already voided.
    """
    require_role(actor, *STAFF_ROLES)
    note = _required_note("reason", reason)
    with write_transaction() as session:
        customer, account, task = _locked_task(session, task_id)
        if task.status == "voided":
            raise Conflict(code="task_voided", task_id=task_id)
        entry = None
        if task.entry_id is not None:
            entry = reverse_entry(session, customer, account, task.entry_id, actor, f"Task {task.id} voided: {note}",
                             task_id=task.id)
            task.entry_id = None
        task.status = "voided"
        decision = Decision(
            outcome=task.outcome, rule_id=task.rule_id, catalogue_id=task.catalogue_id,
            catalogue_version=task.catalogue_version,
            reason_sv=f"Makulerad: {note}", reason_en=f"Voided: {note}",
        )
        _record_decision(session, task, "voided", decision, actor, entry, note=note)
        result = TaskResult(task, entry, account.balance_minutes)
    return result


def uses_maintenance(catalogue: Catalogue, facts: TaskFacts) -> bool:
    """Whether the decision can depend on maintenance: only then are the agreements read (what the customer had
    on the day of the work, not today)."""
    category = catalogue.category(facts.category)
    return facts.work_date is not None and category is not None and "maintenance_active" in category.uses


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
