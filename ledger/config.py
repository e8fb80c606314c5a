"""Settings from the environment, and where templates, translations and migrations live."""
from __future__ import annotations

import os
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = ROOT / "templates"
TRANSLATIONS_DIR = ROOT / "translations"
MIGRATIONS_DIR = ROOT / "migrations"
INSTANCE_DIR = ROOT / "instance"
RULES_DIR = Path(__file__).resolve().parent / "rules"
PLANS_DIR = Path(__file__).resolve().parent / "plans"

#: The seller on every invoice. The defaults are a demo company: production must set its own.
SELLER_DEFAULTS = {
    "SELLER_NAME": "Servicekonto Demo AB",
    "SELLER_ADDRESS": "Drottninggatan 1\n111 51 Stockholm",
    "SELLER_ORG_NUMBER": "559876-5435",
    "SELLER_VAT_NUMBER": "SE559876543501",
    "SELLER_BANKGIRO": "505-0125",
    "SELLER_IBAN": "SE45 5000 0000 0583 9825 7466",
    "SELLER_BIC": "ESSESESS",
    "SELLER_F_SKATT": "true",
    "SELLER_EMAIL": "faktura@servicekonto.example",
    "SELLER_PHONE": "+46 8 123 456 00",
    #: The registered seat printed on invoices (ABL 28 kap. 5 §) and who answers for them ("Vår referens").
    "SELLER_SEAT": "Styrelsens säte: Stockholm",
    "SELLER_OUR_REFERENCE": "",
    "PAYMENT_TERMS_DAYS": "30",
    "LATE_INTEREST_SV": "Vid betalning efter förfallodagen debiteras dröjsmålsränta enligt räntelagen.",
    "LATE_INTEREST_EN": "Late payment interest is charged under the Swedish Interest Act (räntelagen).",
    "INVOICE_SERIES": "F",
    "INVOICE_FIRST_NUMBER": "1001",
    "ROUND_TO_WHOLE_KRONOR": "true",
}
#: BAS accounts of the SIE export (docs/books.md): receivable, sales by VAT treatment, output VAT, öresavrundning,
#: deferred revenue, the bank, exchange gains and losses, late-payment interest, written-off remainders.
ACCOUNT_DEFAULTS = {
    "ACCOUNT_RECEIVABLE": "1510",
    "ACCOUNT_SALES_SE": "3041",
    "ACCOUNT_SALES_EU": "3308",
    "ACCOUNT_SALES_NON_EU": "3305",
    "ACCOUNT_VAT_OUT": "2611",
    "ACCOUNT_ROUNDING": "3740",
    "ACCOUNT_DEFERRED": "2970",
    "ACCOUNT_BANK": "1930",
    "ACCOUNT_FX_GAIN": "3960",
    "ACCOUNT_FX_LOSS": "7960",
    "ACCOUNT_INTEREST_INCOME": "8313",
    "ACCOUNT_WRITE_OFF": "6390",
}
#: The books (docs/books.md): the month the financial year starts (01-12), and who answers for the EC sales list
#: (empty: SELLER_OUR_REFERENCE, SELLER_PHONE and SELLER_EMAIL).
BOOKS_DEFAULTS = {"FISCAL_YEAR_START": "01", "EC_SALES_CONTACT_NAME": "", "EC_SALES_CONTACT_PHONE": "",
                  "EC_SALES_CONTACT_EMAIL": ""}
#: Seller settings production must set explicitly (no demo company on real invoices); the seat is required by
#: ABL 28 kap. 5 §.
SELLER_REQUIRED_IN_PRODUCTION = ("SELLER_NAME", "SELLER_ADDRESS", "SELLER_ORG_NUMBER", "SELLER_VAT_NUMBER",
                                 "SELLER_BANKGIRO", "SELLER_EMAIL", "SELLER_SEAT")
