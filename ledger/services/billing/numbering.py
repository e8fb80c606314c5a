"""Taking an invoice number: the series row and the draft's row locked, then the number, the dates, the OCR
reference and what the issued invoice freezes (the seller, the specification).

Issuing and discarding a draft both lock its row first (SELECT … FOR UPDATE; BEGIN IMMEDIATE on SQLite), so when
they race one waits for the other and then finds the draft issued or gone: a 409 either way, never a half-done
write. A discarded draft leaves a DiscardedDraft row, so that issuing it afterwards says so.
"""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ledger.domain.billing.exchange_rates import NATIONAL_CURRENCY
from ledger.domain.billing.invoicing import ocr_reference, series_ocr_reference
from ledger.domain.errors import Conflict
from ledger.domain.formatting import invoice_number
from ledger.domain.periods import local_date
from ledger.domain.problems import N_, define_messages
from ledger.models import DiscardedDraft, Invoice, NumberSeries
from ledger.services.access import Actor
from ledger.services.billing.exchange_rates import apply_exchange_rate
from ledger.services.billing.specification import frozen_specification
from ledger.services.clock import utcnow
from ledger.services.errors import NotFound
from ledger.services.settings import current_settings

MESSAGES = define_messages({
    "draft_discarded": N_("Draft %(invoice_id)s was discarded on %(discarded_on)s; it can no longer be issued."),
    "seller_iban_missing": N_("Invoice %(invoice_id)s is paid to the seller's IBAN and BIC, and they are not set: "
                              "set SELLER_IBAN and SELLER_BIC."),
})


def lock_series(session: Session) -> NumberSeries:
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


def lock_invoice(session: Session, invoice_id: int) -> Invoice | None:
    """The invoice's row, locked for the rest of the transaction and read afresh; None if there is none."""
    return session.execute(
        select(Invoice).where(Invoice.id == invoice_id).with_for_update().execution_options(populate_existing=True)
    ).scalar_one_or_none()


def lock_draft(session: Session, invoice_id: int) -> Invoice:
    """A draft's row, locked.

    :raise NotFound: no such invoice.  :raise Conflict: it was issued (`already_issued`) or discarded
    (`draft_discarded`) meanwhile.
    """
    invoice = lock_invoice(session, invoice_id)
    if invoice is None:
        gone = session.execute(select(DiscardedDraft).where(DiscardedDraft.invoice_id == invoice_id)
                               .order_by(DiscardedDraft.id.desc()).limit(1)).scalar_one_or_none()
        if gone is not None:
            raise Conflict(code="draft_discarded", invoice_id=invoice_id, discarded_on=local_date(gone.discarded_at))
        raise NotFound(phrasing="invoice_not_found", invoice_id=invoice_id)
    if invoice.status != "draft":
        raise Conflict(code="already_issued", invoice_id=invoice_id, number=invoice_number(invoice))
    return invoice


def pays_by_iban(invoice: Invoice) -> bool:
    """True when the invoice names the seller's IBAN and BIC: it is in a foreign currency, or its buyer is abroad."""
    return invoice.currency != NATIONAL_CURRENCY or invoice.buyer_country != "SE"


def _ocr(session: Session, invoice: Invoice) -> str:
    """The number's OCR reference, or the series' own one when another series already holds it."""
    plain = ocr_reference(invoice.number)  # type: ignore[arg-type]
    taken = session.execute(select(Invoice.id).where(Invoice.ocr == plain, Invoice.id != invoice.id).limit(1)).first()
    if taken is None:
        return plain
    return series_ocr_reference(invoice.series or "", invoice.number)  # type: ignore[arg-type]


def finish(session: Session, invoice: Invoice, series: NumberSeries, actor: Actor) -> None:
    """Number, dates, OCR and snapshots; the caller renders and stores the PDF, then marks it issued.

    :raise Conflict: `seller_iban_missing` when the invoice must name an IBAN and BIC that are not set.
    """
    settings = current_settings()
    if invoice.kind == "invoice" and pays_by_iban(invoice) and not (settings.seller.iban and settings.seller.bic):
        raise Conflict(code="seller_iban_missing", invoice_id=invoice.id)
    invoice.number = series.next_number
    series.next_number = invoice.number + 1
    invoice.series = series.name
    invoice.issue_date = local_date(utcnow())
    apply_exchange_rate(session, invoice, invoice.credited_invoice)
    if invoice.kind == "invoice":
        invoice.due_date = invoice.issue_date + timedelta(days=settings.seller.payment_terms_days)
        invoice.ocr = _ocr(session, invoice) if invoice.currency == NATIONAL_CURRENCY else None
        if invoice.origin == "run":
            invoice.specification = json.dumps(frozen_specification(invoice), ensure_ascii=False)
    invoice.seller_snapshot = json.dumps(settings.seller.as_dict(), ensure_ascii=False)
    invoice.issued_at, invoice.issued_by = utcnow(), actor.id
