"""The migration that adds customers.search_text fills it for the customers a deployment already has."""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from ledger.config import MIGRATIONS_DIR
from ledger.domain.customers.search import search_text
from tests.conftest import PG_URL, _pg_schema_url
from tests.services.test_support_migration import migrate_to


def _revisions() -> tuple[str, str]:
    """(revision, down_revision) of the migration that adds search_text, whatever number it was given."""
    for path in sorted(Path(MIGRATIONS_DIR, "versions").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        if "add_column('customers', sa.Column('search_text'" in source:
            found = dict(re.findall(r"^(revision|down_revision) = '(\w+)'", source, re.M))
            return found["revision"], found["down_revision"]
    raise AssertionError("no migration adds customers.search_text")


@pytest.fixture(params=["sqlite", "postgresql"])
def url_before_search(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """An empty database of its own, migrated up to just before search_text."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'before.db'}"
    else:
        if not PG_URL:
            pytest.skip("TEST_DATABASE_URL is not set")
        schema = f"servicekonto_search_{os.getpid()}"
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
        url = _pg_schema_url(schema)
    migrate_to(url, _revisions()[1])
    yield url
    if request.param == "postgresql":
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin.dispose()


def test_customers_created_before_the_migration_are_found_without_accents(url_before_search):
    engine = create_engine(url_before_search)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO customers (id, name, org_number, country, language, currency, hourly_rate_minor, "
            "monthly_fee_minor, billing_increment_minutes, low_balance_minutes, status, created_at) VALUES "
            "(1, 'Fjällbacka Ærø AB', '556036-0793', 'SE', 'sv', 'SEK', 95000, 149900, 1, 120, 'active', "
            "'2026-10-01 09:00:00')"))
    engine.dispose()

    migrate_to(url_before_search, _revisions()[0])

    engine = create_engine(url_before_search)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT search_text FROM customers WHERE id = 1")).scalar_one()
    engine.dispose()
    assert stored == search_text("Fjällbacka Ærø AB", "556036-0793") == "fjallbacka aero ab\n5560360793"