#: Seller fields whose default is the demo company's: outside development they are printed only when set.
SELLER_DEMO_ONLY = ("SELLER_IBAN", "SELLER_BIC", "SELLER_PHONE", "SELLER_F_SKATT", "SELLER_OUR_REFERENCE")
#: Finance settings: the reminder fee and the write-off limit in kronor, late-payment interest in
#: percentage points over the reference rate and the least amount charged, the largest upload in megabytes.
FINANCE_DEFAULTS = {"REMINDER_FEE": "0", "LATE_INTEREST_RATE_POINTS": "8", "MIN_INTEREST": "100",
                    "WRITE_OFF_LIMIT": "10", "MAX_UPLOAD_MB": "10"}

#: Sign-in settings: (default, lowest, highest). TRUSTED_PROXIES is how many reverse proxies stand in front of
#: the app; only their X-Forwarded-For entries are believed (0: the connecting address is the client's).
SECURITY_SETTINGS = {"SESSION_LIFETIME_HOURS": (12, 1, 24 * 90), "TRUSTED_PROXIES": (0, 0, 10)}

#: Values that differ between deployments; each may be set as an environment variable of the same name.
#: PUBLIC_URL is where people open the app (https://konto.example.se): links in mails point there, never at
#: whatever Host header a request carried.
ENVIRONMENT_KEYS = ("SECRET_KEY", "DATABASE_URL", "SERVICEKONTO_ENV", "SERVICEKONTO_RULES", "SERVICEKONTO_PLANS",
                    "PUBLIC_URL", *SELLER_DEFAULTS, *ACCOUNT_DEFAULTS, *SECURITY_SETTINGS, "MAIL_SERVER", "MAIL_PORT",
                    "MAIL_USE_TLS", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_DEFAULT_SENDER", "MAIL_BACKEND", "JOBS_URL",
                    "JOBS_QUEUE_NAME", "JOBS_SQLITE_PATH", "JOBS_IMMEDIATE", "JOBS_STALE_SECONDS",
                    # Where escalations go besides the case's assignee (docs/support.md): the support lead's address.
                    "SUPPORT_LEAD_ADDRESS",
                    *("SUPPORT_ADDRESS", "SUPPORT_TEAM_ADDRESS", "MAIL_IMAP_URL", "MAIL_IMAP_DONE_FOLDER",
                      "MAIL_MAX_BYTES", "MAIL_MAX_NEW_CASES_PER_HOUR"))
ENVIRONMENT_KEYS += tuple(FINANCE_DEFAULTS) + tuple(BOOKS_DEFAULTS)

#: The support desk by e-mail (docs/support.md): (default, lowest, highest) of its numbers. MAIL_MAX_BYTES is the
#: largest message whose attachments are kept (25 MB); larger ones go to the inbox without them.
MAIL_DESK_NUMBERS = {"MAIL_MAX_BYTES": (25 * 1024 * 1024, 1024, 1024**3),
                     "MAIL_MAX_NEW_CASES_PER_HOUR": (10, 1, 10_000)}

#: Where mail goes by default: SMTP in production, one .eml file per message under instance/mail/ in development.
EML_BACKEND = "ledger.mail_files.EmlFileEmailBackend"


