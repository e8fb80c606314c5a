"""Vouchers for the books: one balanced voucher per issued invoice or credit note, in SEK, on BAS accounts.

An invoice debits accounts receivable with the amount to pay and credits sales (by VAT treatment), output VAT
and öresavrundning; a credit note, whose amounts are negative, books the same rows with the opposite sign.
A foreign-currency document is converted at its own exchange rate: the receivable, the VAT and the rounding are
each converted and rounded once (the VAT in SEK is then exactly the one printed on the invoice), and sales takes
the remainder, so every voucher balances to the öre.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ledger.domain.billing.einvoice import DocumentKind, EInvoice
from ledger.domain.billing.exchange_rates import NATIONAL_CURRENCY, ExchangeRate
from ledger.domain.billing.vat import VatCode
from ledger.domain.money import format_minor

#: BAS names of the default accounts (docs/einvoice.md); the numbers are settings.
BAS_NAMES = {
    1510: "Kundfordringar",
    2611: "Utgående moms på försäljning inom Sverige, 25 %",
    3041: "Försäljning tjänster 25 % sv",
    3305: "Försäljning tjänster till land utanför EU",
    3308: "Försäljning tjänster till annat EU-land",
    3740: "Öres- och kronutjämning",
    1930: "Företagskonto/checkkonto/affärskonto",
    2970: "Förutbetalda intäkter",
    3960: "Valutakursvinster på fordringar och skulder av rörelsekaraktär",
    7960: "Valutakursförluster på fordringar och skulder av rörelsekaraktär",
    8313: "Ränteintäkter från kundfordringar",
}


@dataclass(frozen=True)
class Account:
    """An account of the chart: its number and name."""

    number: int
    name: str


@dataclass(frozen=True)
class ChartOfAccounts:
    """The accounts invoices are booked on (settings ACCOUNT_RECEIVABLE, ACCOUNT_SALES_SE, ...)."""

    receivable: Account
    sales_se: Account
    sales_eu: Account
    sales_non_eu: Account
    vat_out: Account
    rounding: Account
    deferred: Account = Account(2970, "Förutbetalda intäkter")
    bank: Account = Account(1930, "Företagskonto/checkkonto/affärskonto")
    fx_gain: Account = Account(3960, "Valutakursvinster")
    fx_loss: Account = Account(7960, "Valutakursförluster")
    interest_income: Account = Account(8313, "Ränteintäkter från kundfordringar")
    write_off: Account = Account(6390, "Avskrivna kundfordringar, småbelopp")

    def sales(self, vat_code: VatCode) -> Account:
        """The sales account of a VAT treatment."""
        return {VatCode.SWEDEN: self.sales_se, VatCode.REVERSE_CHARGE: self.sales_eu,
                VatCode.OUTSIDE_EU: self.sales_non_eu}[VatCode(vat_code)]


def bas_accounts(receivable: int = 1510, sales_se: int = 3041, sales_eu: int = 3308, sales_non_eu: int = 3305,
                 vat_out: int = 2611, rounding: int = 3740, deferred: int = 2970, bank: int = 1930,
                 fx_gain: int = 3960, fx_loss: int = 7960, interest_income: int = 8313,
                 write_off: int = 6390) -> ChartOfAccounts:
    """The chart from account numbers, named as in BAS (an unknown number is named by its role)."""
    roles = {"receivable": (receivable, "Kundfordringar"), "sales_se": (sales_se, "Försäljning tjänster Sverige"),
             "sales_eu": (sales_eu, "Försäljning tjänster EU"), "sales_non_eu": (sales_non_eu, "Försäljning tjänster export"),
             "vat_out": (vat_out, "Utgående moms"), "rounding": (rounding, "Öresutjämning"),
             "deferred": (deferred, "Förutbetalda intäkter"), "bank": (bank, "Bank"),
             "fx_gain": (fx_gain, "Valutakursvinster"), "fx_loss": (fx_loss, "Valutakursförluster"),
             "interest_income": (interest_income, "Ränteintäkter från kundfordringar"),
             "write_off": (write_off, "Avskrivna kundfordringar, småbelopp")}
    accounts = {}
    for role, (number, fallback) in roles.items():
        if isinstance(number, bool) or not isinstance(number, int) or not 1000 <= number <= 9999:
            raise ValueError(f"account for {role} must be a four-digit BAS account number, not {number!r}")
        accounts[role] = Account(number, BAS_NAMES.get(number, fallback))
    return ChartOfAccounts(**accounts)


@dataclass(frozen=True)
class IssuedDocument:
    """What the books need of an issued invoice or credit note (amounts signed as on it, in its currency)."""

    kind: DocumentKind
    series: str
    number: int
    issue_date: date
    buyer_name: str
    vat_code: VatCode
    currency: str
    net_minor: int
    vat_minor: int
    rounding_minor: int
    to_pay_minor: int
    exchange_rate: ExchangeRate | None = None
    #: Lines credited to deferred revenue instead of sales (hour packages, agreements): (text, net amount).
    deferred: tuple[tuple[str, int], ...] = ()
    #: Late-payment interest on the document: to interest income, not sales.
    interest_minor: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", DocumentKind(self.kind))
        object.__setattr__(self, "vat_code", VatCode(self.vat_code))
        if self.to_pay_minor != self.net_minor + self.vat_minor + self.rounding_minor:
            raise ValueError(f"{self.document_number}: to pay is not net + VAT + rounding")
        if self.currency != NATIONAL_CURRENCY and (self.exchange_rate is None
                                                  or self.exchange_rate.currency != self.currency):
            raise ValueError(f"{self.document_number} is in {self.currency}: it needs that currency's exchange rate")

    @property
    def document_number(self) -> str:
        """Series and number: "F1004"."""
        return f"{self.series}{self.number}"

    def to_sek_minor(self, amount_minor: int) -> int:
        """An amount of the document in öre."""
        if self.currency == NATIONAL_CURRENCY or self.exchange_rate is None:  # a foreign one has a rate
            return amount_minor
        return self.exchange_rate.to_sek_minor(amount_minor)


def issued_document(invoice: EInvoice) -> IssuedDocument:
    """The bookkeeping facts of an e-invoice."""
    return IssuedDocument(
        invoice.kind, invoice.series, invoice.number, invoice.issue_date, invoice.buyer.name,
        invoice.vat_category.vat_code,
        invoice.currency, invoice.net_minor, invoice.vat_minor, invoice.rounding_minor, invoice.to_pay_minor,
        invoice.exchange_rate,
    )


@dataclass(frozen=True)
class Posting:
    """One row of a voucher: debit positive, credit negative, in öre."""

    account: Account
    amount_sek_minor: int
    text: str | None = None


@dataclass(frozen=True)
class Voucher:
    """A voucher (#VER): dated by the document's issue date, its rows balancing to zero."""

    series: str
    number: int
    voucher_date: date
    text: str
    postings: tuple[Posting, ...]

    @property
    def balance_minor(self) -> int:
        """Debits less credits: zero for every voucher this module builds."""
        return sum(posting.amount_sek_minor for posting in self.postings)


def voucher_for(document: IssuedDocument, accounts: ChartOfAccounts, voucher_series: str | None = None) -> Voucher:
    """The balanced voucher of one issued invoice or credit note."""
    receivable = document.to_sek_minor(document.to_pay_minor)
    vat = document.to_sek_minor(document.vat_minor)
    rounding = document.to_sek_minor(document.rounding_minor)
    deferred = [(label, amount, document.to_sek_minor(amount)) for label, amount in document.deferred]
    interest = document.to_sek_minor(document.interest_minor)
    # the remainder: conversion never unbalances the voucher
    sales = receivable - vat - rounding - interest - sum(sek for _label, _amount, sek in deferred)
    sales_net = document.net_minor - document.interest_minor - sum(amount for _label, amount in document.deferred)
    foreign = document.currency != NATIONAL_CURRENCY

    def text(amount_minor: int) -> str | None:
        return f"{document.currency} {format_minor(amount_minor)}" if foreign else None

    rows = [
        Posting(accounts.receivable, receivable, text(document.to_pay_minor)),
        Posting(accounts.sales(document.vat_code), -sales, text(sales_net)),
        *(Posting(accounts.deferred, -sek, f"{label} {document.buyer_name}"
                  + (f" ({document.currency} {format_minor(amount)})" if foreign else ""))
          for label, amount, sek in deferred),
        Posting(accounts.interest_income, -interest, text(document.interest_minor)),
        Posting(accounts.vat_out, -vat, text(document.vat_minor)),
        Posting(accounts.rounding, -rounding, text(document.rounding_minor)),
    ]
    postings = tuple(row for row in rows if row.amount_sek_minor) or tuple(rows[:2])
    label = "Kreditfaktura" if document.kind is DocumentKind.CREDIT_NOTE else "Faktura"
    description = f"{label} {document.document_number} {document.buyer_name}"
    if foreign and document.exchange_rate is not None:
        rate = document.exchange_rate
        description += f" ({document.currency} kurs {rate.rate_text} {rate.rate_date.isoformat()})"
    return Voucher(voucher_series or document.series, document.number, document.issue_date, description, postings)


def vouchers_for(documents: Iterable[IssuedDocument], accounts: ChartOfAccounts,
                 voucher_series: str | None = None) -> list[Voucher]:
    """One voucher per document, in issue-date and number order."""
    ordered = sorted(documents, key=lambda document: (document.issue_date, document.series, document.number))
    return [voucher_for(document, accounts, voucher_series) for document in ordered]


def financial_year(day: date, first_month: int = 1) -> tuple[date, date]:
    """The first and last day of the financial year that contains `day` (calendar year by default)."""
    if not 1 <= first_month <= 12:
        raise ValueError("the financial year starts in a month 1-12")
    start_year = day.year if day.month >= first_month else day.year - 1
    start = date(start_year, first_month, 1)
    next_start = date(start_year + 1, first_month, 1)
    return start, date.fromordinal(next_start.toordinal() - 1)
