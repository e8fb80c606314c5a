"""Invoice documents: the template rendered in the customer's language, then made a PDF."""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from babel import Locale
from flask import render_template
from flask_babel import force_locale, gettext, ngettext

from ledger.domain.billing.line_prices import PricePer, UnitCode, price_of_line
from ledger.domain.billing.seller import Seller
from ledger.domain.billing.vat import decide_vat
from ledger.domain.formatting import invoice_number
from ledger.domain.work.catalogue import Catalogue
from ledger.formatting import money, quantity
from ledger.models import Invoice, Task
from ledger.models.invoices import OUTSIDE_VAT_KINDS

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


def specification_rows(tasks: Iterable[Task], catalogue: Catalogue) -> list[dict[str, Any]]:
    """The specification as an issued invoice keeps it: each task handed over, in both languages, its kind of work
    named by `catalogue` (JSON-ready)."""
    rows = []
    for task in tasks:
        category = catalogue.category(task.category)
        rows.append({
            "work_date": task.work_date.isoformat(), "description": task.description, "minutes": task.minutes,
            "billed_minutes": task.billed_minutes, "outcome": task.outcome, "rule_id": task.rule_id,
            "category_sv": category.label_sv if category else task.category,
            "category_en": category.label_en if category else task.category,
            "reason_sv": task.reason_sv, "reason_en": task.reason_en,
        })
    return rows


def _specification(rows: Iterable[dict[str, Any]], language: str) -> list[SpecificationRow]:
    """The specification's rows in `language` (the locale must be forced)."""
    return [SpecificationRow(date.fromisoformat(row["work_date"]), row[f"category_{language}"], row["description"],
                             row["minutes"], row["billed_minutes"], _outcome_label(row["outcome"]),
                             row[f"reason_{language}"], row["rule_id"]) for row in rows]


@dataclass(frozen=True)
class LineRow:
    """An invoice line as printed: it multiplies out, quantity × unit price = amount (50 min · 1 137,33 kr/tim)."""

    description: str
    quantity: str
    unit_price: str
    amount: str
    period: str = ""


def line_rows(invoice: Invoice, language: str) -> list[LineRow]:
    """The invoice's lines in `language` (the locale must be forced), priced as they multiply out."""
    rows = []
    unit = {UnitCode.MINUTE: gettext("min"), UnitCode.HOUR: gettext("h"), UnitCode.DAY: gettext("days"),
            UnitCode.MONTH: gettext("mo.")}
    per = {PricePer.HOUR: gettext("h"), PricePer.MONTH: gettext("mo."), PricePer.ITEM: ngettext("item", "items", 1),
           PricePer.DAY: gettext("day")}
    for line in invoice.lines:
        price = price_of_line(line)
        count = price.quantity_decimal
        # "1 st" / "1 item", "2 items": an item is counted in words that agree with the number
        words = unit.get(price.unit_code) or ngettext("item", "items", 1 if abs(count) == 1 else 2)
        rows.append(LineRow(
            line.description_sv if language == "sv" else line.description_en,
            f"{quantity(count)}\xa0{words}",
            f"{money(price.unit_price_minor, invoice.currency)}/{per[price.price_per]}",
            money(line.amount_minor, invoice.currency),
            line_period(line),
        ))
    return rows


def line_period(line: Any) -> str:
    """"Period 2027-01-01 – 2027-12-31" for a line that covers a period of its own (a yearly agreement), else ""."""
    if line.period_start is None or line.period_end is None:
        return ""
    return gettext("Period %(start)s – %(end)s", start=line.period_start.isoformat(), end=line.period_end.isoformat())


def settlement_text(invoice: Invoice, credited_paid: bool | None) -> str:
    """How a credit note is settled, in the current language: against the invoice it credits, and what was already
    paid of that invoice refunded or set off against the next one ("" for anything but a credit note)."""
    credited = invoice.credited_invoice
    if invoice.kind != "credit_note" or credited is None:
        return ""
    if credited_paid:
        return gettext("Credited against invoice %(number)s; what has already been paid is refunded or set off "
                       "against the next invoice.", number=invoice_number(credited))
    return gettext("Credited against invoice %(number)s, which is not paid: the amount credited is taken off what "
                   "is to be paid on it.", number=invoice_number(credited))


def replaces_text(invoice: Invoice) -> str:
    """"Replaces invoice F1004" for the invoice made anew after F1004 was credited in full, in the current language."""
    replaced = invoice.replaced_invoice
    return gettext("Replaces invoice %(number)s", number=invoice_number(replaced)) if replaced is not None else ""


def untaxed_minor(invoice: Invoice) -> int:
    """The part of the invoice's net outside the scope of VAT (late interest, reminder fees)."""
    return sum(line.amount_minor for line in invoice.lines if line.kind in OUTSIDE_VAT_KINDS)


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


def invoice_html(invoice: Invoice, seller: Seller, *, specification: Iterable[dict[str, Any]] = (),
                 language: str | None = None, copy: bool = False, issuing: bool = False,
                 with_specification: bool = True, credited_paid: bool | None = None) -> str:
    """The invoice as HTML in `language` (default: the customer's), ready for WeasyPrint.

    `specification` holds the rows of specification_rows (a month's invoice; a credit note and an invoice drafted
    now have none). A draft is marked as one unless it is being issued (rendered in the issuing transaction).
    `credited_paid`: for a credit note, whether the invoice it credits was paid when the note was issued.
    """
    monthly = invoice.kind == "invoice" and invoice.origin == "run"
    taxable_minor = invoice.net_minor - untaxed_minor(invoice)
    language = language or invoice.language
    vat = decide_vat(invoice.buyer_country, invoice.buyer_vat_number)
    with force_locale(language):
        return render_template(
            "invoices/invoice.html",
            invoice=invoice,
            lines=line_rows(invoice, language),
            seller=seller_of(invoice, seller),
            credited=invoice.credited_invoice,
            tasks=_specification(specification, language) if monthly else [],
            with_specification=with_specification and monthly,
            taxable_minor=taxable_minor, untaxed_minor=invoice.net_minor - taxable_minor,
            iban=invoice.currency != "SEK" or invoice.buyer_country != "SE",
            vat_rate=f"{invoice.vat_rate_bp / 100:g}",
            vat_text=vat.text_sv if language == "sv" else vat.text_en,
            language=language,
            draft=invoice.status == "draft" and not issuing,
            buyer_country=_country_line(invoice, language),
            document_number=invoice_number(invoice),
            copy=copy,
            settlement=settlement_text(invoice, credited_paid),
            replaces=replaces_text(invoice),
        )
