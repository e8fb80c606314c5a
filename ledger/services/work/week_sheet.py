"""Logging a week at once: every filled cell of the sheet a task, all saved in one transaction or none.

One bad cell refuses the whole sheet, naming its row and field (`rows.3.wed`), and so does a debit the
account cannot take: nothing of the sheet is written until every task of it can be.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from ledger.domain.errors import Conflict, FieldErrors, InsufficientHours, InvalidInput
from ledger.domain.problems import N_, Problem, define_messages
from ledger.domain.work.classification import Decision
from ledger.domain.work.week_sheet import SheetRow, Week, cell_field, problems_of_cell, read_sheet
from ledger.extensions import db
from ledger.models import Customer, Task
from ledger.services.access import STAFF_ROLES, Actor, require_role
from ledger.services.customers.customers import get_customer, refuse_if_closed
from ledger.services.errors import NotFound
from ledger.services.idempotency import IdempotencyKey, remember, replay, replay_on_race
from ledger.services.tx import lock_account, write_transaction
from ledger.services.work.preview import classify_task
from ledger.services.work.task_rows import CheckedTask, billed_minutes, check_task, insert_task

MESSAGES = define_messages({
    "week_sheet_empty": N_("The sheet has no time on any day; type the time worked in the days' cells."),
    "week_sheet_insufficient_hours": N_(
        "Row %(row)s, %(day)s: customer %(customer_id)s has %(balance_minutes)s left and this needs "
        "%(needed_minutes)s, more than its account allows; nothing of the sheet was saved."),
})


@dataclass(frozen=True)
class RowPreview:
    """What the terms decide for a row, its time in all, and the row's problems (field -> problems)."""

    number: int
    decision: Decision | None
    minutes: int
    billed_minutes: int
    problems: dict[str, list[Problem]] = field(default_factory=dict)


@dataclass(frozen=True)
class WeekResult:
    """The tasks a sheet logged, in row and day order, and each customer's balance after them."""

    tasks: list[Task]
    balances: dict[int, int]


def _merge(errors: FieldErrors, problems: dict[str, list[Problem]]) -> None:
    for name, items in problems.items():
        known = errors.problems.setdefault(name, [])
        known.extend(item for item in items if item not in known)  # a row's fact is wrong once, not once a day


def preview_week(week: Week, rows: Sequence[SheetRow], *, actor: Actor) -> list[RowPreview]:
    """Each row's decision by the terms, its time and what it would bill, with its problems; writes nothing."""
    require_role(actor, *STAFF_ROLES)
    previews = []
    for row in rows:
        if row.blank and not row.facts.get("category"):
            continue
        errors, cells = FieldErrors(), []
        try:
            cells = read_sheet(week, [row])
        except InvalidInput as error:
            errors.merge(error)
        filled = [day for day, text in zip(week.days, row.cells, strict=True) if text.strip()]
        data = {**row.facts, "customer_id": row.customer_id, "work_date": filled[0] if filled else week.monday}
        decision, billed = None, 0
        try:
            # The decision does not depend on the time; each day's task is billed (rounded) on its own.
            decision = classify_task({name: value for name, value in data.items() if value is not None},
                                     actor=actor).decision
            if decision.outcome == "debited" and row.customer_id is not None:
                customer = get_customer(row.customer_id, actor=actor)
                billed = sum(billed_minutes(decision, cell.data["minutes"], customer) for cell in cells)
        except InvalidInput as error:
            _merge(errors, {cell_field(row.number, name): items for name, items in error.problems.items()})
        except NotFound:
            errors.add(cell_field(row.number, "customer_id"), "row_without_customer")
        previews.append(RowPreview(row.number, decision, sum(cell.data["minutes"] for cell in cells), billed,
                                   errors.problems))
    return previews


def _checked_cells(week: Week, rows: Sequence[SheetRow]) -> list[tuple[str, int, CheckedTask]]:
    """(weekday, row number, checked task) of every filled cell; every problem of the sheet raised at once."""
    cells = read_sheet(week, rows)
    if not cells:
        raise InvalidInput.single("rows", "week_sheet_empty")
    errors, checked = FieldErrors(), []
    known = set(db.session.execute(select(Customer.id).where(
        Customer.id.in_({cell.data["customer_id"] for cell in cells}))).scalars())
    for row in sorted({cell.row for cell in cells if cell.data["customer_id"] not in known}):
        errors.add(cell_field(row, "customer_id"), "row_without_customer")
    cells = [cell for cell in cells if cell.data["customer_id"] in known]
    for cell in cells:
        try:
            checked.append((cell.weekday, cell.row, check_task(cell.data)))
        except InvalidInput as error:
            _merge(errors, problems_of_cell(cell, error))
    errors.raise_if_any()
    return checked


@replay_on_race
def record_week(week: Week, rows: Sequence[SheetRow], *, actor: Actor,
                idempotency: IdempotencyKey | None = None) -> WeekResult:
    """Log every filled cell as a task, classified as usual, in one transaction.

    :raise InvalidInput: naming each bad row and field.  :raise Conflict: a customer is closed, or a debit
        passes an account's overdraft limit (naming the row and day); nothing is written.
    """
    require_role(actor, *STAFF_ROLES)
    checked = _checked_cells(week, rows)
    with write_transaction() as session:
        # Every account the sheet writes to, locked in id order (as every multi-account writer does).
        locked = {customer_id: lock_account(session, customer_id)
                  for customer_id in sorted({item.customer_id for _, _, item in checked})}
        if (stored := replay(session, idempotency, "record_week")) is not None:
            return WeekResult([session.get_one(Task, task_id) for task_id in stored["task_ids"]], {
                int(customer_id): balance for customer_id, balance in stored["balances"].items()})
        tasks = []
        for weekday, row, item in checked:
            customer, account = locked[item.customer_id]
            refuse_if_closed(customer)
            try:
                task, _entry = insert_task(session, customer, account, item, actor=actor)
            except InsufficientHours as error:
                raise Conflict(code="week_sheet_insufficient_hours", row=row, day=item.facts.work_date,
                               field=cell_field(row, weekday), **error.params) from None
            tasks.append(task)
        balances = {customer_id: account.balance_minutes for customer_id, (_c, account) in locked.items()}
        remember(session, idempotency, "record_week", {"task_ids": [task.id for task in tasks], "balances": balances})
    return WeekResult(tasks, balances)
