"""The month's documents as an SIE 4 import file for the bookkeeping program (DESIGN §13)."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ledger.config import account_settings
from ledger.documents.sie import sie_file
from ledger.domain.billing.einvoice import DocumentKind
from ledger.domain.billing.vat import VatCode
from ledger.domain.books.vouchers import ChartOfAccounts, IssuedDocument, bas_accounts, financial_year, vouchers_for
from ledger.domain.periods import Period, local_date
from ledger.extensions import db
from ledger.models import Invoice
from ledger.services.access import FINANCE_ROLES, Actor, require_role
from ledger.services.billing.exchange_rates import invoice_rate
from ledger.services.billing.reads import issued_in
from ledger.services.clock import utcnow
from ledger.services.settings import current_settings


def chart_of_accounts() -> ChartOfAccounts:
    """The BAS accounts configured as ACCOUNT_* (checked when the app starts)."""
    return bas_accounts(**account_settings(current_app.config))  # type: ignore[arg-type]


def issued_document(invoice: Invoice) -> IssuedDocument:
    """What the books need of an issued invoice or credit note, amounts signed as issued."""
    return IssuedDocument(
        kind=DocumentKind(invoice.kind), series=invoice.series, number=invoice.number,
        issue_date=invoice.issue_date, buyer_name=invoice.buyer_name, vat_code=VatCode(invoice.vat_code),
        currency=invoice.currency, net_minor=invoice.net_minor, vat_minor=invoice.vat_minor,
        rounding_minor=invoice.rounding_minor, to_pay_minor=invoice.to_pay_minor, exchange_rate=invoice_rate(invoice),
    )


def sie_export(period: Period, *, actor: Actor) -> bytes:
    """One balanced voucher per invoice and credit note issued in `period`, in SEK, as an SIE 4 file (CP437)."""
    require_role(actor, *FINANCE_ROLES)
    invoices = db.session.execute(
        select(Invoice).options(selectinload(Invoice.lines)).where(issued_in(period))
        .order_by(Invoice.issue_date, Invoice.number)
    ).scalars()
    seller = current_settings().seller
    return sie_file(vouchers_for([issued_document(invoice) for invoice in invoices], chart_of_accounts()),
                    company_name=seller.name, org_number=seller.org_number,
                    financial_year=financial_year(period.first_day), generated_on=local_date(utcnow()))
