"""The five kinds of document an accountant reviews, as e-invoice data: totals computed by the domain, not typed in."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from ledger.domain.billing.einvoice import (
    BuyerParty,
    CreditedInvoice,
    DocumentKind,
    EInvoice,
    EInvoiceLine,
    SellerParty,
    address_from_text,
    vat_category_of,
)
from ledger.domain.billing.exchange_rates import ExchangeRate, parse_rate
from ledger.domain.billing.invoicing import invoice_totals, ocr_reference
from ledger.domain.billing.line_prices import (
    LinePrice, UnitCode, extra_line_price, minutes_at_hourly_rate, single_item,
)
from ledger.domain.billing.vat import decide_vat

SELLER = SellerParty(
    name="Servicekonto Demo AB",
    address=address_from_text("Drottninggatan 1\n111 51 Stockholm", "SE"),
    org_number="559876-5435",
    vat_number="SE559876543501",
    f_skatt=True,
    bankgiro="505-0125",
    iban="SE45 5000 0000 0583 9825 7466",
    bic="ESSESESS",
    email="faktura@servicekonto.example",
    phone="+46 8 123 456 00",
    seat="Styrelsens säte: Stockholm",
    our_reference="Åsa Öberg",
)

BUYERS = {
    "SE": BuyerParty(
        name="Kommunförbundet Väst", address=address_from_text("Box 123\nÄngsvägen 7\n412 58 Göteborg", "SE"),
        org_number="556036-0793", vat_number="SE556036079301", customer_number="17", reference="4711-ÅÄÖ",
    ),
    "DE": BuyerParty(
        name="Müller Logistik GmbH", address=address_from_text("Hafenstraße 5\n20457 Hamburg", "DE"),
        org_number="HRB 12345", vat_number="DE136695976", customer_number="23", reference="PO-2025-88",
    ),
    "NO": BuyerParty(
        name="Fjord Data AS", address=address_from_text("Karl Johans gate 1\n0154 Oslo", "NO"),
        org_number="974760673", vat_number=None, customer_number="31", peppol_id="0192:974760673",
    ),
    "FI": BuyerParty(
        name="Oy Pieni Yritys Ab", address=address_from_text("Mannerheimintie 10\n00100 Helsinki", "FI"),
        org_number="2077474-0", vat_number=None, customer_number="42", peppol_id="0088:7300010000001",
    ),
}

OWED_MINUTES, HOURLY_RATE_MINOR = 50, 113733  # 50 min · 1 137,33 kr/tim = 947,78 kr


def october_lines(currency: str = "SEK") -> list[tuple[str, LinePrice]]:
    """Monthly fee, an hour package and 50 minutes owed, as the October run drafts them."""
    fee, package = (149900, 950000) if currency == "SEK" else (14999, 85000)
    rate = HOURLY_RATE_MINOR if currency == "SEK" else 10250
    return [
        ("Månadsavgift 2025-10", single_item(fee, UnitCode.MONTH)),
        ("Timpaket 10 tim, köpt 2025-10-03", single_item(package)),
        ("Timmar utöver förbetalt saldo per 2025-10-31", minutes_at_hourly_rate(OWED_MINUTES, rate)),
    ]


def build(buyer: BuyerParty, priced: list[tuple[str, LinePrice]], *, currency: str = "SEK", number: int = 1004,
          kind: DocumentKind = DocumentKind.INVOICE, rate: ExchangeRate | None = None,
          outside_vat: tuple[int, ...] = (), periods: dict[int, tuple[date, date]] | None = None,
          **extra: Any) -> EInvoice:
    """An issued document whose lines, VAT and totals are computed by the domain's own arithmetic (the lines at
    the positions `outside_vat` carry no VAT: late interest, reminder fees; those in `periods` cover a period of
    their own: a yearly agreement)."""
    decision = decide_vat(buyer.country, buyer.vat_number)
    periods = periods or {}
    lines = tuple(EInvoiceLine(position, text, price, price.amount_minor, position in outside_vat,
                               *periods.get(position, (None, None)))
                  for position, (text, price) in enumerate(priced, start=1))
    totals = invoice_totals((line.amount_minor for line in lines if not line.outside_vat), decision.rate_bp,
                            round_to_whole_units=currency == "SEK",
                            untaxed_amounts=(line.amount_minor for line in lines if line.outside_vat))
    category = vat_category_of(decision.code)
    credit = kind is DocumentKind.CREDIT_NOTE
    fields: dict[str, Any] = dict(
        kind=kind, series="F", number=number, issue_date=date(2025, 11, 3),
        due_date=None if credit else date(2025, 12, 3), currency=currency, language="sv", seller=SELLER,
        buyer=buyer, lines=lines, vat_category=category, vat_rate_bp=decision.rate_bp,
        vat_exemption_reason=decision.text_sv or None, net_minor=totals.net_minor, vat_minor=totals.vat_minor,
        total_minor=totals.total_minor, rounding_minor=totals.rounding_minor, to_pay_minor=totals.to_pay_minor,
        period_start=date(2025, 10, 1), period_end=date(2025, 10, 31),
        payment_terms="Krediteras mot nästa faktura." if credit else "30 dagar netto. Dröjsmålsränta enligt räntelagen.",
        ocr=None if credit or currency != "SEK" else ocr_reference(number),
        exchange_rate=rate,
        vat_sek_minor=rate.to_sek_minor(totals.vat_minor) if rate and category.value == "S" else None,
    )
    fields.update(extra)
    return EInvoice(**fields)


def swedish_invoice() -> EInvoice:
    """A SEK invoice with 25 % VAT, öresavrundning and hours owed in minutes."""
    return build(BUYERS["SE"], october_lines())


def reverse_charge_invoice() -> EInvoice:
    """An EUR invoice to a VAT-registered German business: reverse charge, no Swedish VAT."""
    rate = ExchangeRate("EUR", date(2025, 10, 31), parse_rate("11.0215"))
    return build(BUYERS["DE"], october_lines("EUR"), currency="EUR", number=1005, rate=rate)


def outside_eu_invoice() -> EInvoice:
    """A SEK invoice to a Norwegian business: supplied outside the EU, no Swedish VAT."""
    return build(BUYERS["NO"], october_lines(), number=1006)


def eur_invoice_with_swedish_vat() -> EInvoice:
    """An EUR invoice to a Finnish buyer without a VAT number: Swedish VAT, stated in SEK too."""
    rate = ExchangeRate("EUR", date(2025, 10, 31), parse_rate("11.0215"))
    return build(BUYERS["FI"], october_lines("EUR"), currency="EUR", number=1007, rate=rate,
                 note="Moms i SEK beräknad med Riksbankens kurs 11,0215 SEK/EUR (2025-10-31).")


def invoice_with_late_charges() -> EInvoice:
    """A SEK invoice with a line finance added (1,5 hours), a reminder fee and late interest outside VAT (E)."""
    return build(BUYERS["SE"], [
        ("Månadsavgift 2025-10", single_item(149900, UnitCode.MONTH)),
        ("Timmar utöver förbetalt saldo per 2025-10-31", minutes_at_hourly_rate(OWED_MINUTES, HOURLY_RATE_MINOR)),
        ("Resa till kund", extra_line_price(150, "hour", 80000)),
        ("Påminnelseavgift F1001, påminnelse 2025-10-10", single_item(6000)),
        ("Dröjsmålsränta F1001, 45 dagar", single_item(7434)),
    ], number=1008, outside_vat=(4, 5),
        outside_vat_reason="Dröjsmålsränta och påminnelseavgifter är inte ersättning för en tjänst: ingen moms tas ut.")


def credit_note(original: EInvoice | None = None, positions: tuple[int, ...] | None = None) -> EInvoice:
    """A credit note of the whole Swedish invoice (or of chosen lines), referring to it by number and date."""
    original = original or swedish_invoice()
    chosen = [line for line in original.lines if positions is None or line.position in positions]
    return build(
        original.buyer, [(f"Kreditering: {line.description}", line.price.negated()) for line in chosen],
        currency=original.currency, number=original.number + 10, kind=DocumentKind.CREDIT_NOTE,
        rate=original.exchange_rate, credited=CreditedInvoice(original.document_number, original.issue_date),
        note="Kreditering av faktura nr F1004: fel timpris.",
    )


YEAR = (date(2025, 10, 6), date(2026, 10, 5))


def re_invoice_with_a_yearly_line() -> EInvoice:
    """The month run again after F1004 was credited in full: it names F1004, and its yearly maintenance line says
    which year it covers."""
    return build(BUYERS["SE"], [
        ("Månadsavgift 2025-10", single_item(149900, UnitCode.MONTH)),
        ("Underhållsavtal, platslicens", single_item(3000000)),
        ("Timmar utöver förbetalt saldo per 2025-10-31", minutes_at_hourly_rate(OWED_MINUTES, HOURLY_RATE_MINOR)),
    ], number=1020, periods={2: YEAR}, replaces=CreditedInvoice("F1004", date(2025, 11, 3)),
        note="Ersätter faktura F1004")


def second_part_credit() -> EInvoice:
    """The second of two part credits of one invoice: part of the hour package and part of the yearly line."""
    return build(BUYERS["SE"], [
        ("Kreditering av rad 2, del: Timpaket 10 tim, köpt 2025-10-03", single_item(400000).negated()),
        ("Kreditering av rad 3, del: Underhållsavtal, platslicens", single_item(500000).negated()),
        ("Kreditering: Timmar utöver förbetalt saldo per 2025-10-31",
         minutes_at_hourly_rate(OWED_MINUTES, HOURLY_RATE_MINOR).negated()),
    ], number=1021, kind=DocumentKind.CREDIT_NOTE, periods={2: YEAR},
        credited=CreditedInvoice("F1004", date(2025, 11, 3)), note="Rabatt, andra delen.")


ALL_EXAMPLES = {
    "re_invoice_yearly_line": re_invoice_with_a_yearly_line,
    "second_part_credit": second_part_credit,
    "invoice": swedish_invoice,
    "reverse_charge": reverse_charge_invoice,
    "outside_eu": outside_eu_invoice,
    "credit_note": credit_note,
    "eur_swedish_vat": eur_invoice_with_swedish_vat,
    "late_charges": invoice_with_late_charges,
}


def without(invoice: EInvoice, **changes: Any) -> EInvoice:
    """The same document with some fields changed (still checked on construction)."""
    return replace(invoice, **changes)