def database_url(url: str | None) -> str:
    """The SQLAlchemy URL to use: the embedded SQLite file by default, psycopg 3 for PostgreSQL."""
    if not url:
        return f"sqlite:///{INSTANCE_DIR / 'servicekonto.db'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def load_config(overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Build the app's configuration: defaults, then the environment, then `overrides`."""
    environment = {key: os.environ[key] for key in ENVIRONMENT_KEYS if os.environ.get(key)}
    settings: dict[str, Any] = {
        **SELLER_DEFAULTS,
        **ACCOUNT_DEFAULTS,
        **FINANCE_DEFAULTS,
        **BOOKS_DEFAULTS,
        **{key: default for key, (default, _low, _high) in SECURITY_SETTINGS.items()},
        "SERVICEKONTO_ENV": "production",
        "SECRET_KEY": None,
        "DATABASE_URL": None,
        "PUBLIC_URL": None,
        "SERVICEKONTO_RULES": "sv_servicekonto",
        "SERVICEKONTO_PLANS": "support_tiers",
        "BABEL_DEFAULT_LOCALE": "sv",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Stockholm",
        "BABEL_TRANSLATION_DIRECTORIES": str(TRANSLATIONS_DIR),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "SQLALCHEMY_RECORD_QUERIES": False,
        "JSON_SORT_KEYS": False,
    }
    settings.update(environment)
    settings.update(overrides or {})
    settings["SQLALCHEMY_DATABASE_URI"] = database_url(
        settings.get("SQLALCHEMY_DATABASE_URI") or settings.get("DATABASE_URL")
    )
    development = settings["SERVICEKONTO_ENV"] in ("development", "testing")
    unset = [key for key in SELLER_REQUIRED_IN_PRODUCTION if key not in environment and key not in (overrides or {})]
    if unset and not development:
        raise RuntimeError(
            f"Set the seller printed on invoices: {', '.join(unset)} (see the README). The defaults are a demo "
            "company and must not appear on real invoices."
        )
    if not development:
        for key in SELLER_DEMO_ONLY:
            if key not in environment and key not in (overrides or {}):
                settings[key] = "false" if key == "SELLER_F_SKATT" else ""
    _finance_settings(settings)
    for key, (_default, low, high) in SECURITY_SETTINGS.items():
        settings[key] = _whole_setting(key, settings[key], low, high)
    _mail_settings(settings, development)
    _mail_desk_settings(settings)
    # Tests run each task at once unless they ask for a real queue; everywhere else tasks go to the queue.
    settings["JOBS_STALE_SECONDS"] = _whole_setting("JOBS_STALE_SECONDS", settings.get("JOBS_STALE_SECONDS", 30), 1, 86400)
    settings["JOBS_IMMEDIATE"] = _flag(settings.get("JOBS_IMMEDIATE", settings["SERVICEKONTO_ENV"] == "testing"))
    # Werkzeug's scrypt at its full cost everywhere but in the test suite, whose thousands of users would otherwise
    # spend minutes hashing (the algorithm and the checks are the same; only N is smaller).
    settings.setdefault("PASSWORD_HASH_METHOD",
                        "scrypt:1024:8:1" if settings["SERVICEKONTO_ENV"] == "testing" else "scrypt")
    settings.setdefault("SESSION_COOKIE_SECURE", not development)
    settings.setdefault("REMEMBER_COOKIE_SECURE", not development)
    if not settings["SECRET_KEY"]:
        if not development:
            raise RuntimeError(
                "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random string "
                "(for example: python -c 'import secrets; print(secrets.token_hex(32))'), or set "
                "SERVICEKONTO_ENV=development on a developer machine."
            )
        settings["SECRET_KEY"] = "development-only-not-secret"
    return settings


def _mail_settings(settings: dict[str, Any], development: bool) -> None:
    """SMTP settings typed; development without MAIL_SERVER writes .eml files to instance/mail/."""
    configured = bool(settings.get("MAIL_SERVER"))
    settings.setdefault("MAIL_SERVER", "localhost")
    settings["MAIL_PORT"] = _whole_setting("MAIL_PORT", settings.get("MAIL_PORT", 25), 1, 65535)
    settings["MAIL_USE_TLS"] = _flag(settings.get("MAIL_USE_TLS", False))
    settings.setdefault("MAIL_DEFAULT_SENDER", settings["SELLER_EMAIL"])
    settings.setdefault("MAIL_TIMEOUT", 30)
    settings.setdefault("MAIL_FILE_PATH", str(INSTANCE_DIR / "mail"))
    if not settings.get("MAIL_BACKEND"):
        testing = settings["SERVICEKONTO_ENV"] == "testing"
        settings["MAIL_BACKEND"] = ("locmem" if testing else EML_BACKEND) if development and not configured else "smtp"


def _mail_desk_settings(settings: dict[str, Any]) -> None:
    """The mail desk's settings typed; no MAIL_IMAP_URL means no polling (mail may still come by pipe or HTTP)."""
    for key, (default, low, high) in MAIL_DESK_NUMBERS.items():
        settings[key] = _whole_setting(key, settings.get(key, default), low, high)
    settings.setdefault("MAIL_IMAP_DONE_FOLDER", "Processed")
    for key in ("SUPPORT_ADDRESS", "SUPPORT_TEAM_ADDRESS", "MAIL_IMAP_URL"):
        settings[key] = (settings.get(key) or "").strip() or None


