"""Correcting a task in one step: it is voided and its replacement logged in one transaction, each naming the other.

The ledger sees exactly what voiding the task and logging the replacement would write — the reversal first, so
that a smaller correction on an account without overdraft is never refused for hours the old debit still holds.
The replacement stays the work of whoever logged the original; who corrected it is in both histories.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ledger.domain.errors import Conflict, InvalidInput
from ledger.domain.problems import N_, define_messages
from ledger.domain.work.classification import Decision
from ledger.extensions import db
from ledger.models import LedgerEntry, Task
from ledger.services.access import STAFF_ROLES, Actor, require_role
from ledger.services.accounts.entries import reverse_entry
from ledger.services.customers.customers import refuse_if_closed
from ledger.services.errors import NotFound
from ledger.services.tx import lock_account, write_transaction
from ledger.services.work.task_rows import check_task, insert_task, record_decision
from ledger.services.work.tasks import required_note

MESSAGES = define_messages({
    "nothing_to_correct": N_("The correction changes nothing on task %(task_id)s."),
    "unknown_fact": N_("%(name)s is not a fact a correction can change; it can change: %(choices)s."),
})
#: What `facts` may change besides minutes, category and customer.
CORRECTABLE_FACTS = ("work_date", "description", "root_cause", "partner_new_major_version", "agreement_reference",
                     "case_id")
_TASK_FIELDS = ("customer_id", "minutes", "category", *CORRECTABLE_FACTS)


@dataclass(frozen=True)
class Correction:
    """The voided task, its replacement, the entries the correction wrote, and the replacement's balance."""

    original: Task
    replacement: Task
    reversal: LedgerEntry | None
    entry: LedgerEntry | None
    balance_minutes: int


def _corrected_data(task: Task, changes: dict[str, Any]) -> dict[str, Any]:
    """The replacement's facts: the task's own, with what the correction changes."""
    data = {name: getattr(task, name) for name in _TASK_FIELDS}
    facts = changes.get("facts") or {}
    if not isinstance(facts, dict):
        raise InvalidInput.single("facts", "not_text")
    unknown = sorted(set(facts) - set(CORRECTABLE_FACTS))
    if unknown:
        raise InvalidInput.single(f"facts.{unknown[0]}"[:100], "unknown_fact", name=unknown[0][:100],
                                  choices=CORRECTABLE_FACTS)
    moved = changes.get("customer_id") is not None and changes["customer_id"] != task.customer_id
    if moved:
        data["case_id"] = None  # a case is its customer's: the work leaves it unless another case is named
    data.update(facts)
    data.update({name: changes[name] for name in ("customer_id", "minutes", "category") if changes.get(name) is not None})
    return data


def correct_task(task_id: int, changes: dict[str, Any], *, actor: Actor) -> Correction:
    """Void a task and log its corrected replacement (`minutes`, `category`, `facts`, `customer_id`) in one step.

    :raise InvalidInput: no reason, or a corrected fact is wrong.  :raise Conflict: voided already, or the
        correction changes nothing.  :raise InsufficientHours: the replacement's debit passes the limit.
    """
    require_role(actor, *STAFF_ROLES)
    note = required_note("reason", changes.get("reason"))
    task = db.session.get(Task, task_id)
    if task is None:
        raise NotFound(code="task_not_found", task_id=task_id)
    data = _corrected_data(task, changes)
    if data == {name: getattr(task, name) for name in _TASK_FIELDS}:
        raise Conflict(code="nothing_to_correct", task_id=task_id)
    checked = check_task(data)
    with write_transaction() as session:
        # Both accounts locked in id order, so two corrections moving work opposite ways cannot deadlock.
        locked = {customer_id: lock_account(session, customer_id)
                  for customer_id in sorted({task.customer_id, checked.customer_id})}
        customer, account = locked[task.customer_id]
        new_customer, new_account = locked[checked.customer_id]
        refuse_if_closed(customer)
        refuse_if_closed(new_customer)
        original = session.get_one(Task, task_id, populate_existing=True)
        if original.status == "voided":
            raise Conflict(code="task_voided", task_id=task_id)
        reversal = None
        if original.entry_id is not None:
            reversal = reverse_entry(session, customer, account, original.entry_id, actor,
                                     f"Task {original.id} voided: {note}", task_id=original.id)
            original.entry_id = None
        replacement, entry = insert_task(session, new_customer, new_account, checked, actor=actor,
                                         created_by=original.created_by, replaces_task_id=original.id,
                                         note=note)
        original.status, original.replaced_by_task_id = "voided", replacement.id
        record_decision(session, original, "voided", Decision(
            outcome=original.outcome, rule_id=original.rule_id, catalogue_id=original.catalogue_id,
            catalogue_version=original.catalogue_version,
            reason_sv=f"Rättad: ersatt av uppgift {replacement.id}. {note}",
            reason_en=f"Corrected: replaced by task {replacement.id}. {note}",
        ), actor, reversal, note=note)
        result = Correction(original, replacement, reversal, entry, new_account.balance_minutes)
    return result
