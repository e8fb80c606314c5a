"""Which VAT applies to a sale of services by a Swedish seller (ML 2023:200), and the text it requires."""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ledger.domain.customers.terms import is_eu

#: Swedish standard rate, in basis points (25 %).
SWEDISH_STANDARD_RATE_BP = 2500


class VatCode(StrEnum):
    """The VAT treatment of an invoice."""

    SWEDEN = "se_standard"
    REVERSE_CHARGE = "eu_reverse_charge"
    OUTSIDE_EU = "outside_eu"


@dataclass(frozen=True)
class VatDecision:
    """The rate in basis points and the legal text the invoice must carry (empty for Swedish VAT)."""

    code: VatCode
    rate_bp: int
    text_sv: str
    text_en: str


def decide_vat(customer_country: str, customer_vat_number: str | None) -> VatDecision:
    """Swedish VAT for Swedish buyers and EU buyers without a VAT number; reverse charge for EU businesses
    with one; no Swedish VAT for buyers outside the EU (place of supply is where the buyer is established)."""
    if customer_country == "SE" or (is_eu(customer_country) and not customer_vat_number):
        return VatDecision(VatCode.SWEDEN, SWEDISH_STANDARD_RATE_BP, "", "")
    if is_eu(customer_country):
        return VatDecision(
            VatCode.REVERSE_CHARGE,
            0,
            "Omvänd betalningsskyldighet",
            "Reverse charge",
        )
    return VatDecision(
        VatCode.OUTSIDE_EU,
        0,
        "Tjänsten är omsatt utanför EU eftersom köparen är en beskattningsbar person etablerad utanför EU. "
        "Svensk mervärdesskatt tas inte ut.",
        "The place of supply is outside the EU because the buyer is a taxable person established outside the EU. "
        "No Swedish VAT is charged.",
    )
