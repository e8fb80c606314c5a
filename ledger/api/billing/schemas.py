"""Wire formats of invoices and credit notes; amounts are decimal strings in the invoice's currency."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from ledger.api.fields import AmountOut, DecimalString, QueryInteger
from ledger.domain.billing.exchange_rates import format_rate
from ledger.domain.billing.line_prices import EXTRA_LINE_UNITS
from ledger.domain.money import format_minor
from ledger.models.invoices import LINE_KINDS, ORIGINS

PERIOD_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


def _period(**kwargs: object) -> ma.fields.String:
    return ma.fields.String(validate=validate.Regexp(PERIOD_PATTERN, error="Write the month as YYYY-MM."), **kwargs)


class InvoiceLineOut(ma.Schema):
    position = ma.fields.Integer()
    kind = ma.fields.String(metadata={"enum": list(LINE_KINDS)})
    description = ma.fields.Function(lambda line: {"sv": line.description_sv, "en": line.description_en},
                                     metadata={"type": "object"})
    quantity_minutes = ma.fields.Integer(allow_none=True)
    unit_price = AmountOut(attribute="unit_price_minor")
    amount = AmountOut(attribute="amount_minor")
    entry_id = ma.fields.Integer(allow_none=True)
    agreement_id = ma.fields.Integer(allow_none=True)
    quantity = ma.fields.Function(
        lambda line: None if line.quantity_hundredths is None else format_minor(line.quantity_hundredths),
        metadata={"type": "string", "nullable": True, "description": "a line finance added: its quantity"})
    unit = ma.fields.String(allow_none=True, metadata={"enum": [*EXTRA_LINE_UNITS, None]})
    reminder_id = ma.fields.Integer(allow_none=True, metadata={"description": "the reminder whose fee it charges"})
    interest_invoice_id = ma.fields.Integer(allow_none=True,
                                            metadata={"description": "the invoice paid late whose interest it charges"})


class BuyerOut(ma.Schema):
    name = ma.fields.String(attribute="buyer_name")
    address = ma.fields.String(attribute="buyer_address", allow_none=True)
    org_number = ma.fields.String(attribute="buyer_org_number")
    vat_number = ma.fields.String(attribute="buyer_vat_number", allow_none=True)
    country = ma.fields.String(attribute="buyer_country")
    reference = ma.fields.String(attribute="buyer_reference", allow_none=True)


class InvoiceOut(ma.Schema):
    """An invoice or credit note; drafts have no number, issue date or OCR reference."""

    id = ma.fields.Integer()
    kind = ma.fields.String(metadata={"enum": ["invoice", "credit_note"]})
    status = ma.fields.String(metadata={"enum": ["draft", "issued"]})
    origin = ma.fields.String(metadata={"enum": list(ORIGINS),
                                        "description": "run: the month's invoice; now: drafted at once"})
    number = ma.fields.Integer(allow_none=True)
    series = ma.fields.String(allow_none=True)
    ocr = ma.fields.String(allow_none=True)
    customer_id = ma.fields.Integer()
    period = ma.fields.String()
    period_start = ma.fields.Date()
    period_end = ma.fields.Date()
    issue_date = ma.fields.Date(allow_none=True)
    due_date = ma.fields.Date(allow_none=True)
    currency = ma.fields.String()
    language = ma.fields.String()
    buyer = ma.fields.Function(lambda invoice: BuyerOut().dump(invoice), metadata={"type": "object"})
    vat_code = ma.fields.String(metadata={"enum": ["se_standard", "eu_reverse_charge", "outside_eu"]})
    vat_rate_percent = ma.fields.Function(lambda invoice: invoice.vat_rate_bp / 100, metadata={"type": "number"})
    net = AmountOut(attribute="net_minor")
    vat = AmountOut(attribute="vat_minor")
    total = AmountOut(attribute="total_minor")
    rounding = AmountOut(attribute="rounding_minor")
    to_pay = AmountOut(attribute="to_pay_minor")
    exchange_rate = ma.fields.Function(
        lambda invoice: None if invoice.exchange_rate_micro is None else {
            "currency": invoice.currency, "date": invoice.exchange_rate_date.isoformat(),
            "rate": format_rate(invoice.exchange_rate_micro)},
        metadata={"type": "object", "nullable": True,
                  "description": "SEK per unit of a foreign currency, the latest rate on or before the issue date"})
    vat_sek = AmountOut(attribute="vat_sek_minor", allow_none=True,
                        metadata={"description": "the VAT in SEK when a foreign-currency invoice charges Swedish VAT"})
    balance_at_period_end_minutes = ma.fields.Integer()
    credited_invoice_id = ma.fields.Integer(allow_none=True)
    credited_invoice_number = ma.fields.Function(
        lambda invoice: invoice.credited_invoice.number if invoice.credited_invoice else None,
        metadata={"type": "integer", "nullable": True},
    )
    credit_reason = ma.fields.String(allow_none=True)
    document_pending = ma.fields.Function(
        lambda invoice: invoice.status == "issued" and not invoice.document_archived,
        metadata={"type": "boolean", "description": "issued, its PDF still being rendered and archived"},
    )
    replaces_invoice_id = ma.fields.Integer(allow_none=True, metadata={
        "description": "the month's invoice this one replaces after it was credited in full"})
    lines = ma.fields.List(ma.fields.Nested(InvoiceLineOut))
    payment_status = ma.fields.Function(
        lambda invoice: getattr(invoice, "payment_status", None),
        metadata={"type": "string", "nullable": True,
                  "enum": ["unpaid", "partly_paid", "paid", "overdue", "credited", None],
                  "description": "null for drafts and credit notes; `credited` when credit notes credit all of it"})
    paid = ma.fields.Function(
        lambda invoice: _amount(getattr(invoice, "paid_minor", None)),
        metadata={"type": "string", "nullable": True, "description": "the sum of its payments, corrections included"})
    outstanding = ma.fields.Function(
        lambda invoice: _amount(getattr(invoice, "outstanding_minor", None)),
        metadata={"type": "string", "nullable": True,
                  "description": "to pay - credited - paid; below zero the customer has paid more than it owes"})
    days_overdue = ma.fields.Function(lambda invoice: getattr(invoice, "days_overdue", None),
                                      metadata={"type": "integer", "nullable": True})
    written_off = ma.fields.Function(
        lambda invoice: _amount(getattr(invoice, "written_off_minor", None)),
        metadata={"type": "string", "nullable": True, "description": "remainders written off"})


def _amount(minor: int | None) -> str | None:
    return None if minor is None else format_minor(minor)


class SkippedOut(ma.Schema):
    customer_id = ma.fields.Integer()
    code = ma.fields.String(metadata={"enum": ["nothing_to_invoice", "earlier_draft"]})
    reason = ma.fields.String()
    draft_period = ma.fields.String(allow_none=True, metadata={"description": "the waiting draft's month"})


class RunIn(ma.Schema):
    """The month to invoice."""

    period = _period(required=True)


class RunOut(ma.Schema):
    """Drafts created by the run, invoices that already existed for the period, and customers skipped."""

    period = ma.fields.String()
    created = ma.fields.List(ma.fields.Nested(InvoiceOut))
    existing = ma.fields.List(ma.fields.Nested(InvoiceOut))
    skipped = ma.fields.List(ma.fields.Nested(SkippedOut))


class CreditLineIn(ma.Schema):
    """A line to credit, by its position on the invoice; `amount` credits part of it (a price reduction)."""

    position = ma.fields.Integer(required=True, strict=True, validate=validate.Range(1, 10_000))
    amount = DecimalString(allow_none=True, metadata={"description": "omit to credit the whole line"})


class CreditIn(ma.Schema):
    """Why the invoice is credited, and which lines (omit `lines` to credit all of it)."""

    reason = ma.fields.String(required=True, validate=validate.Length(min=1, max=1000))
    lines = ma.fields.List(ma.fields.Nested(CreditLineIn), validate=validate.Length(min=1, max=1000))


class InvoiceListQuery(ma.Schema):
    period = _period()
    status = ma.fields.String(validate=validate.OneOf(["draft", "issued"]))
    customer_id = QueryInteger(validate=validate.Range(1, 2**31 - 1))


class PdfQuery(ma.Schema):
    lang = ma.fields.String(validate=validate.OneOf(["sv", "en"]))


class ExportQuery(ma.Schema):
    """The month whose documents are exported: `period`, what was issued in it (a zip of PDFs, e-invoices and a CSV,
    or an SIE 4 file), or `service_period`, what its run issued (a zip)."""

    period = _period()
    service_period = _period()
    format = ma.fields.String(load_default="zip", validate=validate.OneOf(["zip", "sie"]))

    @ma.validates_schema
    def one_month(self, data: dict[str, object], **_kwargs: object) -> None:
        """Exactly one of period and service_period; SIE follows issue dates only."""
        if ("period" in data) == ("service_period" in data):
            raise ma.ValidationError("Give either period or service_period.", "period")
        if "service_period" in data and data.get("format") == "sie":
            raise ma.ValidationError("The SIE file follows issue dates: use period.", "format")


class DraftNowIn(ma.Schema):
    """The customer to invoice now."""

    customer_id = ma.fields.Integer(required=True, strict=True, validate=validate.Range(1, 2**31 - 1))


class LineIn(ma.Schema):
    """A line finance adds to a draft: the amount is quantity × unit price."""

    description = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    quantity = ma.fields.String(required=True, validate=validate.Length(max=20),
                                metadata={"example": "1.5", "description": "up to two decimals; negative: a discount"})
    unit = ma.fields.String(required=True, validate=validate.OneOf(list(EXTRA_LINE_UNITS)),
                            metadata={"enum": list(EXTRA_LINE_UNITS)})
    unit_price = DecimalString(required=True)
