"""Reports on logged work: hours per customer, person or kind of work, as JSON, CSV or XLSX (docs/staff-time.md).

The staff pages link their downloads here: a signed-in page reads the API with its session.
"""
from __future__ import annotations

import tempfile
from typing import Any

import marshmallow as ma
from flask import Response
from flask_babel import get_locale, gettext
from marshmallow import validate

from ledger.api.auth import authenticate, current_actor
from ledger.api.blueprint import ApiBlueprint
from ledger.documents.hours_report import XLSX_MIMETYPE, hours_csv, hours_xlsx
from ledger.domain.money import format_minor
from ledger.domain.periods import parse_period
from ledger.domain.work.hours_report import GROUPINGS
from ledger.downloads import FileChunks
from ledger.services.work import hours_reports
from ledger.services.work.rules import active_catalogue

blp = ApiBlueprint("reports", __name__, url_prefix="/api/v1/reports", description="Reports on logged work")
blp.before_request(authenticate)
#: Downloads larger than this spill from memory to a temporary file.
SPOOL_MEMORY_BYTES = 16 * 1024 * 1024
BINARY = {"type": "string", "format": "binary"}
#: So that Excel reads å, ä and ö in the CSV as UTF-8.
UTF8_BOM = "\ufeff"


class HoursQuery(ma.Schema):
    """Which month, grouped how, in which format."""

    period = ma.fields.String(required=True, validate=validate.Regexp(
        r"^[0-9]{4}-(0[1-9]|1[0-2])$", error="Write the month as YYYY-MM."))
    group_by = ma.fields.String(load_default="customer", validate=validate.OneOf(GROUPINGS))
    format = ma.fields.String(load_default="json", validate=validate.OneOf(["json", "csv", "xlsx"]))


def _value(totals: Any) -> dict[str, str]:
    return {currency: format_minor(minor) for currency, minor in sorted(totals.value_minor.items())}


class TotalsOut(ma.Schema):
    """Tasks and minutes by outcome; `value` per currency is the billed minutes at the hourly rates."""

    tasks = ma.fields.Integer()
    logged_minutes = ma.fields.Integer()
    included_minutes = ma.fields.Integer()
    debited_minutes = ma.fields.Integer()
    billed_minutes = ma.fields.Integer()
    review_minutes = ma.fields.Integer()
    value = ma.fields.Function(_value, metadata={"type": "object", "example": {"SEK": "1425.00"}})


class HoursRowOut(ma.Schema):
    """One group: a customer id, a user id or a category key, with its name in the reader's language."""

    key = ma.fields.Raw(metadata={"description": "customer id, user id (null: logged by the system) or category"})
    name = ma.fields.Function(lambda row: group_name(row), metadata={"type": "string"})
    tasks = ma.fields.Integer(attribute="totals.tasks")
    logged_minutes = ma.fields.Integer(attribute="totals.logged_minutes")
    included_minutes = ma.fields.Integer(attribute="totals.included_minutes")
    debited_minutes = ma.fields.Integer(attribute="totals.debited_minutes")
    billed_minutes = ma.fields.Integer(attribute="totals.billed_minutes")
    review_minutes = ma.fields.Integer(attribute="totals.review_minutes")
    value = ma.fields.Function(lambda row: _value(row.totals), metadata={"type": "object"})


class HoursReportOut(ma.Schema):
    """A month of every customer's work (voided tasks left out), its groups and total."""

    period = ma.fields.String(attribute="label")
    group_by = ma.fields.String()
    currencies = ma.fields.List(ma.fields.String())
    rows = ma.fields.List(ma.fields.Nested(HoursRowOut))
    total = ma.fields.Nested(TotalsOut)


def category_label(key: str) -> str:
    """A kind of work's name in the reader's language (the key for one no longer in the terms)."""
    category = active_catalogue().category(key)
    if category is None:
        return key
    locale = get_locale()
    return category.label_en if locale is not None and locale.language == "en" else category.label_sv


def group_name(row: Any) -> str:
    """A group's name: the customer's or person's, the kind of work's label."""
    if isinstance(row.key, str):
        return category_label(row.key)
    return row.name or gettext("Logged by the system")


def _xlsx(report: hours_reports.HoursReport) -> Response:
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY_BYTES)
    try:
        hours_xlsx(report, spool, group_name=group_name, category_label=category_label,
                   unknown_person=gettext("Logged by the system"))
    except BaseException:
        spool.close()
        raise
    size = spool.tell()
    spool.seek(0)
    response = Response(FileChunks(spool), mimetype=XLSX_MIMETYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="hours-{report.label}-{report.group_by}.xlsx"'
    response.headers["Content-Length"] = str(size)
    return response


@blp.route("/hours")
@blp.arguments(HoursQuery, location="query")
@blp.response(200, HoursReportOut)
@blp.doc(responses={200: {"content": {"text/csv": {"schema": BINARY}, XLSX_MIMETYPE: {"schema": BINARY}}}})
def hours_report(query: dict[str, Any]) -> Any:
    """Minutes logged, included, debited and billed, and their value, per customer, staff member or kind of work
    (staff, finance, admin); `format=csv` or `xlsx` downloads it (the XLSX lists every task too)."""
    report = hours_reports.hours_report(parse_period(query["period"]), query["group_by"], actor=current_actor())
    if query["format"] == "csv":
        return Response(UTF8_BOM + hours_csv(report, group_name), mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="hours-{report.label}-{report.group_by}.csv"'})
    if query["format"] == "xlsx":
        return _xlsx(report)
    return report
