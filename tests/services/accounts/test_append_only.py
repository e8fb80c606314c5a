"""L1: ledger entries are never updated or deleted; the database itself refuses it."""
import pytest
from sqlalchemy.exc import DatabaseError

from ledger.services.access import SYSTEM
from ledger.services.accounts.hours import record_purchase
from tests.services.helpers import run_sql


@pytest.fixture
def entry_id(make_customer):
    customer = make_customer()
    return record_purchase(customer.id, 600, "9000.00", actor=SYSTEM).entry.id


def test_raw_sql_update_of_an_entry_is_refused_by_the_database(entry_id):
    with pytest.raises(DatabaseError, match="append-only"):
        run_sql("UPDATE ledger_entries SET minutes = 6000 WHERE id = :id", id=entry_id)


def test_raw_sql_delete_of_an_entry_is_refused_by_the_database(entry_id):
    with pytest.raises(DatabaseError, match="append-only"):
        run_sql("DELETE FROM ledger_entries WHERE id = :id", id=entry_id)


def test_truncating_the_ledger_is_refused_on_postgresql(entry_id, engine_name):
    if engine_name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; DELETE is covered above")
    with pytest.raises(DatabaseError, match="append-only"):
        run_sql("TRUNCATE ledger_entries CASCADE")
