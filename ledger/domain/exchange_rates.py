"""Exchange rates to SEK for invoices in another currency: exact millionths, conversion rounded once to the öre.

The rate of an invoice is the latest published on or before its issue date (DESIGN §13); its VAT in SEK is the
VAT times that rate, rounded once (ML 17 kap. 29 §).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ledger.domain.invoicing import divide_half_up

#: The national currency VAT is also stated in when an invoice is in another currency (ML 17 kap. 29 §).
NATIONAL_CURRENCY = "SEK"
#: Exchange rates are kept as whole millionths of a krona per unit of the foreign currency.
RATE_SCALE = 1_000_000
_RATE = re.compile(r"^(?P<units>\d{1,6})(?:[.,](?P<fraction>\d{1,6}))?$")


def parse_rate(text: str) -> int:
    """An exchange rate such as the Riksbank's "11.4925" (SEK per unit) as millionths: 11492500."""
    match = _RATE.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not an exchange rate (up to six decimals)")
    return int(match["units"]) * RATE_SCALE + int((match["fraction"] or "").ljust(6, "0"))


def format_rate(rate_micro: int) -> str:
    """A rate in millionths as a decimal string with at least four decimals: 11492500 -> "11.4925"."""
    units, fraction = divmod(rate_micro, RATE_SCALE)
    decimals = f"{fraction:06d}".rstrip("0").ljust(4, "0")
    return f"{units}.{decimals}"


@dataclass(frozen=True)
class ExchangeRate:
    """SEK per unit of `currency` on `rate_date` (the latest published on or before the issue date)."""

    currency: str
    rate_date: date
    sek_per_unit_micro: int

    def __post_init__(self) -> None:
        if isinstance(self.sek_per_unit_micro, bool) or not isinstance(self.sek_per_unit_micro, int):
            raise TypeError("ExchangeRate.sek_per_unit_micro must be an int")
        if self.sek_per_unit_micro <= 0:
            raise ValueError("an exchange rate is positive")

    def to_sek_minor(self, amount_minor: int) -> int:
        """An amount in minor units of `currency` in öre, rounded once (halves away from zero)."""
        return divide_half_up(amount_minor * self.sek_per_unit_micro, RATE_SCALE)

    @property
    def rate_text(self) -> str:
        """The rate as printed: "11.4925"."""
        return format_rate(self.sek_per_unit_micro)
