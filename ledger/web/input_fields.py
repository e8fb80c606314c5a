"""Form fields that read amounts and durations the way people type them (ledger.domain.input_formats).

A duration field's data is whole minutes; an amount field keeps the typed text and, once checked against
the currency, the Money it means. A problem is said in the page's language, next to the field.
"""
from __future__ import annotations

from typing import Any

from wtforms import StringField
from wtforms.validators import ValidationError

from ledger.domain.errors import InvalidInput
from ledger.domain.input_formats import parse_amount_input, parse_duration_input
from ledger.domain.minutes import MAX_ENTRY_MINUTES
from ledger.domain.money import CURRENCIES, Money, format_minor
from ledger.web.errors import translate

_MINUS_SIGNS = ("-", "\u2212")


def _first_problem(error: InvalidInput) -> str:
    return translate(next(problem for items in error.problems.values() for problem in items))


class DurationField(StringField):
    """Minutes from "90", "1:30", "1 h 30 min", "1 tim 30 min" or "1,5 h"; `signed` also takes "-1:30"."""

    def __init__(self, label: Any = None, validators: Any = None, *, low: int = 1, high: int = MAX_ENTRY_MINUTES,
                 signed: bool = False, **kwargs: Any) -> None:
        super().__init__(label, validators, **kwargs)
        self.low, self.high, self.signed = low, high, signed

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = None
        text = str(valuelist[0]).strip() if valuelist else ""
        if not text:
            return
        sign = 1
        if self.signed and text.startswith((*_MINUS_SIGNS, "+")):
            sign = -1 if text[0] in _MINUS_SIGNS else 1
            text = text[1:].strip()
        try:
            minutes = parse_duration_input(text, self.name, low=0 if self.signed else self.low, high=self.high)
        except InvalidInput as error:
            raise ValueError(_first_problem(error)) from None
        if self.signed and minutes == 0:
            raise ValueError(translate_code("minutes_zero"))
        self.data = sign * minutes

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else str(self.data)


class AmountField(StringField):
    """An amount as typed ("9 500,00 kr", "9500.00"); `read(currency)` reads it and keeps the Money."""

    money: Money | None = None

    def read(self, currency: str) -> None:
        """Read the typed amount in `currency` (in a form's inline validator).

        :raise ValidationError: the amount cannot be read, said in the page's language.
        """
        self.money = None
        if not self.data:
            return  # DataRequired speaks for a missing amount
        try:
            self.money = parse_amount_input(self.data, currency if currency in CURRENCIES else "SEK", self.name)
        except InvalidInput as error:
            raise ValidationError(_first_problem(error)) from None

    @property
    def wire(self) -> str | None:
        """The amount read, in the services' format ("9500.00"); None before `read`."""
        if self.money is None:
            return None
        return format_minor(self.money.minor, CURRENCIES[self.money.currency])


def translate_code(code: str, **params: Any) -> str:
    """A defined code's message in the page's language."""
    from ledger.domain.problems import Problem

    return translate(Problem.of(code, params))
