"""Issuing invoices and credit notes: gapless numbers, settlements, PDFs archived with their SHA-256.

Issuing has two halves. Numbering (`number_drafts`) takes the numbers, books the settlements, freezes the
invoice and queues its mail in one short transaction per batch, holding the series row only for that.
Archiving (`archive_documents`) renders the frozen invoices to PDF with no lock held, then inserts each document
once (the archive is insert-only and unique per invoice), so any number of workers may render in parallel and
a rendering repeated after a crash stores nothing twice. Until then an issued invoice's document is pending.
`issue_invoices` does both halves in one transaction per batch, for single invoices and the command line.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ledger.documents.pdf import EmbeddedFile, PdfJob, PdfRenderer
from ledger.domain.accounts.entries import EntryKind
from ledger.domain.errors import Conflict, InvalidInput
from ledger.domain.formatting import invoice_number
from ledger.domain.periods import parse_period
from ledger.extensions import db
from ledger.models import Customer, Invoice, InvoiceDocument, InvoiceEInvoice, NumberSeries, ServiceAccount
from ledger.services.access import FINANCE_ROLES, Actor, require_role
from ledger.services.accounts.entries import book_entry, reverse_entry
from ledger.services.billing.credit_lines import choose_credit_lines, credit_line, credited_so_far
from ledger.services.billing.einvoices import archive_peppol
from ledger.services.billing.mail import queue_invoice_mail
from ledger.services.billing.numbering import finish, lock_draft, lock_invoice, lock_series
from ledger.services.billing.runs import apply_totals, copy_buyer, minutes_owed, owed_line
from ledger.services.billing.specification import render_invoice_html
from ledger.services.clock import utcnow
from ledger.services.errors import NotFound
from ledger.services.settings import current_settings
from ledger.services.tx import lock_account, write_transaction

#: Invoices issued per transaction in a batch: bounds how long accounts and the series stay locked.
BATCH_SIZE = 20


def _prepare_invoice(session: Session, invoice: Invoice, series: NumberSeries, actor: Actor) -> None:
    """Refresh the hours owed under the account lock (the month's invoice), book their settlement, and number it."""
    customer, account = lock_account(session, invoice.customer_id)
    copy_buyer(invoice, customer)
    if invoice.origin == "run":
        _settle_hours_owed(session, invoice, customer, account, actor)
    if not invoice.lines:
        raise Conflict(code="empty_invoice", invoice_id=invoice.id)
    apply_totals(invoice, invoice.lines)
    finish(session, invoice, series, actor)


def _settle_hours_owed(session: Session, invoice: Invoice, customer: Customer, account: ServiceAccount,
                       actor: Actor) -> None:
    period = parse_period(invoice.period)
    balance, owed = minutes_owed(session, account.id, period)
    invoice.balance_at_period_end_minutes = balance
    line = next((line for line in invoice.lines if line.kind == "hours_owed"), None)
    if owed:
        fresh = owed_line(customer, owed, period)
        if line is None:
            line, fresh.position = fresh, len(invoice.lines) + 1
            invoice.lines.append(line)
        else:
            line.description_sv, line.description_en = fresh.description_sv, fresh.description_en
            line.quantity_minutes, line.amount_minor = fresh.quantity_minutes, fresh.amount_minor
            line.unit_price_minor = fresh.unit_price_minor
        settlement = book_entry(
            session, customer, account, EntryKind.SETTLEMENT, owed, actor=actor,
            memo=f"Hours owed for {period} invoiced", invoice_id=invoice.id,
        )
        line.entry_id = settlement.id
    elif line is not None:
        invoice.lines.remove(line)  # settled since the draft was made: nothing owed any more


def _document(invoice: Invoice, content: bytes) -> InvoiceDocument:
    return InvoiceDocument(invoice_id=invoice.id, language=invoice.language, content=content,
                           sha256=hashlib.sha256(content).hexdigest(), size_bytes=len(content), created_at=utcnow())


def _pdf_job(invoice: Invoice, html: str, einvoice: bytes | None) -> PdfJob:
    """The PDF to render, with the archived e-invoice embedded as its associated file (PDF/A-3)."""
    embedded = () if einvoice is None else (EmbeddedFile(
        f"{invoice_number(invoice)}.xml", einvoice, "Peppol BIS Billing 3.0 (UBL 2.1)"),)
    return PdfJob(html, embedded)


def _archive_einvoices(session: Session, invoices: Sequence[Invoice]) -> dict[int, bytes | None]:
    """Write and archive each numbered invoice's e-invoice (in the numbering transaction, before it is frozen)."""
    return {invoice.id: archive_peppol(session, invoice) for invoice in invoices}


def _archived_einvoices(invoice_ids: Sequence[int]) -> dict[int, bytes]:
    """The archived e-invoices of these invoices, to embed in their PDFs."""
    rows = db.session.execute(
        select(InvoiceEInvoice.invoice_id, InvoiceEInvoice.content).where(InvoiceEInvoice.invoice_id.in_(invoice_ids)))
    return {invoice_id: content for invoice_id, content in rows}


def _render(invoices: Sequence[Invoice], renderer: PdfRenderer, einvoices: Mapping[int, bytes | None]) -> list[bytes]:
    seller = current_settings().seller
    return renderer.render([_pdf_job(invoice, render_invoice_html(invoice, seller, issuing=True), einvoices.get(invoice.id))
                            for invoice in invoices])


def _mark_issued(session: Session, invoices: Sequence[Invoice]) -> None:
    session.flush()  # lines (and documents) first: the triggers freeze an invoice's lines once it is issued
    for invoice in invoices:
        invoice.status = "issued"
    session.flush()
    for invoice in invoices:
        if invoice.kind == "invoice":
            queue_invoice_mail(session, invoice)


def _archive(session: Session, invoices: Sequence[Invoice], renderer: PdfRenderer) -> None:
    """Archive each invoice's e-invoice, render it in its customer's language with the e-invoice embedded, store
    the bytes with their SHA-256, mark it issued."""
    einvoices = _archive_einvoices(session, invoices)
    for invoice, content in zip(invoices, _render(invoices, renderer, einvoices), strict=True):
        session.add(_document(invoice, content))
    _mark_issued(session, invoices)


def number_drafts(invoice_ids: Sequence[int], *, actor: Actor) -> list[Invoice]:
    """The numbering half: numbers, settlements, frozen data and the invoice mail of these drafts, in one
    transaction; drafts issued meanwhile (by another worker) are skipped. The PDFs are archived later.

    :raise Conflict: a draft has nothing left to invoice (the whole batch is rolled back).
    """
    require_role(actor, *FINANCE_ROLES)
    with write_transaction() as session:
        series = lock_series(session)  # taken first: a second worker on the same batch waits here
        invoices = [invoice for invoice_id in invoice_ids
                    if (invoice := lock_invoice(session, invoice_id)) is not None and invoice.status == "draft"]
        for invoice in invoices:
            _prepare_invoice(session, invoice, series, actor)
        _archive_einvoices(session, invoices)
        _mark_issued(session, invoices)
    return invoices


def archive_documents(invoice_ids: Sequence[int], *, on_archived: Callable[[Session, int], None] | None = None,
                      renderer: PdfRenderer | None = None) -> list[int]:
    """The archiving half: render those of these issued invoices that have no document yet and store each
    PDF once; `on_archived(session, count)` runs in the storing transaction. The ids newly archived."""
    pending = list(db.session.execute(
        select(Invoice).where(Invoice.id.in_(invoice_ids), Invoice.status == "issued",
                              ~select(InvoiceDocument.id).where(InvoiceDocument.invoice_id == Invoice.id).exists())
        .order_by(Invoice.id)
    ).scalars())
    einvoices = _archived_einvoices([invoice.id for invoice in pending]) if pending else {}
    db.session.rollback()  # no snapshot held while rendering
    if not pending:
        return []
    contents = _render(pending, renderer or PdfRenderer(), einvoices)
    stored = []
    with write_transaction() as session:
        for invoice, content in zip(pending, contents, strict=True):
            try:
                with session.begin_nested():
                    session.add(_document(invoice, content))
            except IntegrityError:
                continue  # another worker archived it first: its bytes stand
            stored.append(invoice.id)
        if on_archived is not None:
            on_archived(session, len(stored))
    return stored


def issue_invoices(invoice_ids: Sequence[int], *, actor: Actor, workers: int = 1,
                   progress: Callable[[int], None] | None = None) -> list[Invoice]:
    """Issue drafts: each batch of BATCH_SIZE takes its numbers, settlements and PDFs in one transaction,
    so a crash leaves a batch wholly issued or wholly draft, and the series never has a gap."""
    require_role(actor, *FINANCE_ROLES)
    issued: list[Invoice] = []
    with PdfRenderer(workers if len(invoice_ids) > 1 else 1) as renderer:
        for start in range(0, len(invoice_ids), BATCH_SIZE):
            batch = invoice_ids[start:start + BATCH_SIZE]
            with write_transaction() as session:
                series = lock_series(session)
                invoices = [lock_draft(session, invoice_id) for invoice_id in batch]
                for invoice in invoices:
                    _prepare_invoice(session, invoice, series, actor)
                _archive(session, invoices, renderer)
            issued.extend(invoices)
            if progress:
                progress(len(batch))
    return issued


def issue_invoice(invoice_id: int, *, actor: Actor) -> Invoice:
    """Issue one draft.

    :raise NotFound: no such invoice.  :raise Conflict: it is already issued, or was discarded meanwhile.
    """
    return issue_invoices([invoice_id], actor=actor)[0]


def credit_invoice(invoice_id: int, reason: str, *, actor: Actor, lines: Sequence[object] | None = None) -> Invoice:
    """A credit note of its own number for an issued invoice: what remains of all its lines, or the chosen ones
    (`[{position, amount?}]`, a part amount credits a price, not hours); the ledger effects of each line
    credited in full at once (hour purchases, settlements) are reversed. Several notes may credit one invoice,
    together at most its amount.

    :raise InvalidInput: no reason, or a line or amount that is not on the invoice.
    :raise Conflict: not an issued invoice, nothing left to credit, or more than a line has left.
    """
    require_role(actor, *FINANCE_ROLES)
    if not isinstance(reason, str) or not reason.strip():
        raise InvalidInput.single("reason", "credit_reason_required")
    with write_transaction() as session:
        series = lock_series(session)
        original = session.get(Invoice, invoice_id)
        if original is None:
            raise NotFound(phrasing="invoice_not_found", invoice_id=invoice_id)
        if original.kind != "invoice" or original.status != "issued":
            raise Conflict(code="not_creditable", invoice_id=invoice_id, status=original.status, kind=original.kind)
        choices = choose_credit_lines(original, lines, credited_so_far(session, original.id))
        customer, account = lock_account(session, original.customer_id)
        note = Invoice(
            customer_id=original.customer_id, kind="credit_note", status="draft", period=original.period,
            period_start=original.period_start, period_end=original.period_end,
            balance_at_period_end_minutes=original.balance_at_period_end_minutes,
            credited_invoice_id=original.id, credit_reason=reason.strip(), created_at=utcnow(),
        )
        for column in ("buyer_name", "buyer_address", "buyer_org_number", "buyer_vat_number", "buyer_country",
                       "buyer_reference", "currency", "language"):
            setattr(note, column, getattr(original, column))  # the credit mirrors what was invoiced
        credited = {choice.line.id: credit_line(choice) for choice in choices}
        note.lines = list(credited.values())
        apply_totals(note, note.lines)
        session.add(note)
        session.flush()  # the note needs its id before the reversals can refer to it
        for choice in choices:
            if choice.part_minor is None and choice.line.entry_id is not None:
                reversal = reverse_entry(session, customer, account, choice.line.entry_id, actor,
                                         f"Invoice {invoice_number(original)} credited", invoice_id=note.id)
                credited[choice.line.id].entry_id = reversal.id
        finish(session, note, series, actor)
        _archive(session, [note], PdfRenderer())
    return note
