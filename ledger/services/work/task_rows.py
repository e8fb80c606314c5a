"""Checking reported work before a transaction, and writing a task, its decisions and its debit inside one.

Every way of logging work (one task, a timer, a week sheet, a correction) checks and classifies its facts
first, with no lock held, then writes through `insert_task` in its own transaction, so that each of them books
exactly what logging the task alone would.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from ledger.domain.accounts.entries import EntryKind
from ledger.domain.errors import FieldErrors, InvalidInput
from ledger.domain.minutes import round_up_minutes
from ledger.domain.periods import local_date
from ledger.domain.problems import N_, define_messages
from ledger.domain.work.catalogue import Catalogue
from ledger.domain.work.classification import Decision, TaskFacts, check_task_facts, classify
from ledger.models import Customer, LedgerEntry, ServiceAccount, Task, TaskDecision
from ledger.services.access import Actor
from ledger.services.accounts.entries import book_entry, reverse_entry
from ledger.services.clock import utcnow
from ledger.services.idempotency import IdempotencyKey
from ledger.services.rows import insert_row, insert_row_and_update
from ledger.services.support.agreements import maintenance_active
from ledger.services.support.cases import case_over_quota
from ledger.services.work.rules import active_catalogue

MESSAGES = define_messages({
    "customer_id_required": N_("Must be the id of a customer."),
})


@dataclass(frozen=True)
class CheckedTask:
    """Work whose facts are valid and classified, ready to be written for a customer."""

    customer_id: int
    case_id: int | None
    facts: TaskFacts
    decision: Decision


def uses_maintenance(catalogue: Catalogue, facts: TaskFacts) -> bool:
    """Whether the decision can depend on maintenance: only then are the agreements read (what the customer had
    on the day of the work, not today)."""
    category = catalogue.category(facts.category)
    return facts.work_date is not None and category is not None and "maintenance_active" in category.uses


def check_task_ids(data: dict[str, Any], errors: FieldErrors) -> None:
    """The customer a task is for (required) and its case (optional), as whole numbers, on `errors`."""
    customer_id = data.get("customer_id")
    if isinstance(customer_id, bool) or not isinstance(customer_id, int):
        errors.add("customer_id", "customer_id_required")
    case_id = data.get("case_id")
    if case_id is not None and (isinstance(case_id, bool) or not isinstance(case_id, int)):
        errors.add("case_id", "not_whole_number")


def check_task(data: dict[str, Any]) -> CheckedTask:
    """Validate and classify reported work, reading the case's quota and the maintenance it depends on.

    :raise InvalidInput: naming every bad field.
    """
    catalogue = active_catalogue()
    errors = FieldErrors()
    check_task_ids(data, errors)
    try:
        facts = check_task_facts(data, catalogue, today=local_date(utcnow()))
    except InvalidInput as error:
        errors.merge(error)
    errors.raise_if_any()
    customer_id, case_id = data["customer_id"], data.get("case_id")
    if case_id is not None:  # a case's quota was decided when it was opened, so it is read before the lock
        facts = replace(facts, over_quota=case_over_quota(case_id, customer_id))
    if uses_maintenance(catalogue, facts):
        facts = replace(facts, maintenance_active=maintenance_active(customer_id, facts.work_date))
    return CheckedTask(customer_id, case_id, facts, classify(facts, catalogue))  # type: ignore[arg-type]


def billed_minutes(decision: Decision, minutes: int, customer: Customer) -> int:
    """The minutes a decision takes from the account: rounded up to the customer's increment when debited."""
    return round_up_minutes(minutes, customer.billing_increment_minutes) if decision.outcome == "debited" else 0


def status_of(outcome: str) -> str:
    """The task status an outcome gives."""
    return "needs_review" if outcome == "needs_review" else "booked"


def debit(session: Session, customer: Customer, account: ServiceAccount, task: Task, actor: Actor,
          idempotency: IdempotencyKey | None = None) -> LedgerEntry:
    """Book the task's billed minutes as a consumption (refused past the overdraft limit)."""
    return book_entry(
        session, customer, account, EntryKind.CONSUMPTION, -task.billed_minutes, actor=actor,
        memo=f"Task {task.id}: {task.description[:200]}", what="this task", task_id=task.id,
        idempotency=idempotency,
    )


