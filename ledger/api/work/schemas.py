"""Wire formats of tasks, decisions, the rule catalogue and statements."""
from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import validate

from ledger.api.customers.schemas import EntryOut
from ledger.api.fields import QueryInteger, WholeNumber
from ledger.domain.minutes import MAX_TASK_MINUTES
from ledger.domain.work.catalogue import ROOT_CAUSES
from ledger.domain.work.classification import MAX_DESCRIPTION_LENGTH, MAX_REFERENCE_LENGTH
from ledger.services.accounts.moved_work import MOVED_EN
from ledger.services.work.rules import active_catalogue
from ledger.services.work.tasks import TASK_STATUSES


def _bilingual(sv: str, en: str) -> ma.fields.Function:
    """A {"sv": …, "en": …} object read from two attributes."""
    return ma.fields.Function(
        lambda obj: {"sv": getattr(obj, sv), "en": getattr(obj, en)},
        metadata={"type": "object", "properties": {"sv": {"type": "string"}, "en": {"type": "string"}}},
    )


class StrictBoolean(ma.fields.Boolean):
    """Only JSON true or false; not "yes", 1 or "true"."""

    truthy = {True}
    falsy = {False}
    default_error_messages = {"invalid": "Must be true or false."}


def _known_category(value: str) -> None:
    if value not in active_catalogue().categories:
        valid = ", ".join(sorted(active_catalogue().categories))
        raise ma.ValidationError(f"Unknown category {value!r}; valid categories: {valid}.")


class TaskFactsIn(ma.Schema):
    """What decides a task: its category and the facts the category needs."""

    category = ma.fields.String(required=True, validate=_known_category, metadata={"description": "see GET /rules"})
    minutes = WholeNumber(validate=validate.Range(1, MAX_TASK_MINUTES), metadata={"description": "time spent"})
    root_cause = ma.fields.String(allow_none=True, validate=validate.OneOf(ROOT_CAUSES))
    partner_new_major_version = StrictBoolean(allow_none=True)
    agreement_reference = ma.fields.String(allow_none=True, validate=validate.Length(max=MAX_REFERENCE_LENGTH))
    customer_id = WholeNumber(allow_none=True, validate=validate.Range(1, 2**31 - 1))
    work_date = ma.fields.Date(allow_none=True)
    description = ma.fields.String(allow_none=True, validate=validate.Length(max=MAX_DESCRIPTION_LENGTH))
    case_id = WholeNumber(allow_none=True, validate=validate.Range(1, 2**31 - 1),
                          metadata={"description": "the support case worked on; its quota gives the fact over_quota"})


class TaskIn(TaskFactsIn):
    """Work to log for a customer."""

    customer_id = WholeNumber(required=True, validate=validate.Range(1, 2**31 - 1))
    work_date = ma.fields.Date(required=True)
    minutes = WholeNumber(required=True, validate=validate.Range(1, MAX_TASK_MINUTES))
    description = ma.fields.String(required=True, validate=validate.Length(min=1, max=MAX_DESCRIPTION_LENGTH))


class DecisionOut(ma.Schema):
    """One decision in a task's history."""

    seq = ma.fields.Integer()
    action = ma.fields.String(metadata={"enum": ["classified", "resolved", "overridden", "voided"]})
    outcome = ma.fields.String(metadata={"enum": ["included", "debited", "needs_review"]})
    rule_id = ma.fields.String()
    overridden_rule_id = ma.fields.String(allow_none=True)
    catalogue_id = ma.fields.String()
    catalogue_version = ma.fields.String()
    reason = _bilingual("reason_sv", "reason_en")
    note = ma.fields.String(allow_none=True)
    entry_id = ma.fields.Integer(allow_none=True)
    actor_id = ma.fields.Integer(allow_none=True)
    decided_at = ma.fields.DateTime()


