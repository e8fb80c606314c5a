"""The books for finance (docs/books.md): what is still deferred on a day, the month's VAT return boxes and its
EC sales list (periodisk sammanställning) as JSON or as the file Skatteverket takes."""
from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import Response
from marshmallow import validate

from ledger.api.auth import authenticate, current_actor
from ledger.api.blueprint import ApiBlueprint
from ledger.domain.books.returns import VAT_BOXES
from ledger.domain.money import format_minor
from ledger.domain.periods import parse_period
from ledger.services.books.deferred import deferred_report
from ledger.services.books.returns import month_ec_sales_list, month_vat_return

blp = ApiBlueprint("books", __name__, url_prefix="/api/v1/books", description="The books: deferred revenue and returns")
blp.before_request(authenticate)
PERIOD_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"


class DeferredQuery(ma.Schema):
    """The day whose end is asked about."""

    date = ma.fields.Date(required=True, metadata={"example": "2026-12-31"})


class DeferredRowOut(ma.Schema):
    """A customer's deferred revenue: the credit balance of the deferred account for it (SEK)."""

    customer_id = ma.fields.Integer()
    name = ma.fields.String()
    deferred = ma.fields.Function(lambda row: format_minor(row.deferred_minor), metadata={"type": "string"})


class DeferredOut(ma.Schema):
    """Per customer, and in total; equals minus the sum of the SIE postings on ACCOUNT_DEFERRED up to the day."""

    date = ma.fields.Date()
    currency = ma.fields.Constant("SEK")
    customers = ma.fields.List(ma.fields.Nested(DeferredRowOut))
    total = ma.fields.String()


class PeriodQuery(ma.Schema):
    """The month, YYYY-MM; `format=file` gives the EC sales list as Skatteverket's file."""

    period = ma.fields.String(required=True, validate=validate.Regexp(PERIOD_PATTERN,
                                                                      error="Write the month as YYYY-MM."))
    format = ma.fields.String(load_default="json", validate=validate.OneOf(["json", "file"]))


class VatBoxOut(ma.Schema):
    box = ma.fields.String()
    amount = ma.fields.String(metadata={"description": "SEK to the öre"})
    kronor = ma.fields.Integer(metadata={"description": "whole kronor, as the form takes them (öre dropped)"})


class VatReturnOut(ma.Schema):
    """Boxes 05, 10, 39 and 40 of the momsdeklaration, from the documents issued in the month."""

    period = ma.fields.String()
    boxes = ma.fields.List(ma.fields.Nested(VatBoxOut))


class EcSalesLineOut(ma.Schema):
    vat_number = ma.fields.String()
    services = ma.fields.Integer(attribute="services_kronor", metadata={"description": "whole SEK"})


class EcSalesListOut(ma.Schema):
    """One line per buyer VAT number: the month's reverse-charge services, credits netted off."""

    period = ma.fields.String()
    lines = ma.fields.List(ma.fields.Nested(EcSalesLineOut))


@blp.route("/deferred", methods=["GET"])
@blp.arguments(DeferredQuery, location="query")
@blp.response(200, DeferredOut)
def deferred(query: dict[str, Any]) -> Any:
    """What is still deferred per customer at the end of `date` (finance, admin)."""
    rows = deferred_report(query["date"], actor=current_actor())
    return {"date": query["date"], "customers": rows,
            "total": format_minor(sum(row.deferred_minor for row in rows))}


@blp.route("/vat-return", methods=["GET"])
@blp.arguments(PeriodQuery, location="query")
@blp.response(200, VatReturnOut)
def vat_return(query: dict[str, Any]) -> Any:
    """The month's VAT return boxes (finance, admin)."""
    period = parse_period(query["period"])
    found = month_vat_return(period, actor=current_actor())
    return {"period": str(period), "boxes": [
        {"box": box, "amount": format_minor(found.boxes[box]), "kronor": found.kronor(box)} for box in VAT_BOXES]}


@blp.route("/ec-sales-list", methods=["GET"])
@blp.arguments(PeriodQuery, location="query")
@blp.response(200, EcSalesListOut)
@blp.alt_response(200, schema={"type": "string", "format": "binary"}, content_type="text/csv", success=True,
                  description="with format=file: the SKV 574008 file (ISO-8859-1)")
def ec_sales_list(query: dict[str, Any]) -> Any:
    """The month's EC sales list (finance, admin): JSON, or with `format=file` the file for Skatteverket."""
    found = month_ec_sales_list(parse_period(query["period"]), actor=current_actor())
    if query["format"] == "file":
        return ec_sales_download(found)
    return {"period": str(found.period), "lines": found.lines}


def ec_sales_download(found: Any) -> Response:
    """The SKV 574008 file as a download."""
    response = Response(found.content, mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=ISO-8859-1"
    response.headers["Content-Disposition"] = f'attachment; filename="{found.file_name}"'
    return response