def record_decision(session: Session, task: Task, action: str, decision: Decision, actor: Actor,
                    entry: LedgerEntry | None, *, overridden_rule_id: str | None = None,
                    note: str | None = None, task_values: dict[str, Any] | None = None) -> None:
    """Append a decision to the task's history (and write `task_values` to the task's row: on PostgreSQL in the
    same statement)."""
    history = task.decisions
    columns = {
        "task_id": task.id, "seq": len(history) + 1, "action": action, "outcome": decision.outcome,
        "rule_id": decision.rule_id, "catalogue_id": decision.catalogue_id,
        "catalogue_version": decision.catalogue_version, "reason_sv": decision.reason_sv,
        "reason_en": decision.reason_en, "overridden_rule_id": overridden_rule_id, "note": note,
        "entry_id": entry.id if entry else None, "actor_id": actor.id, "decided_at": utcnow(),
    }
    row = (insert_row_and_update(session, TaskDecision, columns, task, **task_values) if task_values
           else insert_row(session, TaskDecision, columns))
    set_committed_value(task, "decisions", [*history, row])  # the history as the database now holds it


def decision_columns(decision: Decision) -> dict[str, str]:
    """The task columns that hold its current decision."""
    return {
        "outcome": decision.outcome, "rule_id": decision.rule_id, "catalogue_id": decision.catalogue_id,
        "catalogue_version": decision.catalogue_version, "reason_sv": decision.reason_sv,
        "reason_en": decision.reason_en, "status": status_of(decision.outcome),
    }


def apply_decision(task: Task, decision: Decision) -> None:
    """Make `decision` the task's current one."""
    for column, value in decision_columns(decision).items():
        setattr(task, column, value)


def insert_task(session: Session, customer: Customer, account: ServiceAccount, checked: CheckedTask, *,
                actor: Actor, created_by: int | None = None, replaces_task_id: int | None = None,
                note: str | None = None, idempotency: IdempotencyKey | None = None) -> tuple[Task, LedgerEntry | None]:
    """Write a checked task for its locked customer, book what it debits and record its first decision.

    `created_by` is whose work it is (default: the actor); `replaces_task_id` names the task a correction voids.
    :raise InsufficientHours: the debit would pass the overdraft limit.
    """
    facts, decision = checked.facts, checked.decision
    task = insert_row(session, Task, {
        "customer_id": customer.id, "work_date": facts.work_date, "minutes": facts.minutes,
        "billed_minutes": billed_minutes(decision, facts.minutes, customer), "category": facts.category,
        "root_cause": facts.root_cause, "partner_new_major_version": facts.partner_new_major_version,
        "agreement_reference": facts.agreement_reference, "description": facts.description,
        "case_id": checked.case_id, "entry_id": None, "created_by": actor.id if created_by is None else created_by,
        "created_at": utcnow(), "replaces_task_id": replaces_task_id, "replaced_by_task_id": None,
        **decision_columns(decision),
    }, decisions=[])  # a new task's history is empty: no query to find that out
    entry = None
    if decision.outcome == "debited":
        entry = debit(session, customer, account, task, actor, idempotency)
    record_decision(session, task, "classified", decision, actor, entry, note=note,
                    task_values={"entry_id": entry.id} if entry else None)
    return task, entry


def void_locked_task(session: Session, customer: Customer, account: ServiceAccount, task: Task, actor: Actor,
                     note: str, *, reason_sv: str, reason_en: str) -> LedgerEntry | None:
    """Void a task of a locked account: reverse its debit, mark it voided, record why; returns the reversal."""
    entry = None
    if task.entry_id is not None:
        entry = reverse_entry(session, customer, account, task.entry_id, actor, f"Task {task.id} voided: {note}",
                              task_id=task.id)
        task.entry_id = None
    task.status = "voided"
    decision = Decision(outcome=task.outcome, rule_id=task.rule_id, catalogue_id=task.catalogue_id,
                        catalogue_version=task.catalogue_version, reason_sv=reason_sv, reason_en=reason_en)
    record_decision(session, task, "voided", decision, actor, entry, note=note)
    return entry
