"""The copy of an issued invoice in its other language (docs/einvoice.md): rendered from the frozen invoice (its lines,
its seller snapshot and its frozen specification), once, and kept.

The first request renders it while holding the invoice's row lock (SELECT … FOR UPDATE; on SQLite the write
transaction), so requests arriving meanwhile wait and then find the kept copy: forty at once cost one render.
"""
from __future__ import annotations

import hashlib

from sqlalchemy import select

from ledger.documents.pdf import html_to_pdf
from ledger.extensions import db
from ledger.models import Invoice, InvoiceCopy
from ledger.services.billing.numbering import lock_invoice
from ledger.services.billing.specification import render_invoice_html
from ledger.services.clock import utcnow
from ledger.services.settings import current_settings
from ledger.services.tx import write_transaction

_KEPT = select(InvoiceCopy.content)


def _kept(session: object, invoice_id: int, language: str) -> bytes | None:
    return session.execute(_KEPT.where(InvoiceCopy.invoice_id == invoice_id,  # type: ignore[attr-defined]
                                       InvoiceCopy.language == language)).scalar_one_or_none()


def language_copy(invoice: Invoice, language: str) -> bytes:
    """The PDF of an issued invoice in `language` (not its own), marked as a copy: the kept one, or rendered now
    and kept."""
    found = _kept(db.session, invoice.id, language)
    if found is not None:
        return found
    with write_transaction() as session:
        frozen = lock_invoice(session, invoice.id)
        assert frozen is not None and frozen.status == "issued"
        found = _kept(session, invoice.id, language)
        if found is not None:
            return found
        content = html_to_pdf(render_invoice_html(frozen, current_settings().seller, language=language, copy=True))
        session.add(InvoiceCopy(invoice_id=invoice.id, language=language, content=content,
                                sha256=hashlib.sha256(content).hexdigest(), size_bytes=len(content),
                                created_at=utcnow()))
    return content
