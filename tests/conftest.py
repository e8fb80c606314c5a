"""Fixtures: an app per test on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL too.

Migrations run once per session and engine (SQLite: a template file copied per test; PostgreSQL: a
schema per xdist worker, emptied before each test). Services commit for real, so tests can race.
"""
from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from stdnum import luhn

from ledger import create_app
from ledger.extensions import db
from ledger.models import Customer
from ledger.services.access import Actor
from ledger.services.billing.exchange_rates import record_exchange_rate
from ledger.services.clock import CLOCK_EXTENSION
from ledger.services.customers.customers import create_customer
from ledger.services.people.tokens import issue_token
from ledger.services.people.users import create_user

#: Fixture modules shared by every test folder (a month of October work; a live server and Chromium).
pytest_plugins = ["tests.services.invoice_helpers", "tests.services.payment_helpers", "tests.web.browser",
                  "tests.mail_server", "tests.imap_server", "tests.services.mail_desk_helpers"]

PG_URL = os.environ.get("TEST_DATABASE_URL")
ENGINES = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]
TEST_PASSWORD = "correct horse battery"
#: First names for the users tests make, so that pages show people the way they will in use.
PEOPLE = ("Astrid", "Björn", "Cecilia", "David", "Elin", "Frans", "Greta", "Hugo")


def app_config(url: str, **overrides: Any) -> dict[str, Any]:
    """Settings of a test app on the database at `url`."""
    return {
        "SERVICEKONTO_ENV": "testing",
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": url,
        **overrides,
    }


def migrate_database(url: str) -> None:
    """Bring the database at `url` to the latest migration."""
    app = create_app(app_config(url))
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues() -> None:
    """Compile the message catalogues if they are stale, so that a bare `pytest` tests what `make` builds."""
    from ledger.translations import compile_catalogues

    compile_catalogues()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty SQLite file that each test copies."""
    path = tmp_path_factory.mktemp("template") / "servicekonto.db"
    migrate_database(f"sqlite:///{path}")
    return path


def _pg_schema_url(schema: str) -> str:
    assert PG_URL
    separator = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    """A migrated schema of its own in the test database, for this test process."""
    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    # One schema per test process: parallel runs (xdist workers, or two people) never drop each other's.
    schema = f"servicekonto_test_{os.getpid()}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    url = _pg_schema_url(schema)
    migrate_database(url)
    yield url
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    admin.dispose()


def empty_postgresql(url: str) -> None:
    """Remove every row, the append-only tables included (their triggers are off for this one transaction)."""
    engine = create_engine(url)
    with engine.begin() as connection:
        tables = connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'alembic_version'")
        ).scalars().all()
        connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        connection.exec_driver_sql(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    engine.dispose()


@pytest.fixture(params=ENGINES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty, migrated database on each engine in turn."""
    if request.param == "sqlite":
        path = tmp_path / "servicekonto.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgresql_url")
    empty_postgresql(url)
    return url


class RequestPerContextClient(FlaskClient):
    """Gives every request an app context of its own, as a real server does, even though the test itself
    holds one open (otherwise `g`, and what Flask-Login and Flask-Babel cache there, leaks between requests)."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    """The app on a fresh database, with an app context pushed."""
    application = create_app(app_config(database_url))
    application.test_client_class = RequestPerContextClient
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()


@pytest.fixture
def engine_name(app: Flask) -> str:
    return db.engine.dialect.name


@pytest.fixture
def freeze_clock(app: Flask) -> Callable[[datetime], None]:
    """Pin the app's clock: freeze_clock(datetime(2026, 3, 5, 10, 0, tzinfo=timezone.utc))."""

    def freeze(moment: datetime) -> None:
        app.extensions[CLOCK_EXTENSION] = lambda: moment

    return freeze


CUSTOMER_DEFAULTS: dict[str, Any] = {
    "name": "Testbolaget AB",
    "org_number": "556677-8899",
    "country": "SE",
    "language": "sv",
    "currency": "SEK",
    "hourly_rate": "950.00",
    "monthly_fee": "1499.00",
}


def _org_numbers() -> Iterator[str]:
    for number in itertools.count(1_000_000):
        base = f"55{number:07d}"
        yield base + luhn.calc_check_digit(base)


_ORG_NUMBERS = _org_numbers()


#: The EUR rate an EUR customer made by `make_customer` finds on file (issuing needs one, docs/einvoice.md).
STANDING_RATE_DATE, STANDING_RATE = "2020-01-02", "11.4835"


@pytest.fixture
def make_customer(app: Flask) -> Callable[..., Customer]:
    """Factory: a new customer (unique valid org number) with the given terms."""

    def make(**overrides: Any) -> Customer:
        data = {**CUSTOMER_DEFAULTS, "org_number": next(_ORG_NUMBERS), **overrides}
        if data["currency"] != "SEK":  # finance has a rate on file, so the customer's invoices can be issued
            record_exchange_rate({"currency": data["currency"], "date": STANDING_RATE_DATE, "rate": STANDING_RATE},
                                 actor=Actor(None, "admin"))
        return create_customer(data, actor=Actor(None, "admin"))

    return make


@pytest.fixture
def make_user(app: Flask) -> Callable[..., Actor]:
    """Factory: a user with `role` (and customer), returned as an Actor."""
    counter = iter(range(1, 10_000))

    def make(role: str = "admin", customer_id: int | None = None, display_name: str | None = None) -> Actor:
        number = next(counter)
        user = create_user(f"{role}{number}@test.example", role, TEST_PASSWORD, customer_id=customer_id,
                           display_name=display_name or f"{PEOPLE[number % len(PEOPLE)]} {role.title()}{number}")
        return Actor.of(user)

    return make


@pytest.fixture
def api(app: Flask, client: FlaskClient, make_user: Callable[..., Actor]) -> Callable[..., "ApiCaller"]:
    """Factory: an API caller authenticated as a new user with `role`."""

    def make(role: str = "admin", customer_id: int | None = None) -> ApiCaller:
        actor = make_user(role, customer_id)
        return ApiCaller(client, issue_token(actor.email), actor)

    return make


class ApiCaller:
    """A test client that sends a bearer token with every request."""

    def __init__(self, client: FlaskClient, token: str, actor: Actor) -> None:
        self.client, self.token, self.actor = client, token, actor

    def _headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **(headers or {})}

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(path, headers=self._headers(kwargs.pop("headers", None)), **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        return self.client.post(path, json=json, headers=self._headers(kwargs.pop("headers", None)), **kwargs)

    def patch(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        return self.client.patch(path, json=json, headers=self._headers(kwargs.pop("headers", None)), **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Any:
        return self.client.delete(path, headers=self._headers(kwargs.pop("headers", None)), **kwargs)


def utc(*args: int) -> datetime:
    """A UTC moment: utc(2026, 3, 5, 10)."""
    return datetime(*args, tzinfo=timezone.utc)  # type: ignore[misc]
