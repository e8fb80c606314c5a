"""Migration 0021 on a database with issued invoices, a credit note and an agreement line: every row kept and still
frozen, and from then on a second credit note of the same invoice and line, and a line period, are stored."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DatabaseError, IntegrityError

from tests.services.test_support_migration import CUSTOMER, INVOICE, LINE, migrate_to, url_at_0005  # noqa: F401 (fixture)

INVOICES = "SELECT id, kind, number, series, credited_invoice_id, to_pay_minor FROM invoices ORDER BY id"
#: An invoice of the month made anew after invoice 1 was credited in full.
REPLACING = (INVOICE.replace("credited_invoice_id, created_at)", "credited_invoice_id, replaces_invoice_id, created_at)")
             .replace(":credits, '2026-11-02", ":credits, 1, '2026-11-02"))
LINES = ("SELECT id, invoice_id, position, kind, amount_minor, credits_line_id, agreement_id FROM invoice_lines "
         "ORDER BY id")


def test_upgrading_keeps_issued_invoices_frozen_and_lets_an_invoice_be_credited_twice(url_at_0005):
    migrate_to(url_at_0005, "0020")
    engine = create_engine(url_at_0005)
    with engine.begin() as connection:
        connection.execute(text(CUSTOMER))
        connection.execute(text(
            "INSERT INTO agreements (id, customer_id, kind, variant, licence_reference, starts_on, ends_on, "
            "price_minor, currency, created_at) VALUES (1, 1, 'maintenance', 'site', 'VC-1', '2026-10-06', "
            "'2027-10-05', 3000000, 'SEK', '2026-10-06 09:00:00')"))
        connection.execute(text(INVOICE), {"id": 1, "kind": "invoice", "net": 3149900, "credits": None,
                                           "period": "2026-10"})
        connection.execute(text(LINE), {"id": 1, "invoice": 1, "position": 1, "kind": "monthly_fee", "amount": 149900,
                                        "credits": None})
        connection.execute(text(LINE), {"id": 2, "invoice": 1, "position": 2, "kind": "agreement", "amount": 3000000,
                                        "credits": None})
        connection.execute(text("UPDATE invoice_lines SET agreement_id = 1 WHERE id = 2"))
        connection.execute(text(INVOICE), {"id": 2, "kind": "credit_note", "net": -50000, "credits": 1,
                                           "period": "2026-10"})
        connection.execute(text(LINE), {"id": 3, "invoice": 2, "position": 1, "kind": "monthly_fee", "amount": -50000,
                                        "credits": 1})
        connection.execute(text("UPDATE invoices SET status = 'issued', number = 1000 + id, series = 'F'"))
        invoices_before, lines_before = (connection.execute(text(INVOICES)).all(),
                                         connection.execute(text(LINES)).all())
    engine.dispose()

    migrate_to(url_at_0005, "head")

    engine = create_engine(url_at_0005)
    with engine.begin() as connection:
        assert connection.execute(text(INVOICES)).all() == invoices_before
        assert connection.execute(text(LINES)).all() == lines_before
        assert connection.execute(text("SELECT period_start, period_end FROM invoice_lines")).all() == [
            (None, None)] * 3, "existing lines stay without a period"
        if engine.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        # a second part credit of the same invoice and line, and a re-invoice carrying the agreement again
        connection.execute(text(INVOICE), {"id": 3, "kind": "credit_note", "net": -40000, "credits": 1,
                                           "period": "2026-10"})
        connection.execute(text(LINE), {"id": 4, "invoice": 3, "position": 1, "kind": "monthly_fee", "amount": -40000,
                                        "credits": 1})
        connection.execute(text(REPLACING), {"id": 4, "kind": "invoice", "net": 3000000, "credits": None,
                                             "period": "2026-10"})
        connection.execute(text(LINE), {"id": 5, "invoice": 4, "position": 1, "kind": "agreement", "amount": 3000000,
                                        "credits": None})
        connection.execute(text("UPDATE invoice_lines SET agreement_id = 1, period_start = '2026-10-06', "
                                "period_end = '2027-10-05' WHERE id = 5"))
        connection.execute(text("UPDATE invoices SET status = 'issued', number = 1000 + id, series = 'F' "
                                "WHERE id IN (3, 4)"))
    for statement in ("UPDATE invoices SET buyer_name = 'Annan' WHERE id = 1", "DELETE FROM invoices WHERE id = 2",
                      "UPDATE invoice_lines SET amount_minor = 0 WHERE id = 4",
                      "UPDATE invoice_lines SET period_end = '2028-01-01' WHERE id = 5",
                      "DELETE FROM invoice_lines WHERE id = 1"):
        with pytest.raises(DatabaseError, match="never change"), engine.begin() as connection:
            connection.execute(text(statement))
    with pytest.raises(IntegrityError), engine.begin() as connection:  # a credited invoice is replaced once
        connection.execute(text(REPLACING), {"id": 5, "kind": "invoice", "net": 100, "credits": None,
                                             "period": "2026-10"})
    engine.dispose()
