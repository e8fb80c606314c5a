"""Support: contacts, agreements, cases with append-only events, tasks on a case, agreement invoice lines.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

case_events is append-only like the ledger: triggers refuse UPDATE and DELETE on both engines, and
TRUNCATE on PostgreSQL. tasks gains case_id with ADD COLUMN only (as in 0002). invoice_lines gains
agreement_id and the line kind 'agreement'; on SQLite a CHECK can only change by rebuilding the table,
which is done by hand from the table's own DDL so that existing credit lines keep pointing at their
originals and its index and issued-invoice triggers come back as they were.
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

LINE_KINDS_BEFORE = "kind IN ('monthly_fee', 'hour_package', 'hours_owed')"
LINE_KINDS = "kind IN ('monthly_fee', 'hour_package', 'hours_owed', 'agreement')"

SQLITE_EVENT_TRIGGERS = (
    """CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
       BEGIN SELECT RAISE(ABORT, 'case_events is append-only: UPDATE refused'); END""",
    """CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
       BEGIN SELECT RAISE(ABORT, 'case_events is append-only: DELETE refused'); END""",
)

POSTGRESQL_EVENT_TRIGGERS = (
    """CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'case_events is append-only: % refused', TG_OP USING ERRCODE = 'raise_exception';
       END $$""",
    """CREATE TRIGGER case_events_no_update_delete BEFORE UPDATE OR DELETE ON case_events
       FOR EACH ROW EXECUTE FUNCTION case_events_append_only()""",
    """CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events
       FOR EACH STATEMENT EXECUTE FUNCTION case_events_append_only()""",
)

def _create_support_tables():
    op.create_table('contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('removed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_contacts_customer_id_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contacts'))
    )
    op.create_index(op.f('ix_contacts_customer_id'), 'contacts', ['customer_id'], unique=False)

    op.create_table('agreements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('plan', sa.String(length=32), nullable=True),
    sa.Column('variant', sa.String(length=32), nullable=True),
    sa.Column('licence_reference', sa.String(length=100), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('price_minor', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('renews_agreement_id', sa.Integer(), nullable=True),
    sa.Column('renewal_notice_queued_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('support_plan', 'maintenance')", name=op.f('ck_agreements_kind')),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_agreements_period')),
    sa.CheckConstraint('price_minor >= 0', name=op.f('ck_agreements_price_not_negative')),
    sa.CheckConstraint("kind <> 'support_plan' OR plan IS NOT NULL", name=op.f('ck_agreements_support_plan_has_plan')),
    sa.CheckConstraint("kind <> 'maintenance' OR variant IS NOT NULL", name=op.f('ck_agreements_maintenance_has_variant')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_agreements_created_by_users')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_agreements_customer_id_customers')),
    sa.ForeignKeyConstraint(['renews_agreement_id'], ['agreements.id'], name=op.f('fk_agreements_renews_agreement_id_agreements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreements'))
    )
    op.create_index('ix_agreements_customer_kind_starts', 'agreements', ['customer_id', 'kind', 'starts_on'], unique=False)

    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('plan', sa.String(length=32), nullable=False),
    sa.Column('severity', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('reporter_contact_id', sa.Integer(), nullable=True),
    sa.Column('over_quota', sa.Boolean(), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('opened_by', sa.Integer(), nullable=True),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('last_event_seq', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('open', 'waiting_on_customer', 'resolved', 'closed')", name=op.f('ck_cases_status')),
    sa.CheckConstraint('severity BETWEEN 1 AND 4', name=op.f('ck_cases_severity')),
    sa.CheckConstraint("channel IN ('email', 'chat', 'phone', 'remote')", name=op.f('ck_cases_channel')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_cases_customer_id_customers')),
    sa.ForeignKeyConstraint(['opened_by'], ['users.id'], name=op.f('fk_cases_opened_by_users')),
    sa.ForeignKeyConstraint(['reporter_contact_id'], ['contacts.id'], name=op.f('fk_cases_reporter_contact_id_contacts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases'))
    )
    op.create_index('ix_cases_customer_opened', 'cases', ['customer_id', 'opened_at'], unique=False)
    op.create_index('ix_cases_status', 'cases', ['status'], unique=False)

    op.create_table('case_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('severity', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=24), nullable=True),
    sa.Column('message', sa.Text(), nullable=True),
    sa.CheckConstraint("kind IN ('opened', 'responded', 'customer_replied', 'status', 'severity', 'resolved', 'reopened')", name=op.f('ck_case_events_kind')),
    sa.CheckConstraint('seq >= 1', name=op.f('ck_case_events_seq_positive')),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_case_events_actor_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_events_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_events')),
    sa.UniqueConstraint('case_id', 'seq', name=op.f('uq_case_events_case_id_seq'))
    )


def _rebuild_sqlite_invoice_lines():
    """Widen the kind CHECK on SQLite, which can only change by rebuilding the table. The table's own DDL,
    indexes and triggers are read back and replayed (so columns, indexes or triggers another migration added
    survive), the rows copied in id order so that a credit line's original is there when it is checked."""
    connection = op.get_bind()
    table_sql = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'invoice_lines'").scalar_one()
    if table_sql.count(LINE_KINDS_BEFORE) != 1:
        raise RuntimeError("invoice_lines has an unexpected kind CHECK; widen it by hand before upgrading")
    companions = [sql for (sql,) in connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'invoice_lines' AND type IN ('index', 'trigger') "
        "AND sql IS NOT NULL ORDER BY type, name")]
    op.execute("ALTER TABLE invoice_lines RENAME TO invoice_lines_before_0007")
    op.execute(table_sql.replace(LINE_KINDS_BEFORE, LINE_KINDS))
    op.execute("INSERT INTO invoice_lines SELECT * FROM invoice_lines_before_0007 ORDER BY id")
    op.execute("DROP TABLE invoice_lines_before_0007")
    for statement in companions:
        op.execute(statement)
    op.execute("ALTER TABLE invoice_lines ADD COLUMN agreement_id INTEGER REFERENCES agreements (id)")


def upgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    _create_support_tables()
    if sqlite:
        op.execute("ALTER TABLE tasks ADD COLUMN case_id INTEGER REFERENCES cases (id)")
        _rebuild_sqlite_invoice_lines()
    else:
        op.add_column('tasks', sa.Column('case_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_tasks_case_id_cases'), 'tasks', 'cases', ['case_id'], ['id'])
        op.add_column('invoice_lines', sa.Column('agreement_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_invoice_lines_agreement_id_agreements'), 'invoice_lines', 'agreements',
                              ['agreement_id'], ['id'])
        op.drop_constraint(op.f('ck_invoice_lines_kind'), 'invoice_lines', type_='check')
        op.create_check_constraint(op.f('ck_invoice_lines_kind'), 'invoice_lines', LINE_KINDS)
    op.create_index(op.f('ix_tasks_case_id'), 'tasks', ['case_id'], unique=False)
    op.create_index('uq_invoice_lines_agreement_id', 'invoice_lines', ['agreement_id'], unique=True)
    for statement in SQLITE_EVENT_TRIGGERS if sqlite else POSTGRESQL_EVENT_TRIGGERS:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        raise NotImplementedError(
            "Downgrading below 0007 on SQLite would rebuild tables with append-only triggers; restore a backup "
            "taken with `flask ledger backup` instead."
        )
    op.execute("DROP TRIGGER case_events_no_truncate ON case_events")
    op.execute("DROP TRIGGER case_events_no_update_delete ON case_events")
    op.execute("DROP FUNCTION case_events_append_only()")
    op.drop_index('uq_invoice_lines_agreement_id', table_name='invoice_lines')
    op.drop_constraint(op.f('ck_invoice_lines_kind'), 'invoice_lines', type_='check')
    op.create_check_constraint(op.f('ck_invoice_lines_kind'), 'invoice_lines', LINE_KINDS_BEFORE)
    op.drop_constraint(op.f('fk_invoice_lines_agreement_id_agreements'), 'invoice_lines', type_='foreignkey')
    op.drop_column('invoice_lines', 'agreement_id')
    op.drop_index(op.f('ix_tasks_case_id'), table_name='tasks')
    op.drop_constraint(op.f('fk_tasks_case_id_cases'), 'tasks', type_='foreignkey')
    op.drop_column('tasks', 'case_id')
    op.drop_table('case_events')
    op.drop_index('ix_cases_status', table_name='cases')
    op.drop_index('ix_cases_customer_opened', table_name='cases')
    op.drop_table('cases')
    op.drop_index('ix_agreements_customer_kind_starts', table_name='agreements')
    op.drop_table('agreements')
    op.drop_index(op.f('ix_contacts_customer_id'), table_name='contacts')
    op.drop_table('contacts')
