"""Settings from the environment, and where templates, translations and migrations live."""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = ROOT / "templates"
TRANSLATIONS_DIR = ROOT / "translations"
MIGRATIONS_DIR = ROOT / "migrations"
INSTANCE_DIR = ROOT / "instance"
RULES_DIR = Path(__file__).resolve().parent / "rules"

#: Values that differ between deployments; each may be set as an environment variable of the same name.
ENVIRONMENT_KEYS = ("SECRET_KEY", "DATABASE_URL", "SERVICEKONTO_ENV", "SERVICEKONTO_RULES")


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
        "SERVICEKONTO_ENV": "production",
        "SECRET_KEY": None,
        "DATABASE_URL": None,
        "SERVICEKONTO_RULES": "sv_servicekonto",
        "BABEL_DEFAULT_LOCALE": "sv",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Stockholm",
        "BABEL_TRANSLATION_DIRECTORIES": str(TRANSLATIONS_DIR),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "SQLALCHEMY_RECORD_QUERIES": False,
        "JSON_SORT_KEYS": False,
        "MAX_CONTENT_LENGTH": 1024 * 1024,
    }
    settings.update(environment)
    settings.update(overrides or {})
    settings["SQLALCHEMY_DATABASE_URI"] = database_url(
        settings.get("SQLALCHEMY_DATABASE_URI") or settings.get("DATABASE_URL")
    )
    development = settings["SERVICEKONTO_ENV"] in ("development", "testing")
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
