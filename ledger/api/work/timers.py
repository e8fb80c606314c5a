"""Timers: start, list, stop into a task, discard (docs/staff-time.md)."""
from __future__ import annotations

from typing import Any

from ledger.api.auth import authenticate, current_actor
from ledger.api.blueprint import ApiBlueprint
from ledger.api.work.schemas import TaskResultOut
from ledger.api.work.timer_schemas import TimerIn, TimerOut, TimerStopIn
from ledger.services.work import timers

blp = ApiBlueprint("timers", __name__, url_prefix="/api/v1/timers", description="Timers that become tasks")
blp.before_request(authenticate)


@blp.route("", methods=["POST"])
@blp.arguments(TimerIn)
@blp.response(201, TimerOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def start_timer(data: dict[str, Any]) -> Any:
    """Start the caller's timer; refused while another of theirs runs (staff, admin)."""
    return timers.start_timer(data, actor=current_actor())


@blp.route("", methods=["GET"])
@blp.response(200, TimerOut(many=True))
def list_timers() -> Any:
    """The caller's timers, the latest started first (the running one, if any, among them)."""
    return timers.list_timers(actor=current_actor())


@blp.route("/<int:timer_id>/stop", methods=["POST"])
@blp.arguments(TimerStopIn)
@blp.response(201, TaskResultOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def stop_timer(data: dict[str, Any], timer_id: int) -> Any:
    """Stop a timer and log its task, classified as usual; a timer left running overnight asks first (409)."""
    return timers.stop_timer(timer_id, data, actor=current_actor())


@blp.route("/<int:timer_id>/discard", methods=["POST"])
@blp.response(200, TimerOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def discard_timer(timer_id: int) -> Any:
    """Stop a timer without logging anything."""
    return timers.discard_timer(timer_id, actor=current_actor())
