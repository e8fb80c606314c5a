"""Reading invoices and their PDFs, discarding drafts, and exporting a period for the accountant."""
from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, BinaryIO

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ledger.documents.csv_safe import Number, SafeCsvWriter, amount
from ledger.documents.invoice import LANGUAGES
from ledger.documents.pdf import html_to_pdf
from ledger.domain.billing.exchange_rates import format_rate
from ledger.domain.errors import Conflict, InvalidInput
from ledger.domain.formatting import invoice_number
from ledger.domain.periods import Period
from ledger.domain.problems import N_, define_messages
from ledger.extensions import db
from ledger.models import DiscardedDraft, Invoice, InvoiceDocument, InvoiceEInvoice, InvoiceLine
from ledger.services.access import FINANCE_ROLES, READ_ALL_ROLES, Actor, check_customer_visible, require_role
from ledger.services.billing.copies import language_copy
from ledger.services.billing.numbering import lock_draft
from ledger.services.billing.specification import render_invoice_html
from ledger.services.clock import utcnow
from ledger.services.errors import NotFound
from ledger.services.settings import current_settings
from ledger.services.tx import write_transaction

MESSAGES = define_messages({
    "document_pending": N_("Invoice %(number)s is issued; its PDF is still being rendered. Try again in a minute."),
})

STATUSES = ("draft", "issued")


@dataclass(frozen=True)
class PdfFile:
    """A PDF to send: its bytes, a file name, and whether they are the archived original."""

    content: bytes
    filename: str
    archived: bool


def _visible(actor: Actor, invoice: Invoice | None, invoice_id: int) -> Invoice:
    if invoice is None or (actor.role == "customer" and (invoice.customer_id != actor.customer_id or invoice.status != "issued")):
        raise NotFound(phrasing="invoice_not_found", invoice_id=invoice_id)
    return invoice


def get_invoice(invoice_id: int, *, actor: Actor) -> Invoice:
    """An invoice the actor may see (a customer user: its own issued ones).

    :raise NotFound: unknown or not visible.
    """
    return _visible(actor, db.session.get(Invoice, invoice_id), invoice_id)


@dataclass(frozen=True)
class Credits:
    """The credit notes of an invoice, oldest first, and what is left of it to credit (its net less theirs)."""

    notes: list[Invoice]
    remaining_minor: int

    @property
    def in_full(self) -> bool:
        """True when nothing is left to credit."""
        return bool(self.notes) and self.remaining_minor == 0


def credits_of(invoice_id: int, *, actor: Actor) -> Credits:
    """The issued credit notes that credit an invoice the actor may see (several part credits may follow each other)."""
    invoice = get_invoice(invoice_id, actor=actor)
    notes = list(db.session.execute(select(Invoice).where(Invoice.credited_invoice_id == invoice_id,
                                                          Invoice.status == "issued").order_by(Invoice.id)).scalars())
    return Credits(notes, invoice.net_minor + sum(note.net_minor for note in notes))


def invoiced_entries(customer_id: int, entry_ids: Iterable[int], *, actor: Actor) -> dict[int, str]:
    """Of these entries of a customer (purchases, settlements), those on an issued invoice: entry id -> F1004.

    :raise NotFound: not the actor's customer.
    """
    check_customer_visible(actor, customer_id)
    wanted = list(entry_ids)
    if not wanted:
        return {}
    rows = db.session.execute(
        select(InvoiceLine.entry_id, Invoice.series, Invoice.number)
        .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
        .where(Invoice.customer_id == customer_id, Invoice.kind == "invoice", Invoice.status == "issued",
               InvoiceLine.entry_id.in_(wanted))
    )
    return {entry_id: f"{series or ''}{number}" for entry_id, series, number in rows}


def credited_ids(invoices: Iterable[Invoice]) -> set[int]:
    """The ids of the invoices that a credit note among `invoices` credits."""
    return {invoice.credited_invoice_id for invoice in invoices
            if invoice.kind == "credit_note" and invoice.credited_invoice_id is not None}


def list_invoices(*, actor: Actor, period: Period | None = None, status: str | None = None,
                  customer_id: int | None = None) -> list[Invoice]:
    """Invoices and credit notes, newest first."""
    if status is not None and status not in STATUSES:
        raise InvalidInput.single("status", "one_of", choices=STATUSES)
    query = select(Invoice).options(selectinload(Invoice.lines)).order_by(Invoice.period.desc(), Invoice.id.desc())
    if actor.role == "customer":
        if customer_id is not None:
            check_customer_visible(actor, customer_id)
        query = query.where(Invoice.customer_id == actor.customer_id, Invoice.status == "issued")
    else:
        require_role(actor, *READ_ALL_ROLES)
    if customer_id is not None:
        query = query.where(Invoice.customer_id == customer_id)
    if period is not None:
        query = query.where(Invoice.period == str(period))
    if status is not None:
        query = query.where(Invoice.status == status)
    return list(db.session.execute(query).scalars())


def filename_of(invoice: Invoice, language: str | None = None) -> str:
    """F1001.pdf for an issued invoice, draft-17.pdf for a draft; F1001-en.pdf for a copy in another language."""
    stem = invoice_number(invoice) or f"draft-{invoice.id}"
    return f"{stem}-{language}.pdf" if language not in (None, invoice.language) else f"{stem}.pdf"


