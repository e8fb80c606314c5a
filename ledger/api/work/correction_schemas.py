"""Wire formats of a correction: what it changes and why, and the voided task with its replacement."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from ledger.api.fields import WholeNumber
from ledger.api.work.schemas import StrictBoolean, TaskOut, _known_category
from ledger.domain.minutes import MAX_TASK_MINUTES
from ledger.domain.work.catalogue import ROOT_CAUSES
from ledger.domain.work.classification import MAX_DESCRIPTION_LENGTH, MAX_REFERENCE_LENGTH

ID_RANGE = validate.Range(1, 2**31 - 1)


class CorrectedFactsIn(ma.Schema):
    """Facts the correction changes; a fact sent as null is cleared (a cause, a reference, the case)."""

    work_date = ma.fields.Date()
    description = ma.fields.String(validate=validate.Length(min=1, max=MAX_DESCRIPTION_LENGTH))
    root_cause = ma.fields.String(allow_none=True, validate=validate.OneOf(ROOT_CAUSES))
    partner_new_major_version = StrictBoolean(allow_none=True)
    agreement_reference = ma.fields.String(allow_none=True, validate=validate.Length(max=MAX_REFERENCE_LENGTH))
    case_id = WholeNumber(allow_none=True, validate=ID_RANGE)


class CorrectIn(ma.Schema):
    """What was wrong with the task, and why it is corrected; what is not sent stays as it was."""

    minutes = WholeNumber(validate=validate.Range(1, MAX_TASK_MINUTES))
    category = ma.fields.String(validate=_known_category, metadata={"description": "see GET /rules"})
    facts = ma.fields.Nested(CorrectedFactsIn)
    customer_id = WholeNumber(validate=ID_RANGE, metadata={
        "description": "move the work to this customer; the first one then reads only that it moved"})
    reason = ma.fields.String(required=True, validate=validate.Length(min=1, max=1000))


class CorrectionOut(ma.Schema):
    """The voided task and its replacement (each naming the other), the entries written and the balance left."""

    original = ma.fields.Nested(TaskOut)
    replacement = ma.fields.Nested(TaskOut)
    reversal_entry_id = ma.fields.Function(lambda c: c.reversal.id if c.reversal else None,
                                           metadata={"type": "integer", "nullable": True})
    entry_id = ma.fields.Function(lambda c: c.entry.id if c.entry else None,
                                 metadata={"type": "integer", "nullable": True})
    balance_minutes = ma.fields.Integer(metadata={"description": "the replacement's customer's balance"})
