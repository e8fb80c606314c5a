"""Issuing invoices and credit notes: gapless numbers, settlements, PDFs archived, all in one transaction."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ledger.documents.invoice import invoice_html
from ledger.domain.entries import EntryKind
from ledger.domain.errors import Conflict, InvalidInput
from ledger.domain.invoicing import ocr_reference
from ledger.domain.periods import local_date, parse_period
from ledger.models import Invoice, InvoiceDocument, InvoiceLine, NumberSeries
from ledger.documents.pdf import PdfRenderer
from ledger.services.access import Actor, require_role
from ledger.services.clock import utcnow
from ledger.services.entries import book_entry, reverse_entry
from ledger.services.errors import NotFound
from ledger.services.invoicing import FINANCE_ROLES, apply_totals, copy_buyer, minutes_owed, owed_line
from ledger.services.settings import current_settings
from ledger.services.tx import lock_account, write_transaction

#: Invoices issued per transaction in a batch: bounds how long accounts and the series stay locked.
BATCH_SIZE = 20


def _lock_series(session: Session) -> NumberSeries:
    """Lock the number series row (created at its first number on first use) for this transaction."""
    settings = current_settings()
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(NumberSeries).values(name=settings.series, next_number=settings.first_number)
        .on_conflict_do_nothing(index_elements=["name"])
    )
    return session.execute(
        select(NumberSeries).where(NumberSeries.name == settings.series).with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()


def _take_number(series: NumberSeries) -> int:
    number = series.next_number
    series.next_number = number + 1
    return number


def _finish(session: Session, invoice: Invoice, series: NumberSeries, actor: Actor) -> None:
    """Number, dates, OCR and snapshots; the caller renders and stores the PDF, then marks it issued."""
    settings = current_settings()
    invoice.number = _take_number(series)
    invoice.series = series.name
    invoice.issue_date = local_date(utcnow())
    if invoice.kind == "invoice":
        invoice.due_date = invoice.issue_date + timedelta(days=settings.seller.payment_terms_days)
        invoice.ocr = ocr_reference(invoice.number) if invoice.currency == "SEK" else None
    invoice.seller_snapshot = json.dumps(settings.seller.as_dict(), ensure_ascii=False)
    invoice.issued_at, invoice.issued_by = utcnow(), actor.id


def _prepare_invoice(session: Session, invoice: Invoice, series: NumberSeries, actor: Actor) -> None:
    """Refresh the hours owed under the account lock, book their settlement, and number the invoice."""
    customer, account = lock_account(session, invoice.customer_id)
    copy_buyer(invoice, customer)
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
    if not invoice.lines:
        raise Conflict(code="empty_invoice", invoice_id=invoice.id)
    apply_totals(invoice, invoice.lines)
    _finish(session, invoice, series, actor)


def _archive(session: Session, invoices: Sequence[Invoice], renderer: PdfRenderer) -> None:
    """Render each invoice in its customer's language and store the bytes with their SHA-256."""
    seller = current_settings().seller
    documents = renderer.render([invoice_html(invoice, seller, issuing=True) for invoice in invoices])
    for invoice, content in zip(invoices, documents, strict=True):
        session.add(InvoiceDocument(
            invoice_id=invoice.id, language=invoice.language, content=content,
            sha256=hashlib.sha256(content).hexdigest(), size_bytes=len(content), created_at=utcnow(),
        ))
    session.flush()  # lines and documents first: the triggers freeze an invoice's lines once it is issued
    for invoice in invoices:
        invoice.status = "issued"


def _load_draft(session: Session, invoice_id: int) -> Invoice:
    invoice = session.get(Invoice, invoice_id, populate_existing=True)
    if invoice is None:
        raise NotFound(phrasing="invoice_not_found", invoice_id=invoice_id)
    if invoice.status != "draft":
        raise Conflict(code="already_issued", invoice_id=invoice_id, number=f"{invoice.series}{invoice.number}")
    return invoice


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
                series = _lock_series(session)
                invoices = [_load_draft(session, invoice_id) for invoice_id in batch]
                for invoice in invoices:
                    _prepare_invoice(session, invoice, series, actor)
                _archive(session, invoices, renderer)
            issued.extend(invoices)
            if progress:
                progress(len(batch))
    return issued


def issue_invoice(invoice_id: int, *, actor: Actor) -> Invoice:
    """Issue one draft.

    :raise NotFound: no such invoice.  :raise Conflict: it is already issued.
    """
    return issue_invoices([invoice_id], actor=actor)[0]


def credit_invoice(invoice_id: int, reason: str, *, actor: Actor) -> Invoice:
    """A credit note of its own number for an issued invoice: negated lines, and the invoice's hour
    purchases and settlements reversed in the ledger.

    :raise Conflict: not an issued invoice, or already credited.
    """
    require_role(actor, *FINANCE_ROLES)
    if not isinstance(reason, str) or not reason.strip():
        raise InvalidInput.single("reason", "credit_reason_required")
    with write_transaction() as session:
        series = _lock_series(session)
        original = session.get(Invoice, invoice_id)
        if original is None:
            raise NotFound(phrasing="invoice_not_found", invoice_id=invoice_id)
        if original.kind != "invoice" or original.status != "issued":
            raise Conflict(code="not_creditable", invoice_id=invoice_id, status=original.status, kind=original.kind)
        if session.execute(select(Invoice.id).where(Invoice.credited_invoice_id == invoice_id)).scalar():
            raise Conflict(code="already_credited", number=f"{original.series}{original.number}")
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
        credited = {}
        for line in original.lines:
            credited[line.id] = InvoiceLine(
                position=line.position, kind=line.kind, credits_line_id=line.id,
                description_sv=f"Kreditering: {line.description_sv}", description_en=f"Credit: {line.description_en}",
                quantity_minutes=-line.quantity_minutes if line.quantity_minutes is not None else None,
                unit_price_minor=line.unit_price_minor, amount_minor=-line.amount_minor,
                hour_package_id=line.hour_package_id,
            )
        note.lines = list(credited.values())
        apply_totals(note, note.lines)
        session.add(note)
        session.flush()  # the note needs its id before the reversals can refer to it
        for line in original.lines:
            if line.entry_id is not None:
                reversal = reverse_entry(session, customer, account, line.entry_id, actor,
                                         f"Invoice {original.series}{original.number} credited", invoice_id=note.id)
                credited[line.id].entry_id = reversal.id
        _finish(session, note, series, actor)
        _archive(session, [note], PdfRenderer())
    return note
