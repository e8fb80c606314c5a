"""Wire formats of payments; amounts are decimal strings in the payment's currency."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from ledger.api.fields import AmountOut, DecimalString
from ledger.domain.billing.exchange_rates import format_rate
from ledger.domain.billing.late_charges import format_rate_percent
from ledger.models.payments import PAYMENT_KINDS, PAYMENT_METHODS

SIGNED_AMOUNT_PATTERN = r"^-?[0-9]{1,13}([.,][0-9]{1,2})?$"


def _method(**kwargs: object) -> ma.fields.String:
    return ma.fields.String(allow_none=True, validate=validate.OneOf(PAYMENT_METHODS),
                            metadata={"enum": list(PAYMENT_METHODS)}, **kwargs)


class PaymentIn(ma.Schema):
    """A payment by hand; a negative amount takes back (part of) earlier payments and needs a reason."""

    amount = ma.fields.String(required=True, validate=validate.Regexp(
        SIGNED_AMOUNT_PATTERN, error='Must be an amount such as "950.00", "950,00" or "-950.00".'),
        metadata={"pattern": SIGNED_AMOUNT_PATTERN, "example": "950.00"})
    paid_on = ma.fields.Date(required=True)
    reference = ma.fields.String(allow_none=True, validate=validate.Length(max=100),
                                 metadata={"description": "e.g. the Swish reference"})
    method = _method()
    reason = ma.fields.String(allow_none=True, validate=validate.Length(max=1000),
                              metadata={"description": "required for a negative amount (a reversal)"})


class ReverseIn(ma.Schema):
    """Why a payment recorded by hand is taken back."""

    reason = ma.fields.String(required=True, validate=validate.Length(min=1, max=1000))


class RefundIn(ma.Schema):
    """A refund of an over-payment: the whole over-payment unless `amount` says less."""

    amount = DecimalString(allow_none=True)
    refunded_on = ma.fields.Date(allow_none=True, metadata={"description": "default today"})
    method = _method()
    reference = ma.fields.String(allow_none=True, validate=validate.Length(max=100))
    reason = ma.fields.String(allow_none=True, validate=validate.Length(max=1000))


class WriteOffIn(ma.Schema):
    """Why the remainder is written off."""

    reason = ma.fields.String(required=True, validate=validate.Length(min=1, max=1000))


class WriteOffOut(ma.Schema):
    """A write-off as stored (never changed)."""

    id = ma.fields.Integer()
    invoice_id = ma.fields.Integer()
    amount = AmountOut(attribute="amount_minor")
    currency = ma.fields.String()
    written_off_on = ma.fields.Date()
    reason = ma.fields.String()
    created_at = ma.fields.DateTime()


class AssignIn(ma.Schema):
    """The invoice an unmatched bank payment pays, and why the person thinks so."""

    invoice_id = ma.fields.Integer(required=True, strict=True, validate=validate.Range(1, 2**31 - 1))
    reason = ma.fields.String(required=True, validate=validate.Length(min=1, max=1000))


class PaymentOut(ma.Schema):
    """A payment as stored (never changed)."""

    id = ma.fields.Integer()
    source = ma.fields.String(metadata={"enum": ["bgmax", "manual"]})
    kind = ma.fields.String(metadata={"enum": list(PAYMENT_KINDS)})
    method = ma.fields.String(allow_none=True, metadata={"enum": [*PAYMENT_METHODS, None]})
    reverses_payment_id = ma.fields.Integer(allow_none=True)
    refunds_payment_id = ma.fields.Integer(allow_none=True)
    exchange_rate = ma.fields.Function(
        lambda payment: None if payment.exchange_rate_micro is None else {
            "date": payment.exchange_rate_date.isoformat(), "rate": format_rate(payment.exchange_rate_micro)},
        metadata={"type": "object", "nullable": True, "description": "SEK per unit on the payment's day"})
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


class ReferenceRateIn(ma.Schema):
    """The Riksbank's reference rate from the first day of a half-year, in percent."""

    valid_from = ma.fields.String(required=True, metadata={"format": "date", "example": "2026-07-01"})
    rate = ma.fields.String(required=True, validate=validate.Length(max=10), metadata={"example": "2.25"})


class ReferenceRateOut(ma.Schema):
    id = ma.fields.Integer()
    valid_from = ma.fields.Date()
    rate = ma.fields.Function(lambda record: format_rate_percent(record.rate_bp),
                              metadata={"type": "string", "description": "percent"})
    created_at = ma.fields.DateTime()
