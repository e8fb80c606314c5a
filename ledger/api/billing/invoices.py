"""Invoicing: run a month, issue, credit, read, download PDFs, export (docs/api.md)."""
from __future__ import annotations

from typing import Any

from flask import Response

from ledger.api.auth import authenticate, current_actor
from ledger.api.billing.schemas import (
    CreditIn, DraftNowIn, ExportQuery, InvoiceListQuery, InvoiceOut, LineIn, PdfQuery, RunIn, RunOut,
)
from ledger.api.blueprint import ApiBlueprint
from ledger.api.mail.jobs import JobStarted
from ledger.domain.formatting import invoice_number
from ledger.domain.periods import parse_period
from ledger.downloads import export_zip, pdf_attachment, sie_attachment
from ledger.jobs.tasks import start_issuing
from ledger.services.billing import drafts, issuing
from ledger.services.billing import reads as invoice_reads
from ledger.services.billing import runs as invoicing
from ledger.services.billing.einvoices import archived_einvoice
from ledger.services.payments.reads import with_payment, with_payments

blp = ApiBlueprint("invoices", __name__, url_prefix="/api/v1/invoices", description="Invoices and credit notes")
blp.before_request(authenticate)
BINARY = {"type": "string", "format": "binary"}


@blp.route("/run", methods=["POST"])
@blp.arguments(RunIn)
@blp.response(200, RunOut)
def run_invoices(data: dict[str, Any]) -> Any:
    """Create the period's drafts (finance, admin); running it again creates nothing new."""
    result = invoicing.run_invoices(parse_period(data["period"]), actor=current_actor())
    return {**vars(result), "period": str(result.period),
            "skipped": [vars(skipped) for skipped in result.skipped]}


@blp.route("/issue", methods=["POST"])
@blp.arguments(RunIn)
@blp.response(202, JobStarted)
def issue_period(data: dict[str, Any]) -> Any:
    """Issue every draft of the period in the background (finance, admin); GET /jobs/{job_id} shows progress."""
    job = start_issuing(parse_period(data["period"]), actor=current_actor())
    return {"job_id": job.id}


