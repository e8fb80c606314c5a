"""Migration 0019 on a database with issued invoices, payments and reminders: every row kept and still frozen,
earlier corrections read as reversals, and numbers unique per series from then on."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DatabaseError, IntegrityError

from tests.services.test_support_migration import CUSTOMER, INVOICE, LINE, migrate_to, url_at_0005  # noqa: F401 (fixture)

PAYMENT = ("INSERT INTO payments (id, source, import_key, invoice_id, customer_id, amount_minor, currency, paid_on, "
           "reason, created_at) VALUES (:id, :source, :key, 1, 1, :amount, 'SEK', '2026-11-20', :reason, "
           "'2026-11-20 09:00:00')")
PAYMENTS = "SELECT id, source, amount_minor, reason, kind, method FROM payments ORDER BY id"


def test_upgrading_keeps_invoices_payments_and_reminders_and_numbers_become_unique_per_series(url_at_0005):
    migrate_to(url_at_0005, "0018")
    engine = create_engine(url_at_0005)
    with engine.begin() as connection:
        connection.execute(text(CUSTOMER))
        connection.execute(text(INVOICE), {"id": 1, "kind": "invoice", "net": 149900, "credits": None,
                                           "period": "2026-10"})
        connection.execute(text(LINE), {"id": 1, "invoice": 1, "position": 1, "kind": "monthly_fee", "amount": 149900,
                                        "credits": None})
        connection.execute(text("UPDATE invoices SET status = 'issued', number = 1001, series = 'F', "
                                "ocr = '100164', due_date = '2026-12-02'"))
        connection.execute(text(PAYMENT), {"id": 1, "source": "bgmax", "key": "bgmax:1", "amount": 149900,
                                           "reason": None})
        connection.execute(text(PAYMENT), {"id": 2, "source": "manual", "key": None, "amount": -1000,
                                           "reason": "Dubbelregistrerad"})
        connection.execute(text("INSERT INTO payment_reminders (invoice_id, sequence, reminded_on, outstanding_minor, "
                                "created_at) VALUES (1, 1, '2026-12-03', 149900, '2026-12-03 06:00:00')"))
        invoices_before = connection.execute(text("SELECT id, number, series, to_pay_minor FROM invoices")).all()
    engine.dispose()

    migrate_to(url_at_0005, "head")

    engine = create_engine(url_at_0005)
    with engine.begin() as connection:
        invoices_after = connection.execute(text("SELECT id, number, series, to_pay_minor FROM invoices")).all()
        assert invoices_after == invoices_before
        assert connection.execute(text("SELECT origin FROM invoices")).scalar_one() == "run"
        assert connection.execute(text(PAYMENTS)).all() == [(1, "bgmax", 149900, None, "payment", "bankgiro"),
                                                             (2, "manual", -1000, "Dubbelregistrerad", "reversal", None)]
        assert connection.execute(text("SELECT fee_minor, sent_to FROM payment_reminders")).one() == (0, None)
        if engine.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        connection.execute(text(INVOICE), {"id": 2, "kind": "invoice", "net": 100, "credits": None,
                                           "period": "2026-11"})
        connection.execute(text("UPDATE invoices SET status = 'issued', number = 1001, series = 'G' WHERE id = 2"))
    for statement in ("UPDATE invoices SET buyer_name = 'Annan' WHERE id = 1", "UPDATE payments SET amount_minor = 0",
                      "DELETE FROM payment_reminders"):
        with pytest.raises(DatabaseError, match="never change|append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text(INVOICE), {"id": 3, "kind": "invoice", "net": 100, "credits": None,
                                           "period": "2026-12"})
        connection.execute(text("UPDATE invoices SET status = 'issued', number = 1001, series = 'F' WHERE id = 3"))
    engine.dispose()
