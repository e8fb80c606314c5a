"""Customers, hour packages, adjustments, closing and the ledger (docs/api.md)."""
from __future__ import annotations

from typing import Any

from ledger.api.auth import authenticate, current_actor, idempotency_key
from ledger.api.blueprint import ApiBlueprint
from ledger.api.customers.schemas import (
    AdjustmentIn,
    CloseIn,
    CloseOut,
    CustomerIn,
    CustomerListQuery,
    CustomerOut,
    EntryOut,
    HourPackageIn,
    IdempotencyHeaders,
    LedgerOut,
    LedgerQuery,
    PurchaseOut,
)
from ledger.api.work.schemas import StatementOut, StatementQuery
from ledger.domain.periods import parse_period
from ledger.services.accounts import closing, statements
from ledger.services.accounts import hours as accounts
from ledger.services.customers import customers

blp = ApiBlueprint("customers", __name__, url_prefix="/api/v1/customers", description="Customers and their hours")
blp.before_request(authenticate)


@blp.route("", methods=["POST"])
@blp.arguments(CustomerIn)
@blp.arguments(IdempotencyHeaders, location="headers")
@blp.response(201, CustomerOut)
@blp.alt_response(409, response="CONFLICT")
def create_customer(data: dict[str, Any], headers: dict[str, Any]) -> Any:
    """Create a customer with an empty service account (admin, staff)."""
    key = idempotency_key(headers, "create_customer", data)
    return customers.create_customer(data, actor=current_actor(), idempotency=key)


@blp.route("", methods=["GET"])
@blp.arguments(CustomerListQuery, location="query")
@blp.response(200, CustomerOut(many=True))
def list_customers(query: dict[str, Any]) -> Any:
    """Customers the caller may see (a customer user: only its own)."""
    return customers.list_customers(actor=current_actor(), search=query.get("search"))


@blp.route("/<int:customer_id>")
@blp.response(200, CustomerOut)
@blp.alt_response(404, response="NOT_FOUND")
def get_customer(customer_id: int) -> Any:
    """One customer and its balance.

    :raise 404: unknown, or not the caller's.
    """
    return customers.get_customer(customer_id, actor=current_actor())


@blp.route("/<int:customer_id>/hour-packages", methods=["POST"])
@blp.arguments(HourPackageIn)
@blp.arguments(IdempotencyHeaders, location="headers")
@blp.response(201, PurchaseOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def sell_hour_package(data: dict[str, Any], headers: dict[str, Any], customer_id: int) -> Any:
    """Sell prepaid hours (admin, staff); invoiced in the next run."""
    key = idempotency_key(headers, "record_purchase", [customer_id, data])
    return accounts.record_purchase(customer_id, data["minutes"], data["price"], actor=current_actor(), idempotency=key)


@blp.route("/<int:customer_id>/adjustments", methods=["POST"])
@blp.arguments(AdjustmentIn)
@blp.arguments(IdempotencyHeaders, location="headers")
@blp.response(201, EntryOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def adjust_balance(data: dict[str, Any], headers: dict[str, Any], customer_id: int) -> Any:
    """Correct the balance by hand, with a reason (admin)."""
    key = idempotency_key(headers, "record_adjustment", [customer_id, data])
    result = accounts.record_adjustment(customer_id, data["minutes"], data["reason"], actor=current_actor(), idempotency=key)
    return result.entry


@blp.route("/<int:customer_id>/close", methods=["POST"])
@blp.arguments(CloseIn)
@blp.arguments(IdempotencyHeaders, location="headers")
@blp.response(200, CloseOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def close_customer(data: dict[str, Any], headers: dict[str, Any], customer_id: int) -> Any:
    """Close the customer; remaining hours are forfeited (admin)."""
    key = idempotency_key(headers, "close_customer", [customer_id, data])
    entry = closing.close_customer(customer_id, data["reason"], actor=current_actor(), idempotency=key)
    customer = customers.get_customer(customer_id, actor=current_actor())
    return {"customer": customer, "forfeited_minutes": -entry.minutes if entry else 0, "entry": entry}


@blp.route("/<int:customer_id>/ledger")
@blp.arguments(LedgerQuery, location="query")
@blp.response(200, LedgerOut)
@blp.alt_response(404, response="NOT_FOUND")
def read_ledger(query: dict[str, Any], customer_id: int) -> Any:
    """The balance and the entries recorded between two dates, in seq order."""
    actor = current_actor()
    entries = accounts.list_entries(customer_id, actor=actor, **query)
    next_after = entries[-1].seq if len(entries) == query["limit"] else None
    return {"balance_minutes": accounts.get_balance(customer_id, actor=actor), "entries": entries, "next_after_seq": next_after}


@blp.route("/<int:customer_id>/statement")
@blp.arguments(StatementQuery, location="query")
@blp.response(200, StatementOut)
@blp.alt_response(404, response="NOT_FOUND")
def read_statement(query: dict[str, Any], customer_id: int) -> Any:
    """A month of the account: opening and closing balance, entries, included and debited minutes."""
    statement = statements.get_statement(customer_id, parse_period(query["period"]), actor=current_actor())
    return {**vars(statement), "period": str(statement.period)}
