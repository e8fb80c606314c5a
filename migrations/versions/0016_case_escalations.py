"""Running a support team: escalation marks, waiting reminders, and the assignee an `assigned` event names.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06

case_escalations and case_waiting_reminders are append-only marks, protected like case_events (UPDATE and DELETE
refused on both engines, TRUNCATE on PostgreSQL); their unique keys make "one escalation per case, target and
level" and "one reminder per waiting spell" hold however many jobs run at once. case_events gains assignee_id by
ADD COLUMN only, so its CHECK, triggers and rows stay as 0015 left them.

The targets already warned about by the SLA warnings this replaces (outbox dedupe keys
sla-warning:<case>:<target>:<level>:<user>) are marked escalated, so the upgrade mails nobody a second time.
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

MARK_TABLES = ("case_escalations", "case_waiting_reminders")
TARGETS = ("first_response", "resolution")
LEVELS = ("at_risk", "breached")


def _sqlite_triggers(table):
    return (
        f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} is append-only: UPDATE refused'); END""",
        f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} is append-only: DELETE refused'); END""",
    )


def _postgresql_triggers(table):
    return (
        f"""CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION '{table} is append-only: % refused', TG_OP USING ERRCODE = 'raise_exception';
            END $$""",
        f"""CREATE TRIGGER {table}_no_update_delete BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {table}_append_only()""",
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()""",
    )


def _mark_warned_targets():
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        "SELECT dedupe_key, created_at FROM outbox WHERE dedupe_key LIKE 'sla-warning:%' ORDER BY created_at, id"))
    first_warned = {}
    for key, created_at in rows:
        parts = key.split(":")
        if len(parts) >= 4 and parts[1].isdigit() and parts[2] in TARGETS and parts[3] in LEVELS:
            first_warned.setdefault((int(parts[1]), parts[2], parts[3]), created_at)
    for (case_id, target, level), created_at in first_warned.items():
        connection.execute(sa.text(
            "INSERT INTO case_escalations (case_id, target, level, escalated_at) "
            "SELECT id, :target, :level, :at FROM cases WHERE id = :case_id"),
            {"case_id": case_id, "target": target, "level": level, "at": created_at})


def upgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("ALTER TABLE case_events ADD COLUMN assignee_id INTEGER "
                   "CONSTRAINT fk_case_events_assignee_id_users REFERENCES users (id)")
    else:
        op.add_column('case_events', sa.Column('assignee_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_case_events_assignee_id_users'), 'case_events', 'users', ['assignee_id'],
                              ['id'])
    op.create_table('case_escalations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('target', sa.String(length=16), nullable=False),
    sa.Column('level', sa.String(length=8), nullable=False),
    sa.Column('escalated_at', sa.DateTime(), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("level IN ('at_risk', 'breached')", name=op.f('ck_case_escalations_level')),
    sa.CheckConstraint("target IN ('first_response', 'resolution')", name=op.f('ck_case_escalations_target')),
    sa.ForeignKeyConstraint(['assignee_id'], ['users.id'], name=op.f('fk_case_escalations_assignee_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_escalations_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_escalations')),
    sa.UniqueConstraint('case_id', 'target', 'level', name=op.f('uq_case_escalations_case_id_target_level'))
    )
    op.create_table('case_waiting_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('waiting_event_seq', sa.Integer(), nullable=False),
    sa.Column('reminded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_waiting_reminders_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_waiting_reminders')),
    sa.UniqueConstraint('case_id', 'waiting_event_seq', name=op.f('uq_case_waiting_reminders_case_id_waiting_event_seq'))
    )
    _mark_warned_targets()
    for table in MARK_TABLES:
        for statement in _sqlite_triggers(table) if sqlite else _postgresql_triggers(table):
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        raise NotImplementedError(
            "Downgrading below 0016 on SQLite would drop append-only tables; restore a backup taken with "
            "`flask ledger backup` instead."
        )
    for table in MARK_TABLES:
        op.execute(f"DROP TRIGGER {table}_no_truncate ON {table}")
        op.execute(f"DROP TRIGGER {table}_no_update_delete ON {table}")
        op.execute(f"DROP FUNCTION {table}_append_only()")
    op.drop_table('case_waiting_reminders')
    op.drop_table('case_escalations')
    op.drop_constraint(op.f('fk_case_events_assignee_id_users'), 'case_events', type_='foreignkey')
    op.drop_column('case_events', 'assignee_id')
