"""Reading logged work within the actor's scope: one task, or a list by customer and status."""
from __future__ import annotations

from sqlalchemy import select

from ledger.domain.errors import InvalidInput
from ledger.extensions import db
from ledger.models import Task
from ledger.services.access import Actor, check_customer_visible
from ledger.services.accounts.moved_work import tasks_as_read_by
from ledger.services.errors import NotFound
from ledger.services.work.tasks import TASK_STATUSES


def get_task(task_id: int, *, actor: Actor) -> Task:
    """A task the actor may see, with its decisions (to a customer user, moved work says only that it moved).

    :raise NotFound: unknown, or another customer's.
    """
    task = db.session.get(Task, task_id)
    if task is None:
        raise NotFound(code="task_not_found", task_id=task_id)
    try:
        check_customer_visible(actor, task.customer_id)
    except NotFound:
        raise NotFound(code="task_not_found", task_id=task_id) from None
    return tasks_as_read_by(actor, [task])[0]


def list_tasks(*, actor: Actor, customer_id: int | None = None, status: str | None = None,
               limit: int = 500) -> list[Task]:
    """Tasks, newest work first, filtered by customer and status (a customer user sees only its own)."""
    if status is not None and status not in TASK_STATUSES:
        raise InvalidInput.single("status", "one_of", choices=TASK_STATUSES)
    query = select(Task).order_by(Task.work_date.desc(), Task.id.desc()).limit(limit)
    if actor.role == "customer":
        if customer_id is not None:
            check_customer_visible(actor, customer_id)
        customer_id = actor.customer_id
    if customer_id is not None:
        query = query.where(Task.customer_id == customer_id)
    if status is not None:
        query = query.where(Task.status == status)
    return tasks_as_read_by(actor, list(db.session.execute(query).scalars()))