class TaskOut(ma.Schema):
    """A task and its current decision; `entry_id` is the debit in effect, if any."""

    id = ma.fields.Integer()
    customer_id = ma.fields.Integer()
    work_date = ma.fields.Date()
    minutes = ma.fields.Integer()
    billed_minutes = ma.fields.Integer()
    category = ma.fields.String()
    root_cause = ma.fields.String(allow_none=True)
    partner_new_major_version = ma.fields.Boolean(allow_none=True)
    agreement_reference = ma.fields.String(allow_none=True)
    description = ma.fields.Function(
        lambda task: MOVED_EN if getattr(task, "moved", False) else task.description, metadata={"type": "string"})
    moved = ma.fields.Function(lambda task: bool(getattr(task, "moved", False)), metadata={
        "type": "boolean", "description": "moved to another customer by a correction (its first customer reads "
                                          "nothing more of it)"})
    replaces_task_id = ma.fields.Integer(allow_none=True, metadata={"description": "the task this one corrects"})
    replaced_by_task_id = ma.fields.Integer(allow_none=True, metadata={"description": "the task that corrects it"})
    status = ma.fields.String(metadata={"enum": list(TASK_STATUSES)})
    outcome = ma.fields.String(metadata={"enum": ["included", "debited", "needs_review"]})
    rule_id = ma.fields.String()
    reason = _bilingual("reason_sv", "reason_en")
    catalogue_id = ma.fields.String()
    catalogue_version = ma.fields.String()
    entry_id = ma.fields.Integer(allow_none=True)
    case_id = ma.fields.Integer(allow_none=True)
    created_by = ma.fields.Integer(allow_none=True)
    created_at = ma.fields.DateTime()


class TaskDetailOut(TaskOut):
    """A task with every decision taken on it."""

    decisions = ma.fields.List(ma.fields.Nested(DecisionOut))


class _ResultView:
    """A TaskResult seen as one flat object: the task's fields plus what this operation wrote."""

    def __init__(self, result: Any) -> None:
        self._task = result.task
        self.entry_id = result.entry.id if result.entry else None
        self.balance_minutes = result.balance_minutes

    def __getattr__(self, name: str) -> Any:
        return getattr(self._task, name)


class TaskResultOut(TaskOut):
    """The task after the operation; `entry_id` is the entry this operation wrote (debit or reversal)."""

    balance_minutes = ma.fields.Integer()

    @ma.pre_dump
    def _flatten(self, result: Any, **kwargs: Any) -> _ResultView:
        return _ResultView(result)


class TaskListQuery(ma.Schema):
    """Filters for the task list."""

    customer_id = QueryInteger(validate=validate.Range(1, 2**31 - 1))
    status = ma.fields.String(validate=validate.OneOf(TASK_STATUSES))
    limit = QueryInteger(load_default=500, validate=validate.Range(1, 5000))


class ResolveIn(ma.Schema):
    """The cause found for a task in review."""

    root_cause = ma.fields.String(required=True, validate=validate.OneOf([c for c in ROOT_CAUSES if c != "unknown"]))


class OverrideIn(ma.Schema):
    """An admin's outcome and why."""

    outcome = ma.fields.String(required=True, validate=validate.OneOf(["included", "debited"]))
    reason = ma.fields.String(required=True, validate=validate.Length(min=1, max=1000))


class VoidIn(ma.Schema):
    """Why the task is cancelled."""

    reason = ma.fields.String(required=True, validate=validate.Length(min=1, max=1000))


class PreviewOut(ma.Schema):
    """The decision for the facts, and what it would bill the customer if given."""

    outcome = ma.fields.String(attribute="decision.outcome")
    rule_id = ma.fields.String(attribute="decision.rule_id")
    reason = ma.fields.Function(lambda p: {"sv": p.decision.reason_sv, "en": p.decision.reason_en},
                                metadata={"type": "object"})
    label = ma.fields.Function(lambda p: {"sv": p.decision.label_sv, "en": p.decision.label_en},
                               metadata={"type": "object"})
    clause = ma.fields.String(attribute="decision.clause")
    catalogue_id = ma.fields.String(attribute="decision.catalogue_id")
    catalogue_version = ma.fields.String(attribute="decision.catalogue_version")
    billed_minutes = ma.fields.Integer()
    balance_minutes = ma.fields.Integer(allow_none=True)
    balance_after = ma.fields.Integer(allow_none=True)
    refused = ma.fields.String(allow_none=True, metadata={"description": "why recording it would be refused"})


class StatementQuery(ma.Schema):
    """Which month."""

    period = ma.fields.String(required=True, validate=validate.Regexp(r"^[0-9]{4}-(0[1-9]|1[0-2])$", error="Write the month as YYYY-MM."))


class StatementOut(ma.Schema):
    """A month of the service account: opening + entries (booked in the month) = closing; included and debited
    minutes are those of `tasks`, the work done in the month (`basis`: work_date)."""

    customer_id = ma.fields.Integer()
    period = ma.fields.String()
    opening_balance_minutes = ma.fields.Integer()
    closing_balance_minutes = ma.fields.Integer()
    included_minutes = ma.fields.Integer()
    debited_minutes = ma.fields.Integer()
    basis = ma.fields.String(metadata={"description": "What included and debited minutes count: work_date, the "
                                                      "work done in the month, as the tasks list"})
    entries = ma.fields.List(ma.fields.Nested(EntryOut))
    tasks = ma.fields.List(ma.fields.Nested(TaskOut))
