"""What the month's invoices fill in Skatteverket's forms (docs/books.md): the VAT return's boxes and the EC sales
list (periodisk sammanställning, file format SKV 574008), both by issue date, credit notes negative."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ledger.domain.books.returns import (
    EcSalesLine, VatDocument, VatReturn, ec_sales_file, ec_sales_lines, vat_return,
)
from ledger.domain.periods import Period
from ledger.extensions import db
from ledger.models import Invoice
from ledger.models.invoices import OUTSIDE_VAT_KINDS
from ledger.services.access import FINANCE_ROLES, Actor, require_role
from ledger.services.billing.reads import issued_in
from ledger.services.books.deferred import sek_minor
from ledger.services.settings import current_settings


def vat_documents(period: Period) -> list[VatDocument]:
    """The month's invoices and credit notes in SEK: the net within the scope of VAT, and the VAT."""
    invoices = db.session.execute(
        select(Invoice).options(selectinload(Invoice.lines)).where(issued_in(period))
        .order_by(Invoice.issue_date, Invoice.number)).scalars()
    documents = []
    for invoice in invoices:
        outside = sum(line.amount_minor for line in invoice.lines if line.kind in OUTSIDE_VAT_KINDS)
        documents.append(VatDocument(
            invoice.vat_code, invoice.buyer_vat_number,
            sek_minor(invoice.net_minor - outside, invoice.currency, invoice.exchange_rate_micro),
            sek_minor(invoice.vat_minor, invoice.currency, invoice.exchange_rate_micro)))
    return documents


def month_vat_return(period: Period, *, actor: Actor) -> VatReturn:
    """Boxes 05, 10, 39 and 40 of the month (finance, admin)."""
    require_role(actor, *FINANCE_ROLES)
    return vat_return(vat_documents(period))


@dataclass(frozen=True)
class EcSalesList:
    """The month's EC sales list: one line per buyer, and the file Skatteverket takes."""

    period: Period
    lines: list[EcSalesLine]
    content: bytes

    @property
    def file_name(self) -> str:
        return f"periodisk-sammanstallning-{self.period}.csv"


def month_ec_sales_list(period: Period, *, actor: Actor) -> EcSalesList:
    """The month's reverse-charge sales per buyer VAT number (finance, admin)."""
    require_role(actor, *FINANCE_ROLES)
    lines = ec_sales_lines(vat_documents(period))
    seller, config = current_settings().seller, current_app.config
    content = ec_sales_file(
        lines, seller_vat_number=seller.vat_number, year=period.year, month=period.month,
        contact_name=config.get("EC_SALES_CONTACT_NAME") or config.get("SELLER_OUR_REFERENCE") or seller.name,
        contact_phone=config.get("EC_SALES_CONTACT_PHONE") or config.get("SELLER_PHONE") or "",
        contact_email=config.get("EC_SALES_CONTACT_EMAIL") or config.get("SELLER_EMAIL") or "")
    return EcSalesList(period, lines, content)
