"""Exchange rates finance records for foreign-currency invoices (docs/einvoice.md)."""
from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import validate

from ledger.api.auth import authenticate, current_actor
from ledger.api.blueprint import ApiBlueprint
from ledger.domain.billing.exchange_rates import format_rate
from ledger.services.billing import exchange_rates

blp = ApiBlueprint("exchange_rates", __name__, url_prefix="/api/v1/exchange-rates",
                   description="Exchange rates (SEK per unit) for invoices in other currencies")
blp.before_request(authenticate)


class ExchangeRateIn(ma.Schema):
    """A currency's rate on a date, in kronor per unit: the Riksbank's published rate."""

    currency = ma.fields.String(required=True, metadata={"enum": list(exchange_rates.FOREIGN_CURRENCIES)})
    date = ma.fields.String(required=True, metadata={"format": "date", "example": "2025-10-31"})
    rate = ma.fields.String(required=True, validate=validate.Length(max=20),
                            metadata={"example": "11.0215", "description": "SEK per unit, at most 6 decimals"})


class ExchangeRateOut(ma.Schema):
    id = ma.fields.Integer()
    currency = ma.fields.String()
    date = ma.fields.Date(attribute="rate_date")
    rate = ma.fields.Function(lambda record: format_rate(record.rate_micro), metadata={"type": "string"})
    created_at = ma.fields.DateTime()


class ExchangeRateQuery(ma.Schema):
    currency = ma.fields.String(validate=validate.OneOf(list(exchange_rates.FOREIGN_CURRENCIES)))


@blp.route("", methods=["POST"])
@blp.arguments(ExchangeRateIn)
@blp.response(201, ExchangeRateOut)
@blp.alt_response(409, response="CONFLICT")
def record_exchange_rate(data: dict[str, Any]) -> Any:
    """Record a rate (finance, admin); the same rate again is answered as recorded, another one is a 409."""
    return exchange_rates.record_exchange_rate(data, actor=current_actor())


@blp.route("", methods=["GET"])
@blp.arguments(ExchangeRateQuery, location="query")
@blp.response(200, ExchangeRateOut(many=True))
def list_exchange_rates(query: dict[str, Any]) -> Any:
    """The latest 100 rates, newest first (finance, admin)."""
    return exchange_rates.list_exchange_rates(actor=current_actor(), currency=query.get("currency"))