@blp.route("/draft", methods=["POST"])
@blp.arguments(DraftNowIn)
@blp.response(201, InvoiceOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def draft_now(data: dict[str, Any]) -> Any:
    """Draft an invoice now of what the customer bought and is not invoiced yet (finance, admin); the month's run
    does not invoice it again."""
    return drafts.draft_now(data["customer_id"], actor=current_actor())


@blp.route("/<int:invoice_id>/lines", methods=["POST"])
@blp.arguments(LineIn)
@blp.response(201, InvoiceOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def add_line(data: dict[str, Any], invoice_id: int) -> Any:
    """Add a line to a draft (finance, admin); answers the draft."""
    return drafts.add_line(invoice_id, data, actor=current_actor())


@blp.route("/<int:invoice_id>/lines/<int:position>", methods=["DELETE"])
@blp.response(200, InvoiceOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def remove_line(invoice_id: int, position: int) -> Any:
    """Take a line off a draft (finance, admin); the lines after it move up. Answers the draft."""
    return drafts.remove_line(invoice_id, position, actor=current_actor())


@blp.route("", methods=["GET"])
@blp.arguments(InvoiceListQuery, location="query")
@blp.response(200, InvoiceOut(many=True))
def list_invoices(query: dict[str, Any]) -> Any:
    """Invoices and credit notes, newest first (a customer user: its own issued ones)."""
    period = parse_period(query["period"]) if "period" in query else None
    return with_payments(invoice_reads.list_invoices(actor=current_actor(), period=period, status=query.get("status"),
                                                     customer_id=query.get("customer_id")))


@blp.route("/<int:invoice_id>", methods=["GET"])
@blp.response(200, InvoiceOut)
@blp.alt_response(404, response="NOT_FOUND")
def get_invoice(invoice_id: int) -> Any:
    """One invoice with its lines and what has been paid (`payment_status`, `paid`, `outstanding`)."""
    return with_payment(invoice_reads.get_invoice(invoice_id, actor=current_actor()))


@blp.route("/<int:invoice_id>", methods=["DELETE"])
@blp.response(204)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def discard_draft(invoice_id: int) -> None:
    """Discard a draft so its period can be run again (finance, admin); issued invoices are credited."""
    invoice_reads.discard_draft(invoice_id, actor=current_actor())


@blp.route("/<int:invoice_id>/issue", methods=["POST"])
@blp.response(200, InvoiceOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def issue_invoice(invoice_id: int) -> Any:
    """Issue a draft: next number of the series, settlement of hours owed, PDF archived (finance, admin)."""
    return with_payment(issuing.issue_invoice(invoice_id, actor=current_actor()))


@blp.route("/<int:invoice_id>/credit", methods=["POST"])
@blp.arguments(CreditIn)
@blp.response(201, InvoiceOut)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def credit_invoice(data: dict[str, Any], invoice_id: int) -> Any:
    """Credit an issued invoice, or chosen lines or part amounts of it: a credit note of its own number; the
    ledger effects of what is credited in full are reversed. After a full credit the month can be run again."""
    return issuing.credit_invoice(invoice_id, data["reason"], actor=current_actor(), lines=data.get("lines"))


@blp.route("/<int:invoice_id>/pdf", methods=["GET"])
@blp.arguments(PdfQuery, location="query")
@blp.alt_response(200, schema=BINARY, content_type="application/pdf", success=True,
                  description="The archived PDF, byte for byte (or a draft preview or language copy)")
@blp.alt_response(404, response="NOT_FOUND")
def download_pdf(query: dict[str, Any], invoice_id: int) -> Response:
    """The PDF: for an issued invoice in its own language, the archived bytes; X-Content-SHA256 proves it."""
    return pdf_attachment(invoice_reads.invoice_pdf(invoice_id, actor=current_actor(), language=query.get("lang")))


@blp.route("/<int:invoice_id>/peppol", methods=["GET"])
@blp.alt_response(200, schema={"type": "string"}, content_type="application/xml", success=True,
                  description="The archived Peppol BIS Billing 3.0 UBL, byte for byte")
@blp.alt_response(404, response="NOT_FOUND")
def download_peppol(invoice_id: int) -> Response:
    """The e-invoice as archived when the invoice was issued; X-Content-SHA256 is its archived hash."""
    invoice, document = archived_einvoice(invoice_id, actor=current_actor())
    response = Response(document.content, mimetype="application/xml")
    response.headers["Content-Disposition"] = f'attachment; filename="{invoice_number(invoice)}.xml"'
    response.headers["X-Content-SHA256"] = document.sha256
    response.headers["Cache-Control"] = "private, no-store"
    return response


@blp.route("/export", methods=["GET"])
@blp.arguments(ExportQuery, location="query")
@blp.alt_response(200, schema=BINARY, content_type="application/zip", success=True,
                  description="The archived PDFs and e-invoices of the documents issued in the month, a CSV summary; "
                              "or, with format=sie, an SIE 4 file (text/plain, code page 437)")
@blp.doc(responses={"200": {
    "description": "The archived PDFs and e-invoices of the documents issued in the month and a CSV summary (zip), "
                   "or with format=sie the SIE 4 file (text/plain, code page 437)",
    "content": {"application/zip": {"schema": BINARY}, "text/plain": {"schema": BINARY}}}})
def export_period(query: dict[str, Any]) -> Response:
    """The documents issued in a month (`period`), or of a month's run (`service_period`), for the accountant
    (finance, admin): a zip, or (`period`) the SIE 4 vouchers."""
    if "service_period" in query:
        return export_zip(parse_period(query["service_period"]), actor=current_actor(), by_service_period=True)
    period = parse_period(query["period"])
    if query["format"] == "sie":
        return sie_attachment(period, actor=current_actor())
    return export_zip(period, actor=current_actor())
