"""Money in integer minor units (öre, cent); Decimal only for parsing and display."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ledger.domain.errors import InvalidInput
from ledger.domain.problems import N_, define_messages

#: Supported invoice currencies and their number of minor-unit digits.
CURRENCIES: dict[str, int] = {"SEK": 2, "EUR": 2}

#: Upper bound on any single amount: 10 000 000 000.00 in the major unit.
MAX_AMOUNT_MINOR = 10**12

MESSAGES = define_messages({
    "unknown_currency": N_("Unknown currency %(value)s; supported: %(choices)s."),
    "not_a_decimal_string": N_('Must be a decimal string such as "950.00".'),
    "not_an_amount": N_('%(value)s is not an amount; write it like "950.00" or "950,00" (at most two decimals, '
                        'no sign).'),
    "amount_too_large": N_("%(value)s is too large; the most is %(maximum)s."),
    "amount_not_positive": N_("Must be greater than zero."),
})

#: ASCII digits only: Python's \d also matches other scripts' digits, and "١٠٠" is not a price anyone typed.
_AMOUNT = re.compile(r"^(?P<units>[0-9]{1,13})(?:[.,](?P<fraction>[0-9]{1,2}))?$")


@dataclass(frozen=True, order=True)
class Money:
    """An amount in minor units of one currency."""

    minor: int
    currency: str

    def __post_init__(self) -> None:
        if self.currency not in CURRENCIES:
            raise ValueError(f"unsupported currency {self.currency!r}")
        if isinstance(self.minor, bool) or not isinstance(self.minor, int):
            raise TypeError("Money.minor must be an int")

    def __add__(self, other: "Money") -> "Money":
        self._same_currency(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: "Money") -> "Money":
        self._same_currency(other)
        return Money(self.minor - other.minor, self.currency)

    def __neg__(self) -> "Money":
        return Money(-self.minor, self.currency)

    def _same_currency(self, other: "Money") -> None:
        if other.currency != self.currency:
            raise ValueError(f"cannot combine {self.currency} with {other.currency}")

    def __str__(self) -> str:
        return f"{format_minor(self.minor)} {self.currency}"


def check_currency(code: object, field: str = "currency") -> str:
    """Return the currency code if supported, else raise InvalidInput naming `field`."""
    if isinstance(code, str) and code.upper() in CURRENCIES:
        return code.upper()
    raise InvalidInput.single(field, "unknown_currency", value=repr(code)[:50], choices=sorted(CURRENCIES))


def parse_amount(text: object, currency: str, field: str = "amount", *, allow_zero: bool = True) -> Money:
    """Parse "950", "950.00" or "950,00" into Money; raise InvalidInput naming `field` if it is not one."""
    if not isinstance(text, str):
        raise InvalidInput.single(field, "not_a_decimal_string")
    match = _AMOUNT.fullmatch(text.strip())
    if match is None:
        raise InvalidInput.single(field, "not_an_amount", value=repr(text)[:50])
    digits = CURRENCIES[currency]
    fraction = (match["fraction"] or "").ljust(digits, "0")
    minor = int(match["units"]) * 10**digits + int(fraction or 0)
    if minor > MAX_AMOUNT_MINOR:
        raise InvalidInput.single(field, "amount_too_large", value=repr(text), maximum=format_minor(MAX_AMOUNT_MINOR))
    if minor == 0 and not allow_zero:
        raise InvalidInput.single(field, "amount_not_positive")
    return Money(minor, currency)


def format_minor(minor: int, digits: int = 2) -> str:
    """Plain decimal string of a minor-unit amount: 95000 -> "950.00" (the API's wire format)."""
    sign = "-" if minor < 0 else ""
    units, fraction = divmod(abs(minor), 10**digits)
    return f"{sign}{units}.{fraction:0{digits}d}"