def _finance_settings(settings: dict[str, Any]) -> None:
    """The finance settings typed: REMINDER_FEE_MINOR, WRITE_OFF_LIMIT_MINOR and MIN_INTEREST_MINOR in öre,
    LATE_INTEREST_RATE_POINTS_BP in basis points, MAX_CONTENT_LENGTH from MAX_UPLOAD_MB; a wrong value stops the app."""
    for key, highest in (("REMINDER_FEE", Decimal(60)), ("WRITE_OFF_LIMIT", Decimal(10**6)),
                         ("MIN_INTEREST", Decimal(10**6)), ("LATE_INTEREST_RATE_POINTS", Decimal(100))):
        value = str(settings[key]).strip().replace(",", ".")
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = Decimal(-1)
        if not number.is_finite() or not 0 <= number <= highest or number != number.quantize(Decimal("0.01")):
            raise RuntimeError(f"{key} must be a number from 0 to {highest} with at most two decimals, "
                               f"not {value!r}.")
        settings[f"{key}_BP" if key == "LATE_INTEREST_RATE_POINTS" else f"{key}_MINOR"] = int(number * 100)
    settings["MAX_CONTENT_LENGTH"] = _whole_setting("MAX_UPLOAD_MB", settings["MAX_UPLOAD_MB"], 1, 1024) * 1024 * 1024


def _whole_setting(key: str, value: Any, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = low - 1
    if not low <= number <= high or isinstance(value, bool):
        raise RuntimeError(f"{key} must be a whole number from {low} to {high}, not {value!r}.")
    return number


def _flag(value: Any) -> bool:
    return value if isinstance(value, bool) else str(value).strip().lower() in ("1", "true", "yes", "on")


def seller_settings(config: Mapping[str, Any]) -> dict[str, Any]:
    """The seller fields of the configuration, typed, for `ledger.domain.billing.seller.check_seller`."""
    try:
        terms = int(config["PAYMENT_TERMS_DAYS"])
    except (TypeError, ValueError):
        terms = -1  # reported by check_seller as not a number of days
    return {
        "name": config["SELLER_NAME"],
        "address": config["SELLER_ADDRESS"],
        "org_number": config["SELLER_ORG_NUMBER"],
        "vat_number": config["SELLER_VAT_NUMBER"],
        "bankgiro": config["SELLER_BANKGIRO"],
        "iban": config["SELLER_IBAN"],
        "bic": config["SELLER_BIC"],
        "f_skatt": _flag(config["SELLER_F_SKATT"]),
        "email": config["SELLER_EMAIL"],
        "phone": config["SELLER_PHONE"],
        "payment_terms_days": terms,
        "late_interest_sv": config["LATE_INTEREST_SV"],
        "late_interest_en": config["LATE_INTEREST_EN"],
        "seat": config.get("SELLER_SEAT") or "",
        "our_reference": config.get("SELLER_OUR_REFERENCE") or "",
    }


def account_settings(config: Mapping[str, Any]) -> dict[str, int | str]:
    """The SIE export's account numbers by role ({"receivable": 1510, ...}); a non-number is passed on as given,
    for `ledger.domain.books.vouchers.bas_accounts` to refuse."""
    found: dict[str, int | str] = {}
    for key in ACCOUNT_DEFAULTS:
        value = str(config.get(key, ACCOUNT_DEFAULTS[key])).strip()
        found[key.removeprefix("ACCOUNT_").lower()] = int(value) if value.isdigit() else value
    return found


def fiscal_year_start(config: Mapping[str, Any]) -> int:
    """FISCAL_YEAR_START as a month 1-12.

    :raise RuntimeError: it is not one."""
    value = str(config.get("FISCAL_YEAR_START", "01")).strip()
    if not value.isdigit() or not 1 <= int(value) <= 12:
        raise RuntimeError(f"FISCAL_YEAR_START must be a month 01-12, not {value!r}.")
    return int(value)


def invoice_settings(config: Mapping[str, Any]) -> tuple[str, int, bool]:
    """(series name, first number, öresavrundning on?) from the configuration."""
    return config["INVOICE_SERIES"], int(config["INVOICE_FIRST_NUMBER"]), _flag(config["ROUND_TO_WHOLE_KRONOR"])
