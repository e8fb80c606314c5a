"""Cases get an owner, and their events the kinds a support desk writes: internal notes, assignment, escalation
and the reminder sent while a case waits on the customer.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06

cases gains assignee_id (ADD COLUMN on both engines: no rebuild, the cases table has no triggers). The kind CHECK
of case_events is widened; on SQLite a CHECK only changes by rebuilding the table, so its own DDL, indexes and
append-only triggers are read back and replayed around a copy of the rows in id order (as 0007 did for
invoice_lines). An automatic resolution is a `resolved` event without an actor, not a kind of its own.
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

KINDS_BEFORE = "kind IN ('opened', 'responded', 'customer_replied', 'status', 'severity', 'resolved', 'reopened')"
KINDS = ("kind IN ('opened', 'responded', 'customer_replied', 'status', 'severity', 'resolved', 'reopened', "
         "'note', 'assigned', 'escalated', 'reminded')")


def _rebuild_sqlite_case_events(before: str, after: str) -> None:
    connection = op.get_bind()
    table_sql = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'case_events'").scalar_one()
    if table_sql.count(before) != 1:
        raise RuntimeError("case_events has an unexpected kind CHECK; change it by hand before migrating")
    companions = [sql for (sql,) in connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'case_events' AND type IN ('index', 'trigger') "
        "AND sql IS NOT NULL ORDER BY type, name")]
    op.execute("ALTER TABLE case_events RENAME TO case_events_before_0015")
    op.execute(table_sql.replace(before, after))
    op.execute("INSERT INTO case_events SELECT * FROM case_events_before_0015 ORDER BY id")
    op.execute("DROP TABLE case_events_before_0015")
    for statement in companions:
        op.execute(statement)


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE cases ADD COLUMN assignee_id INTEGER "
                   "CONSTRAINT fk_cases_assignee_id_users REFERENCES users (id)")
        _rebuild_sqlite_case_events(KINDS_BEFORE, KINDS)
    else:
        op.add_column('cases', sa.Column('assignee_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_cases_assignee_id_users'), 'cases', 'users', ['assignee_id'], ['id'])
        op.drop_constraint(op.f('ck_case_events_kind'), 'case_events', type_='check')
        op.create_check_constraint(op.f('ck_case_events_kind'), 'case_events', KINDS)
    op.create_index('ix_cases_assignee_status', 'cases', ['assignee_id', 'status'], unique=False)


def downgrade():
    op.drop_index('ix_cases_assignee_status', table_name='cases')
    if op.get_bind().dialect.name == "sqlite":
        raise NotImplementedError(
            "Downgrading below 0015 on SQLite would rebuild case_events with its append-only triggers; restore a "
            "backup taken with `flask ledger backup` instead."
        )
    op.drop_constraint(op.f('ck_case_events_kind'), 'case_events', type_='check')
    op.create_check_constraint(op.f('ck_case_events_kind'), 'case_events', KINDS_BEFORE)
    op.drop_constraint(op.f('fk_cases_assignee_id_users'), 'cases', type_='foreignkey')
    op.drop_column('cases', 'assignee_id')