def invoice_pdf(invoice_id: int, *, actor: Actor, language: str | None = None) -> PdfFile:
    """The archived PDF of an issued invoice, byte for byte; its copy in the other language (rendered once from the
    frozen invoice, then kept); a draft rendered now, marked as one."""
    invoice = get_invoice(invoice_id, actor=actor)
    if language is not None and language not in LANGUAGES:
        raise InvalidInput.single("lang", "one_of", choices=LANGUAGES)
    if invoice.status == "issued" and language in (None, invoice.language):
        document = db.session.execute(
            select(InvoiceDocument).where(InvoiceDocument.invoice_id == invoice.id)
        ).scalar_one_or_none()
        if document is None:
            raise Conflict(code="document_pending", number=invoice_number(invoice))
        return PdfFile(document.content, filename_of(invoice), archived=True)
    if invoice.status == "issued":
        copy = language_copy(invoice, language)  # type: ignore[arg-type]
        return PdfFile(copy, filename_of(invoice, language), archived=False)
    html = render_invoice_html(invoice, current_settings().seller, language=language)
    return PdfFile(html_to_pdf(html), filename_of(invoice, language), archived=False)


def discard_draft(invoice_id: int, *, actor: Actor) -> None:
    """Delete a draft so that its period can be run again (issued invoices are credited instead); who discarded it
    and when is kept. Locks the draft's row as issuing does, so the two never interleave.

    :raise NotFound: no such invoice.  :raise Conflict: the invoice is issued, or was discarded meanwhile.
    """
    require_role(actor, *FINANCE_ROLES)
    with write_transaction() as session:
        invoice = lock_draft(session, invoice_id)
        session.add(DiscardedDraft(invoice_id=invoice.id, customer_id=invoice.customer_id, period=invoice.period,
                                   discarded_at=utcnow(), discarded_by=actor.id))
        session.delete(invoice)


SUMMARY_COLUMNS = ("number", "kind", "credits_number", "customer_id", "customer", "org_number", "period",
                   "issue_date", "due_date", "currency", "net", "vat_rate_percent", "vat", "rounding", "total",
                   "ocr", "file", "sha256", "vat_code", "buyer_vat_number", "exchange_rate", "vat_sek")


def issued_in(period: Period) -> Any:
    """The condition "issued in `period`": the books follow issue dates, not service months (docs/einvoice.md)."""
    return (Invoice.status == "issued") & (Invoice.issue_date >= period.first_day) & (Invoice.issue_date <= period.last_day)


def of_service_period(period: Period) -> Any:
    """The condition "issued, for the service month `period`": what that month's run (and credits of it) issued."""
    return (Invoice.status == "issued") & (Invoice.period == str(period))


def issued_documents(period: Period, *, actor: Actor) -> list[Invoice]:
    """The invoices and credit notes issued in `period`, by issue date and number (finance, admin, staff)."""
    require_role(actor, *READ_ALL_ROLES)
    return list(db.session.execute(select(Invoice).where(issued_in(period))
                                   .order_by(Invoice.issue_date, Invoice.series, Invoice.number)).scalars())


def count_documents(condition: Any, *, actor: Actor) -> int:
    """How many issued invoices and credit notes meet `condition` (issued_in or of_service_period)."""
    require_role(actor, *READ_ALL_ROLES)
    return db.session.execute(select(func.count(Invoice.id)).where(condition)).scalar_one()


def export_period(period: Period, target: BinaryIO, *, actor: Actor,
                  progress: Callable[[int], None] | None = None, by_service_period: bool = False) -> int:
    """Write a zip of the PDFs and e-invoices (as archived) of the documents issued in `period` (or, with
    `by_service_period`, of that service month), and a CSV summary, to `target`; return the count."""
    require_role(actor, *FINANCE_ROLES)
    invoices = db.session.execute(
        select(Invoice, InvoiceDocument.sha256, InvoiceDocument.id)
        .join(InvoiceDocument, InvoiceDocument.invoice_id == Invoice.id)
        .where(of_service_period(period) if by_service_period else issued_in(period))
        .order_by(Invoice.issue_date, Invoice.number)
    ).all()
    summary = io.StringIO()
    writer = SafeCsvWriter(summary)  # names and org numbers are customers' text: never a spreadsheet formula
    writer.writerow(SUMMARY_COLUMNS)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        for invoice, sha256, document_id in invoices:
            content = db.session.execute(
                select(InvoiceDocument.content).where(InvoiceDocument.id == document_id)
            ).scalar_one()
            archive.writestr(filename_of(invoice), content)
            einvoice = db.session.execute(
                select(InvoiceEInvoice.content).where(InvoiceEInvoice.invoice_id == invoice.id)
            ).scalar_one_or_none()
            if einvoice is not None:
                archive.writestr(f"{invoice_number(invoice)}.xml", einvoice)
            writer.writerow((
                invoice.number, invoice.kind, invoice.credited_invoice.number if invoice.credited_invoice else "",
                invoice.customer_id, invoice.buyer_name, invoice.buyer_org_number, invoice.period,
                invoice.issue_date.isoformat(), invoice.due_date.isoformat() if invoice.due_date else "",
                invoice.currency, amount(invoice.net_minor), Number(f"{invoice.vat_rate_bp / 100:g}"),
                amount(invoice.vat_minor), amount(invoice.rounding_minor),
                amount(invoice.to_pay_minor), invoice.ocr or "", filename_of(invoice), sha256,
                invoice.vat_code, invoice.buyer_vat_number or "",
                Number(format_rate(invoice.exchange_rate_micro)) if invoice.exchange_rate_micro else "",
                amount(invoice.vat_sek_minor) if invoice.vat_sek_minor is not None else "",
            ))
            if progress:
                progress(1)
        archive.writestr(f"summary-{period}.csv", summary.getvalue())
    return len(invoices)
