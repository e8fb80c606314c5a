"""What an issued invoice or credit note says, as plain data for its e-invoice (Peppol BIS Billing 3.0).

Amounts are in minor units with the sign they have on our invoice: a credit note's lines and totals are negative.
The UBL writer turns a credit note around (a CreditNote states what is credited as positive amounts).
An `EInvoice` checks on construction that it adds up exactly as EN 16931 requires, so a wrong number is a bug
found before any document is written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ledger.domain.billing.exchange_rates import NATIONAL_CURRENCY, ExchangeRate
from ledger.domain.billing.invoicing import vat_amount
from ledger.domain.billing.line_prices import LinePrice
from ledger.domain.billing.vat import VatCode
from ledger.domain.customers.peppol_ids import PeppolId, buyer_endpoint, organisation_endpoint

_POSTAL_LINE = re.compile(r"^(?P<zone>(?:[A-Z]{1,2}-)?\d[\d ]{1,8}\d)\s+(?P<city>\D.*)$")


class DocumentKind(StrEnum):
    """An invoice or a credit note (the invoices table's `kind`)."""

    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


class VatCategory(StrEnum):
    """The EN 16931 VAT category (UNCL 5305) of our three VAT treatments."""

    STANDARD = "S"
    REVERSE_CHARGE = "AE"
    EXPORT = "G"

    @property
    def exemption_code(self) -> str | None:
        """The VATEX code that states why no VAT is charged (none for standard rate)."""
        return {"AE": "VATEX-EU-AE", "G": "VATEX-EU-G"}.get(self.value)

    @property
    def vat_code(self) -> VatCode:
        """Our VAT treatment of this category (the invoices table's `vat_code`)."""
        return {"S": VatCode.SWEDEN, "AE": VatCode.REVERSE_CHARGE, "G": VatCode.OUTSIDE_EU}[self.value]


def vat_category_of(code: VatCode | str) -> VatCategory:
    """The e-invoice VAT category of an invoice's `vat_code`."""
    return {
        VatCode.SWEDEN: VatCategory.STANDARD,
        VatCode.REVERSE_CHARGE: VatCategory.REVERSE_CHARGE,
        VatCode.OUTSIDE_EU: VatCategory.EXPORT,
    }[VatCode(code)]


@dataclass(frozen=True)
class PostalAddress:
    """A postal address: street lines, postcode and city when they can be told apart, and the country."""

    lines: tuple[str, ...]
    postal_zone: str | None
    city: str | None
    country: str


def address_from_text(text: str | None, country: str) -> PostalAddress:
    """Split a stored address ("Drottninggatan 1\\n111 51 Stockholm") into street lines, postcode and city.

    The last line is read as "postcode city" when it starts with a postcode; otherwise every line is a street line.
    """
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    postal = _POSTAL_LINE.fullmatch(lines[-1]) if lines else None
    if postal is None:
        return PostalAddress(tuple(lines), None, None, country)
    return PostalAddress(tuple(lines[:-1]), postal["zone"], postal["city"].strip(), country)


@dataclass(frozen=True)
class SellerParty:
    """The seller as on the issued invoice (its settings snapshot, docs/einvoice.md)."""

    name: str
    address: PostalAddress
    org_number: str
    vat_number: str
    f_skatt: bool
    bankgiro: str
    iban: str
    bic: str
    email: str
    phone: str
    seat: str | None = None
    our_reference: str | None = None

    @property
    def endpoint(self) -> PeppolId:
        """The seller's Peppol address: its Swedish organisation number (0007)."""
        found = organisation_endpoint(self.address.country, self.org_number)
        if found is None:
            raise ValueError(f"the seller's organisation number {self.org_number!r} is not a Peppol address")
        return found


@dataclass(frozen=True)
class BuyerParty:
    """The buyer as on the invoice, with the customer's Peppol ID and reference."""

    name: str
    address: PostalAddress
    org_number: str | None
    vat_number: str | None
    customer_number: str
    peppol_id: str | None = None
    reference: str | None = None

    @property
    def country(self) -> str:
        """ISO 3166-1 alpha-2 code of where the buyer is established."""
        return self.address.country

    @property
    def endpoint(self) -> PeppolId | None:
        """Where the buyer receives e-invoices, or None if nothing on file is a Peppol address."""
        return buyer_endpoint(self.peppol_id, self.country, self.org_number, self.vat_number)


@dataclass(frozen=True)
class EInvoiceLine:
    """One line: what it is, how its amount comes about, and the amount (signed as on our invoice).

    `outside_vat`: late interest and reminder fees are no price of a supply, so no VAT is due on them: they are
    category E (exempt, 0 %), which EN 16931 lets stand beside S, AE and G (category O may not, BR-O-11).
    """

    position: int
    description: str
    price: LinePrice
    amount_minor: int
    outside_vat: bool = False
    #: The period the line covers when it is not the invoice's (a yearly agreement), BG-26.
    period_start: date | None = None
    period_end: date | None = None


@dataclass(frozen=True)
class CreditedInvoice:
    """An earlier invoice named in BillingReference (BG-3): the one a credit note credits, or the one a re-invoice
    replaces; its number and issue date."""

    number: str
    issue_date: date


@dataclass(frozen=True)
class EInvoice:
    """An issued invoice or credit note with everything its e-invoice carries."""

    kind: DocumentKind
    series: str
    number: int
    issue_date: date
    due_date: date | None
    currency: str
    language: str
    seller: SellerParty
    buyer: BuyerParty
    lines: tuple[EInvoiceLine, ...]
    vat_category: VatCategory
    vat_rate_bp: int
    vat_exemption_reason: str | None
    net_minor: int
    vat_minor: int
    total_minor: int
    rounding_minor: int
    to_pay_minor: int
    period_start: date
    period_end: date
    payment_terms: str
    ocr: str | None = None
    credited: CreditedInvoice | None = None
    #: The invoice credited in full that this re-invoice of the month replaces.
    replaces: CreditedInvoice | None = None
    exchange_rate: ExchangeRate | None = None
    vat_sek_minor: int | None = None
    note: str | None = None
    #: Why the lines outside VAT carry none, in the invoice's language (required when there are such lines).
    outside_vat_reason: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", DocumentKind(self.kind))
        object.__setattr__(self, "vat_category", VatCategory(self.vat_category))
        object.__setattr__(self, "lines", tuple(self.lines))
        problems = einvoice_problems(self)
        if problems:
            raise ValueError(f"invoice {self.document_number} does not add up: {'; '.join(problems)}")

    @property
    def document_number(self) -> str:
        """Series and number as printed everywhere: "F1004"."""
        return f"{self.series}{self.number}"

    @property
    def is_credit_note(self) -> bool:
        """True for a credit note."""
        return self.kind is DocumentKind.CREDIT_NOTE

    @property
    def untaxed_minor(self) -> int:
        """The sum of the lines outside VAT."""
        return sum(line.amount_minor for line in self.lines if line.outside_vat)

    @property
    def taxable_minor(self) -> int:
        """The sum of the lines VAT is charged on (or, for AE and G, that are reported at 0 %)."""
        return self.net_minor - self.untaxed_minor

    @property
    def invoicing_period(self) -> tuple[date, date]:
        """The document's period (BG-14): the service month, widened to hold every line's period (a line's period
        must lie within it, PEPPOL-EN16931-R110/R111)."""
        starts = [line.period_start for line in self.lines if line.period_start is not None]
        ends = [line.period_end for line in self.lines if line.period_end is not None]
        return min([self.period_start, *starts]), max([self.period_end, *ends])

    @property
    def states_sek_vat(self) -> bool:
        """True when the invoice is in a foreign currency and charges Swedish VAT, so VAT is also given in SEK."""
        return self.currency != NATIONAL_CURRENCY and self.vat_category is VatCategory.STANDARD


def einvoice_problems(invoice: EInvoice) -> list[str]:
    """Every way the invoice fails to add up or to be complete, named by the EN 16931 rule it would break."""
    problems = [f"line {line.position} is not quantity × price (BR-LIN, PEPPOL-EN16931-R120)"
                for line in invoice.lines if line.amount_minor != line.price.amount_minor]
    if not invoice.lines:
        problems.append("no lines (BR-16)")
    if invoice.net_minor != sum(line.amount_minor for line in invoice.lines):
        problems.append("net is not the sum of the lines (BR-CO-10)")
    if invoice.vat_minor != vat_amount(invoice.taxable_minor, invoice.vat_rate_bp):
        problems.append("VAT is not rate × taxable net rounded once (BR-CO-17, BR-S-09)")
    if invoice.untaxed_minor and not (invoice.outside_vat_reason or "").strip():
        problems.append("lines exempt from VAT need an exemption reason (BR-E-10)")
    if invoice.total_minor != invoice.net_minor + invoice.vat_minor:
        problems.append("total is not net + VAT (BR-CO-15)")
    if invoice.to_pay_minor != invoice.total_minor + invoice.rounding_minor:
        problems.append("amount to pay is not total + rounding (BR-CO-16)")
    standard = invoice.vat_category is VatCategory.STANDARD
    if standard != (invoice.vat_rate_bp > 0):
        problems.append("standard rate needs a rate above 0, AE and G a rate of 0 (BR-S-05, BR-AE-05, BR-G-05)")
    if not standard and not (invoice.vat_exemption_reason or "").strip():
        problems.append("AE and G need an exemption reason (BR-AE-10, BR-G-10)")
    if invoice.is_credit_note != (invoice.credited is not None):
        problems.append("a credit note, and only a credit note, references the invoice it credits (BR-55)")
    if not invoice.is_credit_note and invoice.to_pay_minor > 0 and invoice.due_date is None:
        problems.append("an amount due needs a due date (BR-CO-25)")
    if invoice.currency != NATIONAL_CURRENCY and not invoice.is_credit_note and not invoice.seller.iban:
        problems.append("an invoice in a foreign currency is paid to the seller's IBAN (BR-61)")
    if not invoice.payment_terms.strip():
        problems.append("payment terms are required (BR-CO-25)")
    if invoice.period_end < invoice.period_start:
        problems.append("the period ends before it starts (BR-29)")
    problems.extend(f"line {line.position}'s period ends before it starts (BR-30)" for line in invoice.lines
                    if line.period_start and line.period_end and line.period_end < line.period_start)
    if invoice.is_credit_note and invoice.replaces is not None:
        problems.append("a credit note replaces no invoice; it credits one (BR-55)")
    problems.extend(_sek_vat_problems(invoice))
    return problems


def _sek_vat_problems(invoice: EInvoice) -> list[str]:
    rate = invoice.exchange_rate
    if invoice.currency == NATIONAL_CURRENCY:
        return [] if rate is None and invoice.vat_sek_minor is None else ["a SEK invoice has no exchange rate"]
    problems = []
    if rate is not None and rate.currency != invoice.currency:
        problems.append(f"the exchange rate is for {rate.currency}, not {invoice.currency}")
    if invoice.states_sek_vat:
        if rate is None or invoice.vat_sek_minor is None:
            problems.append("Swedish VAT in a foreign currency needs the rate and the VAT in SEK (ML 17:29, BR-53)")
        elif invoice.vat_sek_minor != rate.to_sek_minor(invoice.vat_minor):
            problems.append("the VAT in SEK is not VAT × rate rounded once")
    elif invoice.vat_sek_minor is not None:
        problems.append("VAT in SEK is stated only when Swedish VAT is charged")
    return problems
