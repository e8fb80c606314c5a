"""Agreements of a customer (support plans, maintenance packs) with their period and status (docs/api.md)."""
from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import validate

from ledger.api.auth import authenticate, current_actor, idempotency_key
from ledger.api.blueprint import ApiBlueprint
from ledger.api.customers.schemas import IdempotencyHeaders
from ledger.api.fields import AmountOut, DecimalString
from ledger.domain.support.agreements import KINDS, STATUSES
from ledger.domain.support.maintenance import VARIANTS
from ledger.services.support import agreements

blp = ApiBlueprint("agreements", __name__, url_prefix="/api/v1", description="Agreements with a period")
blp.before_request(authenticate)


class AgreementIn(ma.Schema):
    """A purchase: `kind` support_plan with a `plan`, or maintenance with a `variant` and a licence reference."""

    kind = ma.fields.String(required=True, validate=validate.OneOf(KINDS))
    plan = ma.fields.String(allow_none=True, validate=validate.Length(max=32), metadata={"description": "see GET /plans"})
    variant = ma.fields.String(allow_none=True, validate=validate.Length(max=32), metadata={
        "enum": list(VARIANTS), "description": "maintenance: one_server or site"})
    licence_reference = ma.fields.String(allow_none=True, validate=validate.Length(max=100))
    start_date = ma.fields.Date(allow_none=True, metadata={"description": "the purchase date; default today"})
    price = DecimalString(allow_none=True, metadata={
        "description": "the whole period's price in the customer's currency; default from the plan file"})


class AgreementOut(ma.Schema):
    """An agreement: its period (`ends_on` is the last day covered), status and days left after today."""

    id = ma.fields.Integer(attribute="agreement.id")
    customer_id = ma.fields.Integer(attribute="agreement.customer_id")
    kind = ma.fields.String(attribute="agreement.kind", metadata={"enum": list(KINDS)})
    plan = ma.fields.String(attribute="agreement.plan", allow_none=True)
    variant = ma.fields.String(attribute="agreement.variant", allow_none=True)
    licence_reference = ma.fields.String(attribute="agreement.licence_reference", allow_none=True)
    starts_on = ma.fields.Date(attribute="agreement.starts_on")
    ends_on = ma.fields.Date(attribute="agreement.ends_on")
    status = ma.fields.String(metadata={"enum": list(STATUSES)})
    days_left = ma.fields.Integer()
    notice_on = ma.fields.Date(metadata={"description": "the renewal notice is due on this day"})
    cancelled_on = ma.fields.Date(allow_none=True, metadata={"description": "its invoice was credited in full"})
    price = AmountOut(attribute="agreement.price_minor")
    currency = ma.fields.String(attribute="agreement.currency")
    renews_agreement_id = ma.fields.Integer(attribute="agreement.renews_agreement_id", allow_none=True)
    created_at = ma.fields.DateTime(attribute="agreement.created_at")
    created_by = ma.fields.Integer(attribute="agreement.created_by", allow_none=True)


@blp.route("/customers/<int:customer_id>/agreements", methods=["POST"])
@blp.arguments(AgreementIn)
@blp.arguments(IdempotencyHeaders, location="headers")
@blp.response(201, AgreementOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def create_agreement(data: dict[str, Any], headers: dict[str, Any], customer_id: int) -> Any:
    """Buy a support plan or a maintenance pack for 12 months (admin, staff); a renewal while one runs (for
    maintenance: of the same licence reference) continues without a gap."""
    key = idempotency_key(headers, "create_agreement", [customer_id, data])
    return agreements.create_agreement(customer_id, data, actor=current_actor(), idempotency=key)


@blp.route("/customers/<int:customer_id>/agreements", methods=["GET"])
@blp.response(200, AgreementOut(many=True))
@blp.alt_response(404, response="NOT_FOUND")
def list_agreements(customer_id: int) -> Any:
    """The customer's agreements, latest period first, with status and days left."""
    return agreements.list_agreements(customer_id, actor=current_actor())
