"""Invoice lines that multiply out: quantity × unit price ÷ price base quantity = amount, rounded once to the öre.

Hours owed are counted in minutes and priced per hour, so the price's base quantity is 60 minutes:
`50 min · 1 137,33 kr/tim = 947,78 kr` is 50 × 1 137,33 / 60 = 947,775 rounded half away from zero. The same
numbers go to the PDF and to the e-invoice (InvoicedQuantity 50 MIN, PriceAmount 1137.33, BaseQuantity 60 MIN),
where EN 16931 computes the line amount exactly this way (PEPPOL-EN16931-R120).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from ledger.domain.billing.invoicing import divide_half_up

MINUTES_PER_HOUR = 60


class UnitCode(StrEnum):
    """What a line counts, as a UN/ECE Recommendation 20 unit code (the e-invoice's unitCode)."""

    ONE = "C62"
    MINUTE = "MIN"
    MONTH = "MON"
    HOUR = "HUR"
    DAY = "DAY"


#: The units finance may give a line it adds, and their codes.
EXTRA_LINE_UNITS = {"piece": UnitCode.ONE, "hour": UnitCode.HOUR, "day": UnitCode.DAY, "month": UnitCode.MONTH}


class PricePer(StrEnum):
    """What the unit price is quoted per, for a document to label it ("kr/tim", "per month")."""

    ITEM = "item"
    HOUR = "hour"
    MONTH = "month"
    DAY = "day"


def line_amount_minor(quantity: int, unit_price_minor: int, base_quantity: int = 1) -> int:
    """quantity × unit price ÷ base quantity, rounded once to the minor unit (halves away from zero)."""
    return divide_half_up(quantity * unit_price_minor, base_quantity)


@dataclass(frozen=True)
class LinePrice:
    """How a line's amount comes about: `quantity` units at `unit_price_minor` per `base_quantity` units.

    A credit note's lines have a negative quantity; the unit price is never negative. `decimals` is how many
    decimals the quantity has (a line finance adds: 1,5 tim is quantity 150 with 2 decimals).
    """

    quantity: int
    unit_code: UnitCode
    unit_price_minor: int
    base_quantity: int = 1
    decimals: int = 0

    def __post_init__(self) -> None:
        for name in ("quantity", "unit_price_minor", "base_quantity", "decimals"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"LinePrice.{name} must be an int")
        if self.unit_price_minor < 0:
            raise ValueError("a unit price is never negative; a credit has a negative quantity")
        if self.base_quantity < 1:
            raise ValueError("the price base quantity must be at least 1")
        if not 0 <= self.decimals <= 4:
            raise ValueError("a quantity has 0 to 4 decimals")
        object.__setattr__(self, "unit_code", UnitCode(self.unit_code))

    @property
    def amount_minor(self) -> int:
        """The line amount: the exact product rounded once to the minor unit."""
        return line_amount_minor(self.quantity, self.unit_price_minor, self.base_quantity * 10**self.decimals)

    @property
    def exact_amount_minor(self) -> Fraction:
        """The product before rounding, in minor units (947,775 kr is Fraction(189555, 2) öre)."""
        return Fraction(self.quantity * self.unit_price_minor, self.base_quantity * 10**self.decimals)

    @property
    def quantity_decimal(self) -> Decimal:
        """The quantity as an exact decimal without trailing zeros (1.5, 50, -1)."""
        value = Decimal(self.quantity).scaleb(-self.decimals)
        return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()

    @property
    def price_per(self) -> PricePer:
        """What the unit price is quoted per: an hour for minutes priced per 60, else the unit itself."""
        if self.unit_code is UnitCode.HOUR or (self.unit_code is UnitCode.MINUTE
                                               and self.base_quantity == MINUTES_PER_HOUR):
            return PricePer.HOUR
        if self.unit_code is UnitCode.MONTH:
            return PricePer.MONTH
        if self.unit_code is UnitCode.DAY:
            return PricePer.DAY
        return PricePer.ITEM

    def negated(self) -> LinePrice:
        """The same price for the opposite quantity: what a credit note line credits."""
        return LinePrice(-self.quantity, self.unit_code, self.unit_price_minor, self.base_quantity, self.decimals)


def minutes_at_hourly_rate(minutes: int, hourly_rate_minor: int) -> LinePrice:
    """Time invoiced as whole minutes at an hourly rate (never as a rounded number of hours)."""
    return LinePrice(minutes, UnitCode.MINUTE, hourly_rate_minor, MINUTES_PER_HOUR)


def single_item(price_minor: int, unit_code: UnitCode = UnitCode.ONE, quantity: int = 1) -> LinePrice:
    """One thing at its price: an hour package (C62) or a month's fee (MON)."""
    return LinePrice(quantity, unit_code, price_minor)


def extra_line_price(quantity_hundredths: int, unit: str, unit_price_minor: int) -> LinePrice:
    """A line finance adds: a quantity with up to two decimals of a unit of EXTRA_LINE_UNITS at a unit price."""
    return LinePrice(quantity_hundredths, EXTRA_LINE_UNITS[unit], unit_price_minor, 1, 2)


def stored_line_price(kind: str, quantity_minutes: int | None, unit_price_minor: int, amount_minor: int,
                      quantity_hundredths: int | None = None, unit: str | None = None) -> LinePrice:
    """How a stored invoice line multiplies out: minutes at the hourly rate, an added line's quantity and unit,
    else one month's fee or one item (a credit, negative amount, credits one). A credit of a part amount is
    stored as one item at that amount."""
    if quantity_minutes is not None:
        return minutes_at_hourly_rate(quantity_minutes, unit_price_minor)
    if quantity_hundredths is not None and unit in EXTRA_LINE_UNITS:
        return extra_line_price(quantity_hundredths, unit, unit_price_minor)
    return single_item(unit_price_minor, UnitCode.MONTH if kind == "monthly_fee" else UnitCode.ONE,
                       -1 if amount_minor < 0 else 1)


def price_of_line(line: Any) -> LinePrice:
    """stored_line_price of a stored line (anything with the invoice line's attributes)."""
    return stored_line_price(line.kind, line.quantity_minutes, line.unit_price_minor, line.amount_minor,
                             getattr(line, "quantity_hundredths", None), getattr(line, "unit", None))


def multiplies_out(price: LinePrice, amount_minor: int) -> bool:
    """True if `amount_minor` is the line's quantity × unit price rounded once to the minor unit."""
    return amount_minor == price.amount_minor


def rounding_difference(price: LinePrice, amount_minor: int) -> Fraction:
    """|amount − quantity × unit price ÷ base quantity| in minor units: at most ½ when the line multiplies out."""
    return abs(amount_minor - price.exact_amount_minor)
