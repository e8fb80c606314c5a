"""marshmallow fields that refuse what JSON would otherwise let slip through (booleans as numbers, floats)."""
from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import validate

from ledger.domain.money import format_minor


class WholeNumber(ma.fields.Integer):
    """An integer that must arrive as a JSON integer: no booleans, no 1.5, no "15"."""

    default_error_messages = {"invalid": "Must be a whole number (a JSON integer)."}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strict=True, **kwargs)

    def _validated(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.make_error("invalid")
        return super()._validated(value)


class QueryInteger(ma.fields.Integer):
    """An integer in a query string, in ASCII digits: "17", not "١٧" (which int() would also read as 17)."""

    def _validated(self, value: Any) -> int:
        if isinstance(value, str) and not (value.lstrip("-").isascii() and value.lstrip("-").isdigit()):
            raise self.make_error("invalid")
        return super()._validated(value)


AMOUNT_PATTERN = r"^[0-9]{1,13}([.,][0-9]{1,2})?$"
#: Amounts the API answers with: always two decimals and a point; negative on credit notes.
AMOUNT_OUT_PATTERN = r"^-?[0-9]+\.[0-9]{2}$"


class DecimalString(ma.fields.String):
    """An amount a client sends: a decimal string such as "950.00" or "950,00" (never negative)."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = {"pattern": AMOUNT_PATTERN, "example": "950.00", **kwargs.pop("metadata", {})}
        check = validate.Regexp(
            AMOUNT_PATTERN, error='Must be an amount such as "950.00" or "950,00" (at most two decimals, no sign).'
        )
        super().__init__(metadata=metadata, validate=check, **kwargs)


class AmountOut(ma.fields.String):
    """An amount the API answers with, from minor units: "950.00", or "-950.00" on a credit note."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = {"pattern": AMOUNT_OUT_PATTERN, "example": "950.00", **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, dump_only=True, **kwargs)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else format_minor(value)
