"""Getting paid: the bank's BgMax file, payments by hand, unmatched payments, overdue invoices (docs/payments.md)."""
from __future__ import annotations

from typing import Any

from flask import request

from ledger.api.auth import authenticate, current_actor
from ledger.api.billing.schemas import InvoiceOut
from ledger.api.blueprint import ApiBlueprint
from ledger.api.payments.schemas import (
    AssignIn, ImportOut, PaymentIn, PaymentOut, ReferenceRateIn, ReferenceRateOut, RefundIn, ReverseIn, WriteOffIn,
    WriteOffOut,
)
from ledger.domain.problems import fill, registered_messages
from ledger.services.billing import reference_rates
from ledger.services.payments import by_hand
from ledger.services.payments import intake as payments
from ledger.services.payments import reads as payment_reads

blp = ApiBlueprint("payments", __name__, url_prefix="/api/v1", description="Payments received")
blp.before_request(authenticate)

BGMAX_BODY = {"content": {
    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
    "multipart/form-data": {"schema": {"type": "object",
                                       "properties": {"file": {"type": "string", "format": "binary"}}}},
}, "description": "The BgMax file exactly as the bank delivered it (ISO-8859-1)", "required": True}


def _uploaded_file() -> bytes:
    upload = request.files.get("file")
    return upload.read() if upload is not None else request.get_data()


def _described(item: payments.ImportedPayment) -> dict[str, Any]:
    reason = fill(registered_messages()[item.unmatched_code], item.unmatched_params) if item.unmatched_code else None
    return {**vars(item), "unmatched_reason": reason}


@blp.route("/payments/bgmax", methods=["POST"])
@blp.doc(requestBody=BGMAX_BODY)
@blp.response(200, ImportOut)
def import_bgmax() -> Any:
    """Import a BgMax file (raw body or multipart `file`): payments matched by OCR, unmatched, already imported.

    A file that does not read is refused whole (422, field `file`, the line in `problems.file[0].params.line`).
    """
    result = payments.import_bgmax(_uploaded_file(), actor=current_actor())
    return {name: [_described(item) for item in getattr(result, name)]
            for name in ("matched", "unmatched", "already_imported")}


@blp.route("/payments/unmatched", methods=["GET"])
@blp.response(200, PaymentOut(many=True))
def list_unmatched() -> Any:
    """Bank payments that wait for a person to assign them to an invoice (finance, admin)."""
    return payment_reads.unmatched_payments(actor=current_actor())


@blp.route("/payments/<int:payment_id>/assign", methods=["POST"])
@blp.arguments(AssignIn)
@blp.response(201, InvoiceOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def assign_payment(data: dict[str, Any], payment_id: int) -> Any:
    """Assign an unmatched bank payment to an invoice; answers the invoice with its new payment status."""
    assignment = payments.assign_payment(payment_id, data["invoice_id"], data["reason"], actor=current_actor())
    return payment_reads.with_payment(payment_reads.invoice_of(assignment.invoice_id))


@blp.route("/invoices/<int:invoice_id>/payments", methods=["POST"])
@blp.arguments(PaymentIn)
@blp.response(201, PaymentOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def record_payment(data: dict[str, Any], invoice_id: int) -> Any:
    """Record a payment by hand (Swish, a transfer, a card): `{amount, paid_on, reference?, method?}`; a negative
    amount takes back part of earlier payments and needs a `reason`."""
    return by_hand.record_payment(invoice_id, data, actor=current_actor())


@blp.route("/payments/<int:invoice_payment_id>/reverse", methods=["POST"])
@blp.arguments(ReverseIn)
@blp.response(201, PaymentOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def reverse_payment(data: dict[str, Any], invoice_payment_id: int) -> Any:
    """Take back a payment recorded by hand by mistake, whole, with a reason (finance, admin)."""
    return by_hand.reverse_payment(invoice_payment_id, data["reason"], actor=current_actor())


@blp.route("/payments/<int:invoice_payment_id>/refund", methods=["POST"])
@blp.arguments(RefundIn)
@blp.response(201, PaymentOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def refund_payment(data: dict[str, Any], invoice_payment_id: int) -> Any:
    """Pay back an over-payment (finance, admin): never more than the invoice is over-paid."""
    return by_hand.refund_payment(invoice_payment_id, data, actor=current_actor())


@blp.route("/invoices/<int:invoice_id>/write-off", methods=["POST"])
@blp.arguments(WriteOffIn)
@blp.response(201, WriteOffOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def write_off(data: dict[str, Any], invoice_id: int) -> Any:
    """Write off what an invoice has outstanding, at most WRITE_OFF_LIMIT kronor (finance, admin)."""
    return by_hand.write_off(invoice_id, data["reason"], actor=current_actor())


@blp.route("/invoices/<int:invoice_id>/payments", methods=["GET"])
@blp.response(200, PaymentOut(many=True))
@blp.alt_response(404, response="NOT_FOUND")
def list_payments(invoice_id: int) -> Any:
    """Every payment counted against an invoice (a customer user: its own invoices)."""
    return payment_reads.payments_of(invoice_id, actor=current_actor())


@blp.route("/invoices/overdue", methods=["GET"])
@blp.response(200, InvoiceOut(many=True))
def list_overdue() -> Any:
    """Overdue invoices, most days overdue first (a customer user: its own)."""
    return payment_reads.open_invoices(actor=current_actor(), overdue_only=True)


@blp.route("/reference-rates", methods=["POST"])
@blp.arguments(ReferenceRateIn)
@blp.response(201, ReferenceRateOut)
@blp.alt_response(409, response="CONFLICT")
def record_reference_rate(data: dict[str, Any]) -> Any:
    """Record the Riksbank's reference rate of a half-year (finance, admin): late interest is it plus
    LATE_INTEREST_RATE_POINTS."""
    return reference_rates.record_reference_rate(data, actor=current_actor())


@blp.route("/reference-rates", methods=["GET"])
@blp.response(200, ReferenceRateOut(many=True))
def list_reference_rates() -> Any:
    """The reference rates on file, newest first (finance, admin)."""
    return reference_rates.list_reference_rates(actor=current_actor())
