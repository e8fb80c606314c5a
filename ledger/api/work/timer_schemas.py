"""Wire formats of timers: starting one, stopping it into a task, and a timer as answered."""
from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import validate

from ledger.api.fields import WholeNumber
from ledger.api.work.schemas import StrictBoolean, _known_category
from ledger.domain.minutes import MAX_TASK_MINUTES
from ledger.domain.work.catalogue import ROOT_CAUSES
from ledger.domain.work.classification import MAX_DESCRIPTION_LENGTH, MAX_REFERENCE_LENGTH
from ledger.domain.work.timers import elapsed_minutes
from ledger.services.clock import utcnow

ID_RANGE = validate.Range(1, 2**31 - 1)


class TimerIn(ma.Schema):
    """Work to time for a customer; the kind of work and description may wait until it stops."""

    customer_id = WholeNumber(required=True, validate=ID_RANGE)
    case_id = WholeNumber(allow_none=True, validate=ID_RANGE)
    category = ma.fields.String(allow_none=True, validate=_known_category, metadata={"description": "see GET /rules"})
    description = ma.fields.String(allow_none=True, validate=validate.Length(max=MAX_DESCRIPTION_LENGTH))


class TimerStopIn(ma.Schema):
    """What the stop adds: the facts the timer was started without, and for a timer left running overnight
    either `confirm_overnight` (log the time elapsed) or the `minutes` really worked."""

    minutes = WholeNumber(validate=validate.Range(1, MAX_TASK_MINUTES),
                          metadata={"description": "the time worked, instead of the time elapsed"})
    confirm_overnight = StrictBoolean(load_default=False,
                                      metadata={"description": "log the time elapsed although it ran overnight"})
    category = ma.fields.String(allow_none=True, validate=_known_category)
    description = ma.fields.String(allow_none=True, validate=validate.Length(max=MAX_DESCRIPTION_LENGTH))
    root_cause = ma.fields.String(allow_none=True, validate=validate.OneOf(ROOT_CAUSES))
    partner_new_major_version = StrictBoolean(allow_none=True)
    agreement_reference = ma.fields.String(allow_none=True, validate=validate.Length(max=MAX_REFERENCE_LENGTH))


def _elapsed(timer: Any) -> int:
    return elapsed_minutes(timer.started_at, timer.stopped_at or max(utcnow(), timer.started_at))


class TimerOut(ma.Schema):
    """A timer: running while `stopped_at` is null; `task_id` is the task it became (null if discarded)."""

    id = ma.fields.Integer()
    user_id = ma.fields.Integer()
    customer_id = ma.fields.Integer()
    case_id = ma.fields.Integer(allow_none=True)
    category = ma.fields.String(allow_none=True)
    description = ma.fields.String(allow_none=True)
    started_at = ma.fields.DateTime()
    stopped_at = ma.fields.DateTime(allow_none=True)
    task_id = ma.fields.Integer(allow_none=True)
    elapsed_minutes = ma.fields.Function(_elapsed, metadata={"type": "integer"})
