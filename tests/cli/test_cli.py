"""`flask …` commands as an operator runs them."""
import sqlite3

import pytest

from ledger.extensions import db
from ledger.models import Customer, LedgerEntry, Task, User
from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_purchase
from ledger.services.work.rules import active_catalogue
from tests.services.helpers import debit, run_sql


def test_users_create_reads_the_password_from_stdin(runner):
    result = runner.invoke(args=["users", "create", "Ops@Example.se", "--role", "staff", "--name", "Olle Ops"], input="a long passphrase\n")
    assert result.exit_code == 0, result.output
    assert "Created staff ops@example.se" in result.output
    user = db.session.query(User).filter_by(email="ops@example.se").one()
    assert user.password_hash.startswith("scrypt:") and "a long passphrase" not in user.password_hash


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["users", "create", "a@example.se", "--role", "staff", "--name", "Olle Ops"], "short\n", "at least 10 characters"),
        (["users", "create", "a@example.se", "--role", "customer", "--name", "Kim Kund"], "a long passphrase\n", "--customer ID"),
        (["users", "create", "a@example.se", "--role", "customer", "--name", "Kim Kund", "--customer", "99"], "a long passphrase\n", "Customer 99 does not exist"),
        (["users", "create", "not-an-email", "--role", "staff", "--name", "Olle Ops"], "a long passphrase\n", "is not an e-mail address"),
    ],
)
def test_users_create_refuses_bad_input_with_a_clear_message(runner, args, password, message):
    result = runner.invoke(args=args, input=password)
    assert result.exit_code != 0
    assert message in result.output
    assert db.session.query(User).count() == 0


def test_users_token_prints_a_token_that_opens_the_api(runner, client):
    runner.invoke(args=["users", "create", "fin@example.se", "--role", "finance", "--name", "Fia Finans"], input="a long passphrase\n")
    token = runner.invoke(args=["users", "token", "fin@example.se"]).output.strip()
    assert token.startswith("sk_")
    assert client.get("/api/v1/customers", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert runner.invoke(args=["users", "token", "nobody@example.se"]).exit_code != 0


def test_demo_loads_customers_users_and_purchases_once(runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    counts = (db.session.query(Customer).count(), db.session.query(User).count(), db.session.query(LedgerEntry).count())
    assert counts[0] >= 5 and counts[1] >= 4 and counts[2] >= 5
    assert {c.country for c in db.session.query(Customer)} >= {"SE", "DE", "NO"}
    assert {t.category for t in db.session.query(Task)} == set(active_catalogue().categories)
    assert {t.status for t in db.session.query(Task)} == {"booked", "needs_review"}
    assert runner.invoke(args=["ledger", "verify"]).exit_code == 0
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0 and "already there" in again.output
    db.session.rollback()
    assert (db.session.query(Customer).count(), db.session.query(User).count(), db.session.query(LedgerEntry).count()) == counts


def test_ledger_verify_passes_a_sound_ledger_and_names_a_tampered_entry(runner, make_customer):
    customer = make_customer()
    record_purchase(customer.id, 600, "9000.00", actor=SYSTEM)
    entry = debit(customer.id, 45, "work", actor=SYSTEM).entry
    ok = runner.invoke(args=["ledger", "verify"])
    assert ok.exit_code == 0 and "OK: 1 accounts, 2 entries verified." in ok.output
    run_sql("UPDATE ledger_entries SET memo = 'nothing to see' WHERE id = :id", bypass_triggers=True, id=entry.id)
    broken = runner.invoke(args=["ledger", "verify"])
    assert broken.exit_code == 1
    assert f"BROKEN entry {entry.id} (account {customer.account.id}, seq 2): hash mismatch" in broken.output


def test_ledger_backup_writes_a_consistent_copy_of_the_sqlite_database(runner, make_customer, engine_name, tmp_path):
    customer = make_customer()
    record_purchase(customer.id, 600, "9000.00", actor=SYSTEM)
    target = tmp_path / "backups" / "servicekonto.db"
    result = runner.invoke(args=["ledger", "backup", str(target)])
    if engine_name == "postgresql":
        assert result.exit_code != 0 and "pg_dump" in result.output
        return
    assert result.exit_code == 0, result.output
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT kind, minutes FROM ledger_entries").fetchall() == [("purchase", 600)]
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    copy.close()
    again = runner.invoke(args=["ledger", "backup", str(target)])
    assert again.exit_code != 0 and "already exists" in again.output
