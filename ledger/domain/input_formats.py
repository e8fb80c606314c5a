"""What people type into forms: amounts and durations the way Swedish and English users write them.

The API keeps its strict wire formats ("9500.00", whole minutes); pages accept what a person writes —
"9 500,00 kr", "1:30", "1 tim 30 min", "1,5 h" — and turn it into those, refusing what could be read
two ways ("9,500" is nine and a half in Swedish but nine thousand five hundred in English).
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from ledger.domain.errors import InvalidInput
from ledger.domain.minutes import MAX_ENTRY_MINUTES
from ledger.domain.money import CURRENCIES, MAX_AMOUNT_MINOR, Money, format_minor
from ledger.domain.problems import N_, define_messages

MESSAGES = define_messages({
    "amount_unreadable": N_("%(value)s is not an amount; write it like 9 500,00 or 9500.00."),
    "amount_ambiguous": N_(
        "%(value)s can be read two ways; write %(as_decimal)s with two decimals, or the whole amount without a "
        "separator (%(as_thousands)s)."),
    "amount_negative": N_("Write the amount without a sign."),
    "amount_too_many_decimals": N_("%(value)s has more than two decimals."),
    "amount_too_large": N_("%(value)s is too large; the most is %(maximum)s."),
    "amount_zero": N_("Must be greater than zero."),
    "amount_wrong_currency": N_("%(value)s is in %(given)s, but this customer is invoiced in %(currency)s."),
    "duration_unreadable": N_("%(value)s is not a duration; write minutes (90), 1:30, 1 h 30 min or 1,5 h."),
    "duration_not_whole_minutes": N_("%(value)s is not a whole number of minutes."),
    "duration_out_of_range": N_("Must be between %(low_minutes)s and %(high_minutes)s."),
    "duration_minutes_past_hour": N_("%(value)s: the minutes after the colon must be under 60."),
})

#: Spaces people and Babel put between thousands: space, no-break space, narrow no-break space, thin space.
_SPACES = "\u0020\u00a0\u202f\u2009"
_CURRENCY_WORDS = {"kr": "SEK", "kr.": "SEK", "sek": "SEK", ":-": "SEK", "eur": "EUR", "€": "EUR", "euro": "EUR"}
_CURRENCY_AT_END = re.compile(r"^(?P<amount>.*?)[\s]*(?P<currency>kr\.?|sek|:-|eur|€|euro)$", re.IGNORECASE)
_CURRENCY_AT_START = re.compile(r"^(?P<currency>sek|eur|€)[\s]*(?P<amount>.*)$", re.IGNORECASE)
_GROUPED = re.compile(r"^\d{1,3}(?:[ ]\d{3})+$")


def _refuse(field: str, code: str, **params: object) -> InvalidInput:
    return InvalidInput.single(field, code, **params)


def _split_currency(text: str) -> tuple[str, str | None]:
    for pattern in (_CURRENCY_AT_END, _CURRENCY_AT_START):
        match = pattern.match(text)
        if match:
            return match["amount"].strip(), _CURRENCY_WORDS[match["currency"].lower()]
    return text, None


def _digits_only(part: str) -> bool:
    return part.isascii() and part.isdigit()


def _whole_part(text: str) -> str | None:
    """Digits of the whole part, allowing thousands grouped by spaces ("9 500") or written plainly."""
    if _digits_only(text):
        return text
    if _GROUPED.fullmatch(text):
        return text.replace(" ", "")
    return None


def iso_date_or_none(value: object) -> date | None:
    """A date as given, or read from its ISO form "2026-07-01"; None for anything else (the caller names the field)."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value) if len(value) == 10 else None
        except ValueError:
            return None
    return value if isinstance(value, date) else None


def parse_amount_input(text: object, currency: str, field: str = "amount", *, allow_zero: bool = True) -> Money:
    """An amount as a person types it, in `currency`: "9 500", "9 500,00", "9 500,00 kr", "9500.00",
    "SEK 9,500.00", "1.234,50"; refuses a lone separator before exactly three digits ("9,500")."""
    if not isinstance(text, str) or not text.strip():
        raise _refuse(field, "required")
    value = text.strip()
    cleaned = value
    for space in _SPACES:
        cleaned = cleaned.replace(space, " ")
    cleaned = re.sub(r" +", " ", cleaned)
    if cleaned.startswith(("-", "−", "+")):
        raise _refuse(field, "amount_negative")
    cleaned, given_currency = _split_currency(cleaned)
    if given_currency is not None and given_currency != currency:
        raise _refuse(field, "amount_wrong_currency", value=value, given=given_currency, currency=currency)
    whole, fraction = _split_separators(cleaned, value, field)
    digits = CURRENCIES[currency]
    if len(fraction) > digits:
        raise _refuse(field, "amount_too_many_decimals", value=value)
    minor = int(whole) * 10**digits + int(fraction.ljust(digits, "0") or 0)
    if minor > MAX_AMOUNT_MINOR:
        raise _refuse(field, "amount_too_large", value=value, maximum=format_minor(MAX_AMOUNT_MINOR))
    if minor == 0 and not allow_zero:
        raise _refuse(field, "amount_zero")
    return Money(minor, currency)


