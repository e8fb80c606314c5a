"""Invoice settings from configuration: the seller, the number series, öresavrundning; checked at start-up."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app

from ledger.config import account_settings, fiscal_year_start, invoice_settings, seller_settings
from ledger.domain.billing.seller import Seller, check_seller
from ledger.domain.books.vouchers import bas_accounts
from ledger.domain.errors import InvalidInput

SETTINGS_EXTENSION = "servicekonto.invoice_settings"


@dataclass(frozen=True)
class InvoiceSettings:
    """Who sells, which series numbers invoices, and whether SEK amounts to pay round to whole kronor."""

    seller: Seller
    series: str
    first_number: int
    round_to_whole_kronor: bool


def load_invoice_settings(app: Flask) -> InvoiceSettings:
    """Check the seller settings once, when the app starts: a wrong bankgiro must not reach an invoice."""
    try:
        seller = check_seller(seller_settings(app.config))
        series, first_number, rounding = invoice_settings(app.config)
    except InvalidInput as error:
        raise RuntimeError(f"Seller settings are wrong: {error.message}") from None
    except ValueError as error:
        raise RuntimeError(f"INVOICE_FIRST_NUMBER must be a whole number: {error}") from None
    if first_number < 1:
        raise RuntimeError("INVOICE_FIRST_NUMBER must be at least 1.")
    try:
        bas_accounts(**account_settings(app.config))  # type: ignore[arg-type]
    except ValueError as error:
        raise RuntimeError(f"ACCOUNT_* settings are wrong: {error}") from None
    fiscal_year_start(app.config)
    settings = InvoiceSettings(seller, series, first_number, rounding)
    app.extensions[SETTINGS_EXTENSION] = settings
    return settings


def current_settings() -> InvoiceSettings:
    """The app's invoice settings."""
    return current_app.extensions[SETTINGS_EXTENSION]


@dataclass(frozen=True)
class FinanceSettings:
    """What a late payer is charged and what finance may give up on, in öre and basis points."""

    reminder_fee_minor: int
    late_interest_points_bp: int
    min_interest_minor: int
    write_off_limit_minor: int


def finance_settings() -> FinanceSettings:
    """The app's finance settings (checked by ledger.config when the app starts)."""
    config = current_app.config
    return FinanceSettings(config["REMINDER_FEE_MINOR"], config["LATE_INTEREST_RATE_POINTS_BP"],
                           config["MIN_INTEREST_MINOR"], config["WRITE_OFF_LIMIT_MINOR"])
