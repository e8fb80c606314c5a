"""Numbers, money, hours and dates for people, in the current locale (registered as template filters)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

from babel.dates import get_day_names, get_month_names
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal
from flask import Flask
from flask_babel import get_locale, gettext

from ledger.domain.accounts.memos import read_memo
from ledger.domain.billing.exchange_rates import format_rate
from ledger.domain.formatting import invoice_number
from ledger.domain.minutes import hours_and_minutes
from ledger.domain.money import CURRENCIES
from ledger.domain.periods import BUSINESS_TIMEZONE

#: English amounts put the currency code first: SEK 1,499.00, EUR 149.99 (docs/einvoice.md; "¤¤" is the ISO code).
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


def decimal(value: Decimal) -> str:
    """A decimal number as written in the locale, every decimal kept: 11,2345 / 11.2345; negative with U+2212."""
    text = format_decimal(value, format="#,##0.0###########", locale="en" if _language() == "en" else "sv_SE")
    return text.replace("-", MINUS, 1) if value < 0 else text


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


#: Parameters of refusals that name codes (such as channels), put into the reader's words by the capability that
#: owns the codes: `register_parameter_words("channels", …)` in its web package. Without it a Swedish page would
#: say "email, chat".
PARAMETER_WORDS: dict[str, Callable[[Any], str]] = {}


def spoken_list(items: list[str]) -> str:
    """Items as a sentence lists them in the page's language: "e-post, chatt och telefon" / "…, chat and phone"."""
    return format_list(items, locale="en" if _language() == "en" else "sv_SE") if items else ""


def register_parameter_words(name: str, words: Callable[[Any], str]) -> None:
    """Say the refusal parameter `name` in the page's language with `words` (given the parameter's value)."""
    PARAMETER_WORDS[name] = words


def local_value(name: str, value: object) -> str:
    """A refusal's parameter as the page shows it: codes in words, minutes as hours, dates ISO, decimals with the
    locale's comma, yes/no and lists translated."""
    if name in PARAMETER_WORDS:
        return PARAMETER_WORDS[name](value)
    if isinstance(value, Decimal):
        return decimal(value)
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if name.endswith("_minutes") and isinstance(value, int):
        return hours(value)
    if isinstance(value, (date, datetime)):
        return isodate(value) if not isinstance(value, datetime) else stockholm_time(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(str(item) for item in value)
    return str(value)


def due_time(value: datetime | None) -> str:
    """When something is due, in Stockholm time with the weekday: "mån 21 dec 16:30" / "Mon 21 Dec 16:30"; the year
    too when it is not this year's ("mån 21 dec 2026 16:30")."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    local = value.astimezone(BUSINESS_TIMEZONE)
    locale = "en" if _language() == "en" else "sv_SE"
    weekday = get_day_names("abbreviated", context="format", locale=locale)[local.weekday()].rstrip(".")
    month = get_month_names("abbreviated", context="format", locale=locale)[local.month].rstrip(".")
    from ledger.services.clock import utcnow  # the app's clock (tests and demo data pin it)

    this_year = utcnow().astimezone(BUSINESS_TIMEZONE).year
    year = "" if local.year == this_year else f" {local.year}"
    return f"{weekday} {local.day} {month}{year} {local:%H:%M}"


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
    app.add_template_filter(isodate)
    app.add_template_filter(exchange_rate)
    app.add_template_filter(hundredths)
    app.add_template_filter(stockholm_time)
    app.add_template_filter(due_time)
    app.add_template_filter(entry_memo)
    app.add_template_filter(invoice_number)