def _split_separators(cleaned: str, value: str, field: str) -> tuple[str, str]:
    """(whole digits, fraction digits) of an amount without currency; refuses what is unreadable or ambiguous."""
    separators = [char for char in cleaned if char in ",."]
    unreadable = _refuse(field, "amount_unreadable", value=value)
    if not separators:
        whole = _whole_part(cleaned)
        if whole is None:
            raise unreadable
        return whole, ""
    if len(set(separators)) == 2:
        # Both kinds: the last one is the decimal separator, the other groups thousands ("1.234,50", "1,234.50").
        decimal_mark = cleaned[max(cleaned.rfind(","), cleaned.rfind("."))]
        grouping = "." if decimal_mark == "," else ","
        head, _, fraction = cleaned.rpartition(decimal_mark)
        if grouping not in head or decimal_mark in head or not _digits_only(fraction):
            raise unreadable
        groups = head.split(grouping)
        if not (_digits_only(groups[0]) and len(groups[0]) <= 3 and all(len(g) == 3 and _digits_only(g) for g in groups[1:])):
            raise unreadable
        return "".join(groups), fraction
    mark = separators[0]
    if len(separators) > 1:
        # "1.234.567" or "1,234,567": grouping only, no decimals.
        groups = cleaned.split(mark)
        if _digits_only(groups[0]) and len(groups[0]) <= 3 and all(len(g) == 3 and _digits_only(g) for g in groups[1:]):
            return "".join(groups), ""
        raise unreadable
    head, _, fraction = cleaned.partition(mark)
    whole = _whole_part(head)
    if whole is None or not _digits_only(fraction):
        raise unreadable
    if len(fraction) == 3 and " " not in head and len(head) <= 3:
        raise _refuse(field, "amount_ambiguous", value=value, as_decimal=f"{head},{fraction[:2]}",
                      as_thousands=f"{head}{fraction}")
    return whole, fraction


_CLOCK = re.compile(r"^(?P<hours>\d{1,2}):(?P<minutes>\d{2})$")
_HOURS_WORD = r"(?:h|tim(?:mar|me)?|t|hours?|hrs?)"
_MINUTES_WORD = r"(?:m|min(?:uter|ut|utes?|s)?)"
_NUMBER = r"\d+(?:[.,]\d+)?"
_SPOKEN = re.compile(
    rf"^(?:(?P<hours>{_NUMBER})\s*{_HOURS_WORD})?\s*(?:(?P<minutes>\d+)\s*{_MINUTES_WORD}?)?$", re.IGNORECASE)


def parse_duration_input(text: object, field: str = "minutes", *, low: int = 1, high: int = MAX_ENTRY_MINUTES) -> int:
    """Minutes from what a person types: "90", "1:30", "1 h 30 min", "1 tim 30 min", "1h30", "1,5 h", "45 min"."""
    if isinstance(text, int) and not isinstance(text, bool):
        minutes = text
    elif not isinstance(text, str) or not text.strip():
        raise _refuse(field, "required")
    else:
        minutes = _duration_minutes(text.strip(), field)
    if not low <= minutes <= high:
        raise _refuse(field, "duration_out_of_range", low_minutes=low, high_minutes=high)
    return minutes


def _duration_minutes(value: str, field: str) -> int:
    normalised = " ".join(value.replace("\u00a0", " ").split())
    if not normalised.isascii():
        raise _refuse(field, "duration_unreadable", value=value)
    if normalised.isdigit():
        return int(normalised)
    clock = _CLOCK.fullmatch(normalised)
    if clock:
        if int(clock["minutes"]) >= 60:
            raise _refuse(field, "duration_minutes_past_hour", value=value)
        return int(clock["hours"]) * 60 + int(clock["minutes"])
    spoken = _SPOKEN.fullmatch(normalised)
    if not spoken or not (spoken["hours"] or spoken["minutes"]):
        raise _refuse(field, "duration_unreadable", value=value)
    hours = Decimal(spoken["hours"].replace(",", ".")) if spoken["hours"] else Decimal(0)
    total = hours * 60 + int(spoken["minutes"] or 0)
    if total != total.to_integral_value():
        raise _refuse(field, "duration_not_whole_minutes", value=value)
    return int(total)
