"""What a customer reads of work moved to another customer: that it moved, and nothing more (docs/staff-time.md).

A correction that moves a task voids it on the first customer and logs it on the other. The first customer's
ledger keeps the debit and its reversal (entries are never changed, and their memos name the work), but its
users must read none of the work's description, reasons or notes there. Every read that hands a customer
user tasks or entries passes them through `tasks_as_read_by` / `entries_as_read_by`; staff read everything.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased

from ledger.extensions import db
from ledger.models import LedgerEntry, Task
from ledger.services.access import Actor

MOVED_SV = "Flyttad till en annan kund."
MOVED_EN = "Moved to another customer."


def moved_away(task_ids: Iterable[int]) -> set[int]:
    """Which of these tasks a correction moved to another customer (one query on their primary keys)."""
    ids = sorted(set(task_ids))
    if not ids:
        return set()
    replacement = aliased(Task)
    return set(db.session.execute(
        select(Task.id).join(replacement, replacement.id == Task.replaced_by_task_id)
        .where(Task.id.in_(ids), replacement.customer_id != Task.customer_id)
    ).scalars())


class MovedTask:
    """A moved task as its first customer reads it: its day and time, that it moved, and that it costs nothing.

    Only the attributes named in SHOWN reach the task; anything else is absent, so a page or schema that asks
    for more gets nothing rather than the other customer's words.
    """

    SHOWN = frozenset({"id", "customer_id", "work_date", "minutes", "category", "status", "outcome", "rule_id",
                       "catalogue_id", "catalogue_version", "case_id", "created_at", "created_by"})
    moved = True
    description = ""
    reason_sv, reason_en = MOVED_SV, MOVED_EN
    billed_minutes = 0
    entry_id = root_cause = partner_new_major_version = agreement_reference = None
    replaces_task_id = replaced_by_task_id = case = None
    decisions: Sequence[Any] = ()

    def __init__(self, task: Task) -> None:
        self._task = task

    def __getattr__(self, name: str) -> Any:
        if name in MovedTask.SHOWN:
            return getattr(self._task, name)
        raise AttributeError(name)


class MovedEntry:
    """An entry of moved work as its first customer reads it: the memo says the work moved, not what it was."""

    moved = True

    def __init__(self, entry: LedgerEntry) -> None:
        self._entry = entry
        action = " voided" if entry.kind == "reversal" else ""
        # Written the way the services write task memos, so pages read it back like one (domain/accounts/memos).
        self.memo = f"Task {entry.task_id}{action}: {MOVED_EN[:-1].lower()}"

    def __getattr__(self, name: str) -> Any:
        return getattr(self._entry, name)


def tasks_as_read_by(actor: Actor, tasks: Sequence[Task]) -> list[Any]:
    """The tasks as `actor` may read them: for a customer user, moved ones say only that they moved."""
    if actor.role != "customer":
        return list(tasks)
    moved = moved_away(task.id for task in tasks if task.replaced_by_task_id is not None)
    return [MovedTask(task) if task.id in moved else task for task in tasks]


def entries_as_read_by(actor: Actor, entries: Sequence[LedgerEntry]) -> list[Any]:
    """The entries as `actor` may read them: for a customer user, the memos of moved work say only that."""
    if actor.role != "customer":
        return list(entries)
    moved = moved_away(entry.task_id for entry in entries if entry.task_id is not None)
    return [MovedEntry(entry) if entry.task_id in moved else entry for entry in entries]
