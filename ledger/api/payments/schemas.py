"""Wire formats of payments; amounts are decimal strings in the payment's currency."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from ledger.api.fields import AmountOut

SIGNED_AMOUNT_PATTERN = r"^-?[0-9]{1,13}([.,][0-9]{1,2})?$"


class PaymentIn(ma.Schema):
    """A payment by hand; a negative amount reverses (part of) an earlier one. The reason is always required."""

    amount = ma.fields.String(required=True, validate=validate.Regexp(
        SIGNED_AMOUNT_PATTERN, error='Must be an amount such as "950.00", "950,00" or "-950.00".'),
        metadata={"pattern": SIGNED_AMOUNT_PATTERN, "example": "950.00"})
    paid_on = ma.fields.Date(required=True)
    reference = ma.fields.String(allow_none=True, validate=validate.Length(max=100),
                                 metadata={"description": "e.g. the Swish reference"})
    reason = ma.fields.String(required=True, validate=validate.Length(min=1, max=1000))


class AssignIn(ma.Schema):
    """The invoice an unmatched bank payment pays, and why the person thinks so."""

    invoice_id = ma.fields.Integer(required=True, strict=True, validate=validate.Range(1, 2**31 - 1))
    reason = ma.fields.String(required=True, validate=validate.Length(min=1, max=1000))


class PaymentOut(ma.Schema):
    """A payment as stored (never changed)."""

    id = ma.fields.Integer()
    source = ma.fields.String(metadata={"enum": ["bgmax", "manual"]})
    invoice_id = ma.fields.Integer(allow_none=True)
    customer_id = ma.fields.Integer(allow_none=True)
    amount = AmountOut(attribute="amount_minor")
    currency = ma.fields.String()
    paid_on = ma.fields.Date()
    reference = ma.fields.String(allow_none=True)
    reason = ma.fields.String(allow_none=True)
    payer_name = ma.fields.String(allow_none=True)
    import_key = ma.fields.String(allow_none=True)
    unmatched_code = ma.fields.String(allow_none=True)
    created_at = ma.fields.DateTime()


class ImportedPaymentOut(ma.Schema):
    """One payment of an imported file: the line it is on, its import key, and the invoice it went to or why not."""

    line = ma.fields.Integer()
    import_key = ma.fields.String()
    payment_id = ma.fields.Integer(allow_none=True)
    amount = AmountOut(attribute="amount_minor")
    currency = ma.fields.String()
    paid_on = ma.fields.Date()
    reference = ma.fields.String()
    payer_name = ma.fields.String()
    invoice_id = ma.fields.Integer(allow_none=True)
    invoice_number = ma.fields.String(allow_none=True, metadata={"example": "F1004"})
    unmatched_code = ma.fields.String(allow_none=True)
    unmatched_params = ma.fields.Dict()
    unmatched_reason = ma.fields.String(allow_none=True, metadata={"description": "the unmatched code in English"})


class ImportOut(ma.Schema):
    """What became of every payment of the file."""

    matched = ma.fields.List(ma.fields.Nested(ImportedPaymentOut))
    unmatched = ma.fields.List(ma.fields.Nested(ImportedPaymentOut))
    already_imported = ma.fields.List(ma.fields.Nested(ImportedPaymentOut))
