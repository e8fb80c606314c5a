"""Work logging: record, list, read, resolve, override, void and correct tasks (docs/api.md, docs/staff-time.md)."""
from __future__ import annotations

from typing import Any

from ledger.api.auth import authenticate, current_actor, idempotency_key
from ledger.api.blueprint import ApiBlueprint
from ledger.api.customers.schemas import IdempotencyHeaders
from ledger.api.work.correction_schemas import CorrectIn, CorrectionOut
from ledger.api.work.schemas import (
    OverrideIn,
    ResolveIn,
    TaskDetailOut,
    TaskIn,
    TaskListQuery,
    TaskOut,
    TaskResultOut,
    VoidIn,
)
from ledger.services.work import reads as task_reads
from ledger.services.work import corrections, tasks

blp = ApiBlueprint("tasks", __name__, url_prefix="/api/v1/tasks", description="Logged work and its decisions")
blp.before_request(authenticate)


@blp.route("", methods=["POST"])
@blp.arguments(TaskIn)
@blp.arguments(IdempotencyHeaders, location="headers")
@blp.response(201, TaskResultOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def record_task(data: dict[str, Any], headers: dict[str, Any]) -> Any:
    """Log work: classified by the terms, debited minutes booked (staff, admin)."""
    key = idempotency_key(headers, "record_task", data)
    return tasks.record_task(data, actor=current_actor(), idempotency=key)


@blp.route("", methods=["GET"])
@blp.arguments(TaskListQuery, location="query")
@blp.response(200, TaskOut(many=True))
def list_tasks(query: dict[str, Any]) -> Any:
    """Tasks by customer and status, newest work first (a customer user: its own)."""
    return task_reads.list_tasks(actor=current_actor(), **query)


@blp.route("/<int:task_id>")
@blp.response(200, TaskDetailOut)
@blp.alt_response(404, response="NOT_FOUND")
def get_task(task_id: int) -> Any:
    """One task with every decision taken on it."""
    return task_reads.get_task(task_id, actor=current_actor())


@blp.route("/<int:task_id>/resolve", methods=["POST"])
@blp.arguments(ResolveIn)
@blp.response(200, TaskResultOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def resolve_task(data: dict[str, Any], task_id: int) -> Any:
    """Set the cause of a task in review; it is classified and booked."""
    return tasks.resolve_task(task_id, data["root_cause"], actor=current_actor())


@blp.route("/<int:task_id>/override", methods=["POST"])
@blp.arguments(OverrideIn)
@blp.response(200, TaskResultOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def override_task(data: dict[str, Any], task_id: int) -> Any:
    """Decide included or debited over the rules, with a reason (admin)."""
    return tasks.override_task(task_id, data["outcome"], data["reason"], actor=current_actor())


@blp.route("/<int:task_id>/void", methods=["POST"])
@blp.arguments(VoidIn)
@blp.response(200, TaskResultOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def void_task(data: dict[str, Any], task_id: int) -> Any:
    """Cancel a task; a debit is reversed, the task stays visible as voided."""
    return tasks.void_task(task_id, data["reason"], actor=current_actor())


@blp.route("/<int:task_id>/correct", methods=["POST"])
@blp.arguments(CorrectIn)
@blp.response(200, CorrectionOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def correct_task(data: dict[str, Any], task_id: int) -> Any:
    """Void a task and log its corrected replacement in one step (minutes, category, facts or customer)."""
    return corrections.correct_task(task_id, data, actor=current_actor())
