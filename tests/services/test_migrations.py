"""The schema comes only from migrations: they match the models and keep the ledger append-only."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from ledger.extensions import db


def test_the_migrated_schema_matches_the_models(app):
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), db.metadata)
    assert differences == []


def test_the_append_only_triggers_survive_every_migration(app, engine_name):
    with db.engine.connect() as connection:
        if engine_name == "sqlite":
            names = {row[0] for row in connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
            assert {"ledger_entries_no_update", "ledger_entries_no_delete"} <= names
        else:
            names = {row[0] for row in connection.exec_driver_sql(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'ledger_entries'::regclass AND NOT tgisinternal")}
            assert {"ledger_entries_no_update_delete", "ledger_entries_no_truncate"} <= names
    assert "task_id" in {column["name"] for column in inspect(db.engine).get_columns("ledger_entries")}
