"""A line finance adds to a draft: a description, a quantity with up to two decimals, a unit and a
unit price; the amount is quantity × unit price rounded once to the minor unit, as every line is."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ledger.domain.billing.line_prices import EXTRA_LINE_UNITS, extra_line_price
from ledger.domain.errors import FieldErrors, InvalidInput
from ledger.domain.money import parse_amount
from ledger.domain.problems import N_, define_messages

MESSAGES = define_messages({
    "line_description_required": N_("Write what the line is for, in at most %(max_length)s characters."),
    "line_text_one_line": N_("Must be one line: no line breaks."),
    "line_quantity_invalid": N_("Write the quantity as a number with at most two decimals, such as 3 or 1,5 (a "
                                "negative quantity gives a discount); not 0, and at most %(maximum)s."),
    "line_unit_unknown": N_("Choose one of the units %(units)s."),
})

MAX_DESCRIPTION = 200
MAX_QUANTITY_HUNDREDTHS = 100_000_000  # a million units
_QUANTITY = re.compile(r"^(?P<sign>-)?(?P<units>[0-9]{1,7})(?:[.,](?P<fraction>[0-9]{1,2}))?$")


@dataclass(frozen=True)
class ExtraLine:
    """A line to add, checked: its quantity in hundredths and its amount in minor units."""

    description: str
    quantity_hundredths: int
    unit: str
    unit_price_minor: int
    amount_minor: int


def parse_quantity(text: object) -> int | None:
    """"1,5" → 150 hundredths; None when it is not a quantity (or 0, or too large)."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        text = str(text)
    match = _QUANTITY.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        return None
    hundredths = int(match["units"]) * 100 + int((match["fraction"] or "").ljust(2, "0"))
    if not 0 < hundredths <= MAX_QUANTITY_HUNDREDTHS:
        return None
    return -hundredths if match["sign"] else hundredths


def extra_line(data: dict[str, Any], currency: str) -> ExtraLine:
    """Check `{description, quantity, unit, unit_price}` and price the line.

    :raise InvalidInput: naming every field that is wrong.
    """
    errors = FieldErrors()
    description = data.get("description")
    if not isinstance(description, str) or not description.strip() or len(description.strip()) > MAX_DESCRIPTION:
        errors.add("description", "line_description_required", max_length=MAX_DESCRIPTION)
    elif "\r" in description or "\n" in description:
        errors.add("description", "line_text_one_line")
    quantity = parse_quantity(data.get("quantity"))
    if quantity is None:
        errors.add("quantity", "line_quantity_invalid", maximum=MAX_QUANTITY_HUNDREDTHS // 100)
    unit = data.get("unit")
    if unit not in EXTRA_LINE_UNITS:
        errors.add("unit", "line_unit_unknown", units=", ".join(EXTRA_LINE_UNITS))
    price = None
    try:
        price = parse_amount(data.get("unit_price"), currency, "unit_price").minor
    except InvalidInput as error:
        errors.merge(error)
    errors.raise_if_any()
    amount = extra_line_price(quantity, unit, price).amount_minor  # type: ignore[arg-type]
    return ExtraLine(description.strip(), quantity, unit, price, amount)  # type: ignore[arg-type, union-attr]
