"""Migration 0007 on a database with issued invoices and credit notes: every line kept, still frozen."""
from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DatabaseError

from ledger import create_app
from ledger.extensions import db
from tests.conftest import PG_URL, _pg_schema_url, app_config

#: Customer 1 as every migration test inserts it, in the columns every revision since 0005 has.
CUSTOMER = ("INSERT INTO customers (id, name, org_number, country, language, currency, hourly_rate_minor, "
            "monthly_fee_minor, billing_increment_minutes, low_balance_minutes, status, created_at) VALUES "
            "(1, 'Kund AB', '556677-8899', 'SE', 'sv', 'SEK', 95000, 149900, 1, 120, 'active', '2026-10-01 09:00:00')")
LINES = "SELECT id, invoice_id, position, kind, amount_minor, credits_line_id FROM invoice_lines ORDER BY id"
INVOICE = ("INSERT INTO invoices (id, customer_id, kind, status, period, currency, language, period_start, period_end, "
           "buyer_name, buyer_org_number, buyer_country, vat_code, vat_rate_bp, net_minor, vat_minor, total_minor, "
           "rounding_minor, to_pay_minor, balance_at_period_end_minutes, credited_invoice_id, created_at) VALUES "
           "(:id, 1, :kind, 'draft', :period, 'SEK', 'sv', '2026-10-01', '2026-10-31', 'Kund AB', '556677-8899', "
           "'SE', 'standard', 2500, :net, 0, :net, 0, :net, 0, :credits, '2026-11-02 09:00:00')")
LINE = ("INSERT INTO invoice_lines (id, invoice_id, position, kind, description_sv, description_en, unit_price_minor, "
        "amount_minor, credits_line_id) VALUES (:id, :invoice, :position, :kind, 'Rad', 'Line', :amount, :amount, "
        ":credits)")


@pytest.fixture(params=["sqlite", "postgresql"])
def url_at_0005(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """An empty database of its own, migrated up to 0005 (before support)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'before.db'}"
    else:
        if not PG_URL:
            pytest.skip("TEST_DATABASE_URL is not set")
        schema = f"servicekonto_migration_{os.getpid()}"
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
        url = _pg_schema_url(schema)
    migrate_to(url, "0005")
    yield url
    if request.param == "postgresql":
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin.dispose()


def migrate_to(url: str, revision: str) -> None:
    app = create_app(app_config(url))
    with app.app_context():
        upgrade(revision=revision)
        db.engine.dispose()


def test_upgrading_keeps_every_invoice_line_and_the_freeze_on_issued_ones(url_at_0005):
    engine = create_engine(url_at_0005)
    with engine.begin() as connection:
        connection.execute(text(CUSTOMER))
        connection.execute(text(INVOICE), {"id": 1, "kind": "invoice", "net": 149900, "credits": None,
                                           "period": "2026-10"})
        connection.execute(text(LINE), {"id": 1, "invoice": 1, "position": 1, "kind": "monthly_fee", "amount": 149900,
                                        "credits": None})
        connection.execute(text(INVOICE), {"id": 2, "kind": "credit_note", "net": -149900, "credits": 1,
                                           "period": "2026-10"})
        connection.execute(text(LINE), {"id": 2, "invoice": 2, "position": 1, "kind": "monthly_fee",
                                        "amount": -149900, "credits": 1})
        connection.execute(text("UPDATE invoices SET status = 'issued', number = 1000 + id, series = 'F'"))
        before = connection.execute(text(LINES)).all()
    engine.dispose()

    migrate_to(url_at_0005, "head")

    engine = create_engine(url_at_0005)
    with engine.connect() as connection:
        assert connection.execute(text(LINES)).all() == before
        if engine.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    for statement in ("UPDATE invoice_lines SET amount_minor = 0 WHERE id = 1", "DELETE FROM invoice_lines WHERE id = 2"):
        with pytest.raises(DatabaseError, match="issued invoices never change"):
            with engine.begin() as connection:
                connection.execute(text(statement))
    with engine.begin() as connection:
        connection.execute(text(INVOICE), {"id": 3, "kind": "invoice", "net": 0, "credits": None, "period": "2026-11"})
        connection.execute(text(LINE), {"id": 3, "invoice": 3, "position": 1, "kind": "agreement", "amount": 0,
                                        "credits": None})
    engine.dispose()
