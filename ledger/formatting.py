"""Numbers, money, hours and dates for people, in the current locale (registered as template filters)."""
from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

from babel.numbers import format_currency, format_decimal
from flask import Flask
from flask_babel import get_locale, gettext

from ledger.domain.accounts.memos import read_memo
from ledger.domain.billing.exchange_rates import format_rate
from ledger.domain.formatting import invoice_number
from ledger.domain.minutes import hours_and_minutes
from ledger.domain.money import CURRENCIES
from ledger.domain.periods import BUSINESS_TIMEZONE

#: English amounts put the currency code first: SEK 1,499.00, EUR 149.99 (DESIGN.md §5; "¤¤" is the ISO code).
ENGLISH_MONEY_PATTERN = "¤¤\xa0#,##0.00"
#: The minus sign of negative figures, as typeset (U+2212), not the hyphen.
MINUS = "\u2212"


def _language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else "sv"


def money(minor: int, currency: str) -> str:
    """1 499,00 kr in Swedish, SEK 1,499.00 in English; a negative amount with a real minus sign (U+2212)."""
    amount = Decimal(minor).scaleb(-CURRENCIES[currency])
    if _language() == "en":
        text = format_currency(amount, currency, format=ENGLISH_MONEY_PATTERN, locale="en", currency_digits=False)
    else:
        text = format_currency(amount, currency, locale="sv_SE")
    return text.replace("-", MINUS, 1) if minor < 0 else text


def hours(minutes: int) -> str:
    """1 tim 30 min / 1 h 30 min; 45 min; 2 tim / 2 h; negative with a minus sign."""
    whole, rest = hours_and_minutes(abs(minutes))
    sign = "−" if minutes < 0 else ""
    unit = gettext("h")
    if whole and rest:
        return f"{sign}{whole}\xa0{unit} {rest}\xa0min"
    if whole:
        return f"{sign}{whole}\xa0{unit}"
    return f"{sign}{rest}\xa0min"


def decimal_hours(minutes: int) -> str:
    """Minutes as hours with two decimals in the locale: 1,50 / 1.50."""
    value = (Decimal(minutes) / 60).quantize(Decimal("0.01"))
    return format_decimal(value, format="#,##0.00", locale="en" if _language() == "en" else "sv_SE")


def quantity(value: Decimal | int) -> str:
    """A line's quantity in the locale, as many decimals as it has: 1,5 / 1.5; −50 with a real minus sign."""
    text = format_decimal(abs(Decimal(value)), format="#,##0.####", locale="en" if _language() == "en" else "sv_SE")
    return f"{MINUS}{text}" if value < 0 else text


def hundredths(value: int) -> str:
    """A quantity kept in hundredths (150) as people write it: 1,5 / 1.5."""
    return quantity(Decimal(value).scaleb(-2))


def exchange_rate(rate_micro: int) -> str:
    """An exchange rate in millionths with at least four decimals in the locale: 11,0215 / 11.0215."""
    text = format_rate(rate_micro)
    return text if _language() == "en" else text.replace(".", ",")


def isodate(value: date | datetime | None) -> str:
    """ISO 8601 date in both languages."""
    if value is None:
        return ""
    return value.date().isoformat() if isinstance(value, datetime) else value.isoformat()


def local_value(name: str, value: object) -> str:
    """A refusal's parameter as the page shows it: minutes as hours, dates ISO, yes/no and lists translated."""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if name.endswith("_minutes") and isinstance(value, int):
        return hours(value)
    if isinstance(value, (date, datetime)):
        return isodate(value) if not isinstance(value, datetime) else stockholm_time(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(str(item) for item in value)
    return str(value)


def stockholm_time(value: datetime | None) -> str:
    """A moment as Stockholm local date and time, 2026-06-21 16:00 (the same in both languages)."""
    if value is None:
        return ""
    if value.tzinfo is None:  # the database hands back UTC without its zone; the server's own zone is no guide
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(BUSINESS_TIMEZONE).strftime("%Y-%m-%d %H:%M")


def entry_memo(entry: object) -> str:
    """An entry's memo in the page's language: a system memo from its code and parameters, a person's as typed."""
    from ledger.domain.problems import fill

    memo = read_memo(getattr(entry, "kind"), getattr(entry, "memo"), series=_invoice_series())
    if memo.code is None:
        return memo.text
    return fill(gettext(memo.template), memo.params, local_value)


def _invoice_series() -> str | None:
    from ledger.services.settings import current_settings

    try:
        return current_settings().series
    except (RuntimeError, KeyError):  # outside an app, or before the settings are loaded
        return None


def register_filters(app: Flask) -> None:
    """Make the formatters available in every template."""
    app.add_template_filter(money)
    app.add_template_filter(hours)
    app.add_template_filter(decimal_hours)
    app.add_template_filter(isodate)
    app.add_template_filter(exchange_rate)
    app.add_template_filter(hundredths)
    app.add_template_filter(stockholm_time)
    app.add_template_filter(entry_memo)
    app.add_template_filter(invoice_number)
