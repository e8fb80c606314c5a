"""The month's books as an SIE 4 import file for the bookkeeping program (docs/books.md): every voucher that
belongs to the month — invoices and credit notes by issue date, payments by payment date, write-offs by their
date, forfeitures on their day, and the month's recognition of deferred revenue on its last day."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ledger.config import account_settings, fiscal_year_start
from ledger.documents.sie import sie_file
from ledger.domain.billing.einvoice import DocumentKind
from ledger.domain.billing.vat import VatCode
from ledger.domain.books.recognition import forfeit_voucher, month_voucher
from ledger.domain.books.vouchers import (
    ChartOfAccounts, IssuedDocument, Voucher, bas_accounts, financial_year, vouchers_for,
)
from ledger.domain.formatting import invoice_number
from ledger.domain.periods import Period, local_date
from ledger.extensions import db
from ledger.models import Invoice
from ledger.services.access import FINANCE_ROLES, Actor, require_role
from ledger.services.billing.exchange_rates import invoice_rate
from ledger.services.billing.reads import issued_in
from ledger.services.books.deferred import earned_in
from ledger.services.books.money import payment_vouchers, write_off_vouchers
from ledger.services.clock import utcnow
from ledger.services.settings import current_settings

#: Invoice lines credited to deferred revenue, and how their row is labelled.
DEFERRED_KINDS = {"hour_package": "Timpaket", "agreement": "Avtal"}


def chart_of_accounts() -> ChartOfAccounts:
    """The BAS accounts configured as ACCOUNT_* (checked when the app starts)."""
    return bas_accounts(**account_settings(current_app.config))  # type: ignore[arg-type]


def issued_document(invoice: Invoice) -> IssuedDocument:
    """What the books need of an issued invoice or credit note, amounts signed as issued: packages and
    agreements go to deferred revenue, late-payment interest to interest income."""
    deferred = tuple((f"{DEFERRED_KINDS[line.kind]} {invoice_number(invoice)}:{line.position}", line.amount_minor)
                     for line in invoice.lines if line.kind in DEFERRED_KINDS and line.amount_minor)
    interest = sum(line.amount_minor for line in invoice.lines if line.kind == "late_interest")
    return IssuedDocument(
        kind=DocumentKind(invoice.kind), series=invoice.series, number=invoice.number,
        issue_date=invoice.issue_date, buyer_name=invoice.buyer_name, vat_code=VatCode(invoice.vat_code),
        currency=invoice.currency, net_minor=invoice.net_minor, vat_minor=invoice.vat_minor,
        rounding_minor=invoice.rounding_minor, to_pay_minor=invoice.to_pay_minor, exchange_rate=invoice_rate(invoice),
        deferred=deferred, interest_minor=interest,
    )


def issued_documents_of(period: Period) -> list[IssuedDocument]:
    """The invoices and credit notes issued in `period`, as the books need them."""
    invoices = db.session.execute(
        select(Invoice).options(selectinload(Invoice.lines)).where(issued_in(period))
        .order_by(Invoice.issue_date, Invoice.number)
    ).scalars()
    return [issued_document(invoice) for invoice in invoices]


def month_vouchers(period: Period) -> list[Voucher]:
    """Every voucher of the month: documents, money, forfeitures, then the month's recognition."""
    accounts = chart_of_accounts()
    vouchers = vouchers_for(issued_documents_of(period), accounts)
    vouchers += payment_vouchers(period, accounts) + write_off_vouchers(period, accounts)
    earned, forfeited = earned_in(period)
    vouchers += [voucher for forfeiture in forfeited
                 if (voucher := forfeit_voucher(forfeiture.entry_id, forfeiture.day, forfeiture.earned, accounts))]
    recognition = month_voucher(period.year, period.month, period.last_day, earned, accounts)
    return vouchers + ([recognition] if recognition else [])


def books_year(period: Period) -> tuple:
    """The financial year (first and last day) that holds `period`, by FISCAL_YEAR_START."""
    return financial_year(period.first_day, fiscal_year_start(current_app.config))


def sie_export(period: Period, *, actor: Actor) -> bytes:
    """The month's vouchers, in SEK, as an SIE 4 file (CP437) with #RAR 0 and -1."""
    require_role(actor, *FINANCE_ROLES)
    seller = current_settings().seller
    return sie_file(month_vouchers(period), company_name=seller.name, org_number=seller.org_number,
                    financial_year=books_year(period), generated_on=local_date(utcnow()))
