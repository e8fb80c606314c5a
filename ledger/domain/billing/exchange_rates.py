"""Foreign currencies in Swedish kronor: the Riksbank's published rates, the rate an invoice uses, VAT in SEK.

An invoice in EUR that carries Swedish VAT states the VAT in kronor too (ML 17 kap. 29 §), at the latest
rate on or before its issue date. Rates are exact: parsed as Decimal, then held as an integer number of
millionths of a krona per unit of the currency (`rate_micro`, 11,4835 SEK/EUR = 11_483_500), so that
VAT in SEK is integer arithmetic rounded once, to the öre.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ledger.domain.billing.invoicing import divide_half_up
from ledger.domain.errors import Conflict, DomainError, InvalidInput
from ledger.domain.problems import N_, define_messages

MESSAGES = define_messages({
    "not_an_exchange_rate": N_("Must be a positive exchange rate with at most 6 decimals, such as 11,4835."),
    "exchange_rate_missing": N_("There is no %(currency)s exchange rate on or before %(date)s; record the "
                                "Riksbank's rate first."),
    "exchange_rates_empty": N_("The file holds no exchange rates."),
    "exchange_rates_bad_csv": N_("Line %(line)s is not valid CSV."),
    "exchange_rates_header": N_("Line %(line)s: expected the Riksbank's header Datum;Grupp;Serie;Värde (or a date "
                                "column followed by series), found “%(found)s”."),
    "exchange_rates_columns": N_("Line %(line)s has %(found)s columns; the header has %(expected)s."),
    "exchange_rates_bad_date": N_("Line %(line)s: “%(found)s” is not a date (YYYY-MM-DD)."),
    "exchange_rates_bad_rate": N_("Line %(line)s: “%(found)s” is not an exchange rate (a positive number with at "
                                  "most 6 decimals)."),
    "exchange_rates_unknown_series": N_("Line %(line)s: “%(series)s” is not a Riksbank series of a currency "
                                        "against the krona, such as SEKEURPMI."),
    "exchange_rates_conflict": N_("Line %(line)s gives %(currency)s on %(date)s a second, different rate."),
})

#: The national currency VAT is also stated in when an invoice is in another currency (ML 17 kap. 29 §).
NATIONAL_CURRENCY = "SEK"
RATE_SCALE = 10**6
#: Rates the Riksbank quotes per one unit of the currency, as its series id (SEKEURPMI) or as "1 EUR";
#: older exports quote some currencies per hundred ("100 JPY").
_SERIES_ID = re.compile(r"SEK([A-Z]{3})PMI")
_SERIES_UNIT = re.compile(r"(1|100) ([A-Z]{3})")
_RATE = re.compile(r"[0-9]{1,6}(?:[.,][0-9]{1,8})?")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NO_QUOTE = {"", "n/a", "-"}
_HEADER = ({"datum", "period", "date"}, {"grupp", "group"}, {"serie", "series"}, {"värde", "value"})


@dataclass(frozen=True, order=True)
class ExchangeRate:
    """Kronor per unit of `currency` on `rate_date`, in millionths (`rate_micro`)."""

    currency: str
    rate_date: date
    rate_micro: int

    def __post_init__(self) -> None:
        if isinstance(self.rate_micro, bool) or not isinstance(self.rate_micro, int):
            raise TypeError("ExchangeRate.rate_micro must be an int")
        if self.rate_micro <= 0:
            raise ValueError("an exchange rate is positive")

    @property
    def rate(self) -> Decimal:
        """The rate as an exact decimal without trailing zeros, for display (11.4835, 10)."""
        value = Decimal(self.rate_micro) / RATE_SCALE
        return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()

    @property
    def rate_text(self) -> str:
        """The rate as printed on invoices and vouchers, at least four decimals: "11.4925"."""
        return format_rate(self.rate_micro)

    def to_sek_minor(self, amount_minor: int) -> int:
        """An amount in minor units of `currency` as öre, rounded once (halves away from zero)."""
        return vat_sek_minor(amount_minor, self.rate_micro)


def format_rate(rate_micro: int) -> str:
    """A rate in millionths as a decimal string with at least four decimals: 11492500 -> "11.4925"."""
    units, fraction = divmod(rate_micro, RATE_SCALE)
    decimals = f"{fraction:06d}".rstrip("0").ljust(4, "0")
    return f"{units}.{decimals}"


@dataclass(frozen=True)
class RatesFile:
    """What a Riksbank CSV held: the rates of the currencies asked for, the series left aside, and the days
    the Riksbank published no rate (n/a: bank holidays)."""

    rates: tuple[ExchangeRate, ...]
    ignored_series: tuple[str, ...]
    days_without_rate: int


def rate_micro_of(value: Decimal) -> int | None:
    """An exact decimal rate as millionths, or None when it is not positive or has more than 6 decimals."""
    micro = value * RATE_SCALE
    if value <= 0 or micro != micro.to_integral_value():
        return None
    return int(micro)


def _decimal_of(text: str) -> Decimal | None:
    text = text.strip()
    return Decimal(text.replace(",", ".")) if _RATE.fullmatch(text) else None


def parse_rate(text: object, field: str = "rate") -> int:
    """A rate typed by a person ("11,4835" or "11.4835") as millionths; raise InvalidInput naming `field`."""
    value = _decimal_of(text) if isinstance(text, str) else None
    micro = rate_micro_of(value) if value is not None else None
    if micro is None:
        raise InvalidInput.single(field, "not_an_exchange_rate")
    return micro


def vat_sek_minor(vat_minor: int, rate_micro: int) -> int:
    """An amount (VAT) in a foreign currency's minor units (cent) as öre at a rate, rounded once, halves away
    from zero."""
    return divide_half_up(vat_minor * rate_micro, RATE_SCALE)


def rate_on(rates: Iterable[ExchangeRate], currency: str, day: date) -> ExchangeRate | None:
    """The rate an invoice issued on `day` uses: the latest of `currency` on or before that day."""
    earlier = [rate for rate in rates if rate.currency == currency and rate.rate_date <= day]
    return max(earlier, key=lambda rate: rate.rate_date, default=None)


def require_rate(rates: Iterable[ExchangeRate], currency: str, day: date) -> ExchangeRate:
    """rate_on, or Conflict `exchange_rate_missing` naming the currency and date (issuing is refused without one)."""
    found = rate_on(rates, currency, day)
    if found is None:
        raise Conflict(code="exchange_rate_missing", currency=currency, date=day)
    return found


class RatesFileRefused(DomainError):
    """The exchange-rate file cannot be read; none of its rates may be recorded. `params["line"]` names the line."""

    code = "exchange_rates_refused"


def _refused(code: str, line: int, **params: object) -> RatesFileRefused:
    return RatesFileRefused(code=code, line=line, **params)


def _series_currency(series: str) -> tuple[str, int] | None:
    """(currency, units the quote is for) of a series name, or None."""
    by_id, by_unit = _SERIES_ID.fullmatch(series), _SERIES_UNIT.fullmatch(series)
    if by_id:
        return by_id.group(1), 1
    if by_unit:
        return by_unit.group(2), int(by_unit.group(1))
    return None


def _rows(data: bytes) -> list[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")  # older exports were ISO-8859-1; the header check still applies
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True)
    rows = []
    try:
        for row in reader:
            cells = [cell.strip() for cell in row]
            if any(cells):
                rows.append((reader.line_num, cells))
    except csv.Error:
        raise _refused("exchange_rates_bad_csv", reader.line_num) from None
    return rows


def _columns(line: int, header: list[str]) -> tuple[bool, list[str]]:
    """(long format?, series names of a wide file) of the header row."""
    lowered = [cell.lower() for cell in header]
    if len(lowered) == 4 and all(cell in names for cell, names in zip(lowered, _HEADER)):
        return True, []
    looks_long = len(lowered) == 4 and lowered[1] in _HEADER[1]  # Datum;Grupp;... with a column misspelt
    if len(lowered) >= 2 and lowered[0] in _HEADER[0] and not looks_long:
        for series in header[1:]:
            if _series_currency(series) is None:
                raise _refused("exchange_rates_unknown_series", line, series=series)
        return False, header[1:]
    raise _refused("exchange_rates_header", line, found=";".join(header))


def parse_riksbank_csv(data: bytes, currencies: Iterable[str] = ("EUR",)) -> RatesFile:
    """Read the Riksbank's exchange-rate CSV (semicolons, decimal comma; one row per date and series, or one
    column per series); keep the rates of `currencies`; raise RatesFileRefused naming the bad line."""
    wanted = set(currencies)
    rows = _rows(data)
    if not rows:
        raise RatesFileRefused(code="exchange_rates_empty")
    (header_line, header), body = rows[0], rows[1:]
    is_long, wide_series = _columns(header_line, header)
    found: dict[tuple[str, date], ExchangeRate] = {}
    ignored: set[str] = set()
    without_rate = 0
    for line, cells in body:
        if len(cells) != len(header):
            raise _refused("exchange_rates_columns", line, found=len(cells), expected=len(header))
        if not _ISO_DATE.fullmatch(cells[0]):
            raise _refused("exchange_rates_bad_date", line, found=cells[0])
        try:
            day = date.fromisoformat(cells[0])
        except ValueError:
            raise _refused("exchange_rates_bad_date", line, found=cells[0]) from None
        quotes = [(cells[2], cells[3])] if is_long else list(zip(wide_series, cells[1:]))
        for series, value_text in quotes:
            parsed = _series_currency(series)
            if parsed is None:
                raise _refused("exchange_rates_unknown_series", line, series=series)
            currency, units = parsed
            if value_text.lower() in _NO_QUOTE:
                without_rate += 1
                continue
            value = _decimal_of(value_text)
            micro = rate_micro_of(value / units) if value is not None else None
            if micro is None:
                raise _refused("exchange_rates_bad_rate", line, found=value_text)
            if currency not in wanted:
                ignored.add(series)
                continue
            rate = ExchangeRate(currency, day, micro)
            if found.setdefault((currency, day), rate) != rate:
                raise _refused("exchange_rates_conflict", line, currency=currency, date=day)
    return RatesFile(tuple(sorted(found.values())), tuple(sorted(ignored)), without_rate)
