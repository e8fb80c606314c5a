"""Invoice documents: the template rendered in the customer's language, then made a PDF."""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from babel import Locale
from flask import render_template
from flask_babel import force_locale, gettext

from ledger.domain.billing.line_prices import PricePer, stored_line_price
from ledger.domain.billing.seller import Seller
from ledger.domain.billing.vat import decide_vat
from ledger.domain.formatting import invoice_number
from ledger.domain.work.catalogue import Catalogue
from ledger.formatting import money
from ledger.models import Invoice, Task

LANGUAGES = ("sv", "en")


@dataclass(frozen=True)
class SpecificationRow:
    """One task on the specification page, in the document's language."""

    work_date: Any
    category_label: str
    description: str
    minutes: int
    billed_minutes: int
    outcome_label: str
    reason: str
    rule_id: str


def _outcome_label(outcome: str) -> str:
    return {
        "included": gettext("Included in the monthly fee"),
        "debited": gettext("Debited to the service account"),
        "needs_review": gettext("Awaiting review – nothing debited yet"),
    }[outcome]


def specification(tasks: Iterable[Task], catalogue: Catalogue, language: str) -> list[SpecificationRow]:
    """The specification's rows: each task handed over, its kind of work named by `catalogue`, in `language`."""
    rows = []
    for task in tasks:
        category = catalogue.category(task.category)
        label = (category.label_sv if language == "sv" else category.label_en) if category else task.category
        rows.append(SpecificationRow(
            task.work_date, label, task.description, task.minutes, task.billed_minutes,
            _outcome_label(task.outcome), task.reason_sv if language == "sv" else task.reason_en, task.rule_id,
        ))
    return rows


@dataclass(frozen=True)
class LineRow:
    """An invoice line as printed: it multiplies out, quantity × unit price = amount (50 min · 1 137,33 kr/tim)."""

    description: str
    quantity: str
    unit_price: str
    amount: str


def _signed(number: int) -> str:
    return f"−{-number}" if number < 0 else str(number)


def line_rows(invoice: Invoice, language: str) -> list[LineRow]:
    """The invoice's lines in `language` (the locale must be forced), priced as they multiply out."""
    rows = []
    for line in invoice.lines:
        price = stored_line_price(line.kind, line.quantity_minutes, line.unit_price_minor, line.amount_minor)
        unit = {PricePer.HOUR: gettext("min"), PricePer.MONTH: gettext("mo."), PricePer.ITEM: gettext("pcs")}
        per = {PricePer.HOUR: gettext("h"), PricePer.MONTH: gettext("mo."), PricePer.ITEM: gettext("pcs")}
        rows.append(LineRow(
            line.description_sv if language == "sv" else line.description_en,
            f"{_signed(price.quantity)}\xa0{unit[price.price_per]}",
            f"{money(price.unit_price_minor, invoice.currency)}/{per[price.price_per]}",
            money(line.amount_minor, invoice.currency),
        ))
    return rows


def _country_line(invoice: Invoice, language: str) -> str:
    """The buyer's country in `language`, or "" when the address already ends with it (printed once)."""
    names = {Locale(code).territories.get(invoice.buyer_country, invoice.buyer_country).casefold() for code in LANGUAGES}
    lines = [line.strip() for line in (invoice.buyer_address or "").splitlines() if line.strip()]
    if lines and lines[-1].casefold() in names | {invoice.buyer_country.casefold()}:
        return ""
    return Locale(language).territories.get(invoice.buyer_country, invoice.buyer_country)


def seller_of(invoice: Invoice, current: Seller) -> Seller:
    """The seller as on the issued invoice (its snapshot), or the current settings for a draft."""
    return Seller(**json.loads(invoice.seller_snapshot)) if invoice.seller_snapshot else current


def invoice_html(invoice: Invoice, seller: Seller, *, catalogue: Catalogue, tasks: Iterable[Task] = (),
                 language: str | None = None, copy: bool = False, issuing: bool = False,
                 with_specification: bool = True) -> str:
    """The invoice as HTML in `language` (default: the customer's), ready for WeasyPrint.

    `tasks` are what its specification lists (an invoice's; a credit note has none), their kinds of work named by
    `catalogue`. A draft is marked as one unless it is being issued (rendered in the issuing transaction).
    """
    language = language or invoice.language
    vat = decide_vat(invoice.buyer_country, invoice.buyer_vat_number)
    with force_locale(language):
        return render_template(
            "invoices/invoice.html",
            invoice=invoice,
            lines=line_rows(invoice, language),
            seller=seller_of(invoice, seller),
            credited=invoice.credited_invoice,
            tasks=specification(tasks, catalogue, language) if invoice.kind == "invoice" else [],
            with_specification=with_specification and invoice.kind == "invoice",
            vat_rate=f"{invoice.vat_rate_bp / 100:g}",
            vat_text=vat.text_sv if language == "sv" else vat.text_en,
            language=language,
            draft=invoice.status == "draft" and not issuing,
            buyer_country=_country_line(invoice, language),
            document_number=invoice_number(invoice),
            copy=copy,
        )
