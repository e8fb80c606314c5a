"""Wire formats of the JSON API (docs/api.md); values are checked again, fully, by the domain."""
from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import validate

from ledger.api.customers.contact_schemas import role_gap_document
from ledger.api.fields import AmountOut, DecimalString, QueryInteger, WholeNumber
from ledger.domain.customers.terms import DEPLOYMENTS
from ledger.domain.minutes import MAX_BILLING_INCREMENT_MINUTES, MAX_ENTRY_MINUTES, MAX_LIMIT_MINUTES
from ledger.domain.money import CURRENCIES
from ledger.services.customers.contacts import customer_role_gaps
from ledger.services.support.agreements import plan_today


class CustomerIn(ma.Schema):
    """A new customer and the terms agreed with them."""

    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    org_number = ma.fields.String(required=True, validate=validate.Length(min=1, max=40))
    vat_number = ma.fields.String(allow_none=True, validate=validate.Length(max=40))
    country = ma.fields.String(load_default="SE", metadata={"description": "ISO 3166-1 alpha-2", "example": "SE"})
    language = ma.fields.String(load_default="sv", validate=validate.OneOf(["sv", "en"]))
    currency = ma.fields.String(load_default="SEK", metadata={"enum": sorted(CURRENCIES)})
    hourly_rate = DecimalString(required=True)
    monthly_fee = DecimalString(required=True)
    billing_increment_minutes = WholeNumber(
        load_default=1, validate=validate.Range(1, MAX_BILLING_INCREMENT_MINUTES)
    )
    overdraft_limit_minutes = WholeNumber(
        load_default=None, allow_none=True, validate=validate.Range(0, MAX_LIMIT_MINUTES),
        metadata={"description": "null: no limit, the customer pays for exact time used"},
    )
    low_balance_minutes = WholeNumber(load_default=120, validate=validate.Range(0, MAX_LIMIT_MINUTES))
    email = ma.fields.String(allow_none=True, validate=validate.Length(max=254))
    address = ma.fields.String(allow_none=True, validate=validate.Length(max=500))
    invoice_reference = ma.fields.String(allow_none=True, validate=validate.Length(max=100))
    deployment = ma.fields.String(load_default="hosted", validate=validate.OneOf(DEPLOYMENTS), metadata={
        "description": "hosted by us, or on_premise (installed on the customer's servers)"})
    peppol_id = ma.fields.String(allow_none=True, validate=validate.Length(max=64), metadata={
        "example": "0007:5567321707", "description": "scheme:identifier; 0007 Swedish org number, 0088 GLN"})


class CustomerOut(ma.Schema):
    """A customer with its current balance."""

    id = ma.fields.Integer()
    name = ma.fields.String()
    org_number = ma.fields.String()
    vat_number = ma.fields.String(allow_none=True)
    country = ma.fields.String()
    language = ma.fields.String()
    currency = ma.fields.String()
    hourly_rate = AmountOut(attribute="hourly_rate_minor")
    monthly_fee = AmountOut(attribute="monthly_fee_minor")
    billing_increment_minutes = ma.fields.Integer()
    overdraft_limit_minutes = ma.fields.Integer(allow_none=True)
    low_balance_minutes = ma.fields.Integer()
    email = ma.fields.String(allow_none=True)
    address = ma.fields.String(allow_none=True)
    invoice_reference = ma.fields.String(allow_none=True)
    deployment = ma.fields.String(metadata={"enum": list(DEPLOYMENTS)})
    peppol_id = ma.fields.String(allow_none=True)
    status = ma.fields.String(metadata={"enum": ["active", "closed"]})
    created_at = ma.fields.DateTime()
    closed_at = ma.fields.DateTime(allow_none=True)
    balance_minutes = ma.fields.Function(lambda customer: customer.account.balance_minutes, metadata={"type": "integer"})
    support_plan = ma.fields.Function(lambda customer: plan_today(customer.id), metadata={
        "type": "string", "description": "the plan in force today (see GET /plans)"})
    missing_roles = ma.fields.Method("_missing_roles", metadata={
        "type": "array", "items": {"type": "object"}, "description": "roles with fewer contacts than required: {role, count, wanted, label {sv, en}, explanation {sv, en}}"})
    recommendations = ma.fields.Method("_recommendations", metadata={
        "type": "array", "items": {"type": "object"}, "description": "roles with fewer contacts than recommended (same shape)"})

    def _missing_roles(self, customer: Any) -> list[dict[str, Any]]:
        return [role_gap_document(gap) for gap in customer_role_gaps(customer)[0]]

    def _recommendations(self, customer: Any) -> list[dict[str, Any]]:
        return [role_gap_document(gap) for gap in customer_role_gaps(customer)[1]]


