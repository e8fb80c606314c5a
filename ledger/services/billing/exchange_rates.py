"""Exchange rates finance records (by hand or from the Riksbank's CSV), and the rate an invoice is issued at."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.domain.billing.exchange_rates import NATIONAL_CURRENCY, ExchangeRate, parse_rate, parse_riksbank_csv
from ledger.domain.errors import Conflict, FieldErrors, InvalidInput
from ledger.domain.input_formats import iso_date_or_none
from ledger.domain.money import CURRENCIES
from ledger.domain.problems import N_, define_messages
from ledger.extensions import db
from ledger.models import ExchangeRateRecord, Invoice
from ledger.services.access import FINANCE_ROLES, Actor, require_role
from ledger.services.clock import utcnow
from ledger.services.tx import write_transaction

MESSAGES = define_messages({
    "exchange_rate_currency": N_("Must be a currency invoices are issued in, other than SEK: %(currencies)s."),
    "exchange_rate_date": N_("Must be a date written YYYY-MM-DD."),
    "exchange_rate_exists": N_("%(currency)s already has the rate %(rate)s on %(date)s; rates once recorded are "
                               "not changed."),
})
FOREIGN_CURRENCIES = tuple(sorted(code for code in CURRENCIES if code != NATIONAL_CURRENCY))


@dataclass(frozen=True)
class ImportResult:
    """What an import recorded, what it already had, and what the file held besides."""

    recorded: int
    already_recorded: int
    ignored_series: tuple[str, ...]
    days_without_rate: int


def _as_rate(record: ExchangeRateRecord) -> ExchangeRate:
    return ExchangeRate(record.currency, record.rate_date, record.rate_micro)


def _check(data: dict[str, Any]) -> ExchangeRate:
    errors = FieldErrors()
    currency = data.get("currency")
    if currency not in FOREIGN_CURRENCIES:
        errors.add("currency", "exchange_rate_currency", currencies=", ".join(FOREIGN_CURRENCIES))
    day = iso_date_or_none(data.get("date"))
    if day is None:
        errors.add("date", "exchange_rate_date")
    micro = None
    try:
        micro = parse_rate(data.get("rate"))
    except InvalidInput as error:
        errors.merge(error)
    errors.raise_if_any()
    return ExchangeRate(currency, day, micro)  # type: ignore[arg-type]


def _existing(session: Session, currency: str, day: date) -> ExchangeRateRecord | None:
    return session.execute(select(ExchangeRateRecord).where(
        ExchangeRateRecord.currency == currency, ExchangeRateRecord.rate_date == day)).scalar_one_or_none()


def record_exchange_rate(data: dict[str, Any], *, actor: Actor) -> ExchangeRateRecord:
    """Record a currency's rate on a date (`{currency, date, rate}`), finance or admin; the same again is a no-op.

    :raise InvalidInput: naming each bad field.  :raise Conflict: that day already has another rate.
    """
    require_role(actor, *FINANCE_ROLES)
    rate = _check(data)
    with write_transaction() as session:
        known = _existing(session, rate.currency, rate.rate_date)
        if known is not None:
            if known.rate_micro != rate.rate_micro:
                raise Conflict(code="exchange_rate_exists", currency=rate.currency, date=rate.rate_date,
                               rate=Decimal(_as_rate(known).rate_text))  # pages write it with a decimal comma
            return known
        record = ExchangeRateRecord(currency=rate.currency, rate_date=rate.rate_date, rate_micro=rate.rate_micro,
                                    created_at=utcnow(), created_by=actor.id)
        session.add(record)
    return record


@dataclass(frozen=True)
class RatesPreview:
    """What importing a Riksbank file would do: the rates it would add, those already on file, and those that
    contradict a rate on file (with the one on file, in millionths), before anything is written."""

    new: list[ExchangeRate]
    already_recorded: int
    conflicts: list[tuple[ExchangeRate, int]]
    ignored_series: tuple[str, ...]
    days_without_rate: int


def preview_exchange_rates(data: bytes, *, actor: Actor) -> RatesPreview:
    """Read a Riksbank CSV with the parser `flask rates import` uses and say what importing it would add.

    :raise RatesFileRefused: the file cannot be read (naming the line).
    """
    require_role(actor, *FINANCE_ROLES)
    parsed = parse_riksbank_csv(data, FOREIGN_CURRENCIES)
    known = {(record.currency, record.rate_date): record.rate_micro for record in db.session.execute(
        select(ExchangeRateRecord).where(ExchangeRateRecord.rate_date.in_({rate.rate_date for rate in parsed.rates}))
    ).scalars()} if parsed.rates else {}
    new, conflicts, already = [], [], 0
    for rate in parsed.rates:
        on_file = known.get((rate.currency, rate.rate_date))
        if on_file is None:
            new.append(rate)
        elif on_file == rate.rate_micro:
            already += 1
        else:
            conflicts.append((rate, on_file))
    return RatesPreview(new, already, conflicts, parsed.ignored_series, parsed.days_without_rate)


def import_exchange_rates(data: bytes, *, actor: Actor) -> ImportResult:
    """Record every rate of the invoice currencies in a Riksbank CSV, all or none.

    :raise RatesFileRefused: the file cannot be read (naming the line).  :raise Conflict: it contradicts a rate on file.
    """
    require_role(actor, *FINANCE_ROLES)
    parsed = parse_riksbank_csv(data, FOREIGN_CURRENCIES)
    recorded = already = 0
    with write_transaction() as session:
        for rate in parsed.rates:
            known = _existing(session, rate.currency, rate.rate_date)
            if known is None:
                session.add(ExchangeRateRecord(currency=rate.currency, rate_date=rate.rate_date,
                                               rate_micro=rate.rate_micro, created_at=utcnow(), created_by=actor.id))
                recorded += 1
            elif known.rate_micro == rate.rate_micro:
                already += 1
            else:
                raise Conflict(code="exchange_rate_exists", currency=rate.currency, date=rate.rate_date,
                               rate=Decimal(_as_rate(known).rate_text))  # pages write it with a decimal comma
    return ImportResult(recorded, already, parsed.ignored_series, parsed.days_without_rate)


def list_exchange_rates(*, actor: Actor, currency: str | None = None, limit: int = 100) -> list[ExchangeRateRecord]:
    """The latest recorded rates, newest first."""
    require_role(actor, *FINANCE_ROLES)
    query = select(ExchangeRateRecord).order_by(ExchangeRateRecord.rate_date.desc(), ExchangeRateRecord.currency)
    if currency is not None:
        query = query.where(ExchangeRateRecord.currency == currency)
    return list(db.session.execute(query.limit(limit)).scalars())


def rate_for_issue(session: Session, currency: str, day: date) -> ExchangeRate:
    """The latest rate of `currency` on or before `day`.

    :raise Conflict: `exchange_rate_missing`, naming the currency and date.
    """
    record = session.execute(
        select(ExchangeRateRecord)
        .where(ExchangeRateRecord.currency == currency, ExchangeRateRecord.rate_date <= day)
        .order_by(ExchangeRateRecord.rate_date.desc()).limit(1)
    ).scalar_one_or_none()
    if record is None:
        raise Conflict(code="exchange_rate_missing", currency=currency, date=day)
    return _as_rate(record)


def apply_exchange_rate(session: Session, invoice: Invoice, original: Invoice | None = None) -> None:
    """Put the rate on a foreign-currency invoice (a credit note: its original's) and the VAT in SEK when it
    charges Swedish VAT (ML 17 kap. 29 §)."""
    if invoice.currency == NATIONAL_CURRENCY:
        return
    if original is not None and original.exchange_rate_micro is not None:
        rate = ExchangeRate(original.currency, original.exchange_rate_date, original.exchange_rate_micro)
    else:
        rate = rate_for_issue(session, invoice.currency, invoice.issue_date)
    invoice.exchange_rate_micro, invoice.exchange_rate_date = rate.rate_micro, rate.rate_date
    invoice.vat_sek_minor = rate.to_sek_minor(invoice.vat_minor) if invoice.vat_rate_bp > 0 else None


def invoice_rate(invoice: Invoice) -> ExchangeRate | None:
    """The exchange rate an issued invoice used, if it is in a foreign currency."""
    if invoice.exchange_rate_micro is None or invoice.exchange_rate_date is None:
        return None
    return ExchangeRate(invoice.currency, invoice.exchange_rate_date, invoice.exchange_rate_micro)