class EntryOut(ma.Schema):
    """One ledger entry, with the hash chain that proves it unchanged."""

    id = ma.fields.Integer()
    seq = ma.fields.Integer()
    kind = ma.fields.String(
        metadata={"enum": ["purchase", "consumption", "settlement", "reversal", "adjustment", "forfeit"]}
    )
    minutes = ma.fields.Integer()
    balance_after = ma.fields.Integer()
    reverses_entry_id = ma.fields.Integer(allow_none=True)
    task_id = ma.fields.Integer(allow_none=True)
    memo = ma.fields.String()
    actor_id = ma.fields.Integer(allow_none=True)
    recorded_at = ma.fields.DateTime()
    idempotency_key = ma.fields.String(allow_none=True)
    prev_hash = ma.fields.String()
    hash = ma.fields.String()


class HourPackageIn(ma.Schema):
    """Hours sold in advance, and their price in the customer's currency."""

    minutes = WholeNumber(required=True, validate=validate.Range(1, MAX_ENTRY_MINUTES))
    price = DecimalString(required=True)


class HourPackageOut(ma.Schema):
    """A sold hour package."""

    id = ma.fields.Integer()
    minutes = ma.fields.Integer()
    price = AmountOut(attribute="price_minor")
    currency = ma.fields.String()


class PurchaseOut(ma.Schema):
    """The purchase entry, the package and the balance it left."""

    entry = ma.fields.Nested(EntryOut)
    balance_minutes = ma.fields.Integer()
    package = ma.fields.Nested(HourPackageOut)


class AdjustmentIn(ma.Schema):
    """A manual correction: signed minutes and why."""

    minutes = WholeNumber(required=True, validate=validate.Range(-MAX_ENTRY_MINUTES, MAX_ENTRY_MINUTES))
    reason = ma.fields.String(required=True, validate=validate.Length(min=1, max=1000))


class CloseIn(ma.Schema):
    """Why the customer leaves."""

    reason = ma.fields.String(required=True, validate=validate.Length(min=1, max=1000))


class CloseOut(ma.Schema):
    """The closed customer and the hours forfeited."""

    customer = ma.fields.Nested(CustomerOut)
    forfeited_minutes = ma.fields.Integer()
    entry = ma.fields.Nested(EntryOut, allow_none=True)


class CustomerListQuery(ma.Schema):
    """Filter for the customer list."""

    search = ma.fields.String(validate=validate.Length(max=200))


class LedgerQuery(ma.Schema):
    """A date range of the ledger (UTC, inclusive), read a page at a time."""

    from_date = ma.fields.Date(data_key="from")
    to_date = ma.fields.Date(data_key="to")
    after_seq = QueryInteger(load_default=0, validate=validate.Range(0, 2**31 - 1))
    limit = QueryInteger(load_default=500, validate=validate.Range(1, 5000))


class LedgerOut(ma.Schema):
    """The balance now and the entries asked for."""

    balance_minutes = ma.fields.Integer()
    entries = ma.fields.List(ma.fields.Nested(EntryOut))
    next_after_seq = ma.fields.Integer(allow_none=True, metadata={"description": "pass as after_seq for more"})


class IdempotencyHeaders(ma.Schema):
    """Header that makes a write safe to retry."""

    class Meta:
        unknown = ma.EXCLUDE

    idempotency_key = ma.fields.String(
        data_key="Idempotency-Key",
        validate=validate.Length(min=1, max=255),
        metadata={"description": "Same key + same body: the first answer again; same key + other body: 409."},
    )
