"""Payments: money received (BgMax or by hand), assignments of unmatched payments, reminders sent.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01

All three tables are append-only like the ledger: triggers refuse UPDATE and DELETE on both engines, and
TRUNCATE on PostgreSQL. A wrong payment is corrected by a negative one; a bank file imported twice finds every
payment's import key already stored.
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

APPEND_ONLY_TABLES = ('payments', 'payment_assignments', 'payment_reminders')
MINOR_UNITS = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def _sqlite_triggers(table):
    return (
        f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
           BEGIN SELECT RAISE(ABORT, '{table} is append-only: UPDATE refused'); END""",
        f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
           BEGIN SELECT RAISE(ABORT, '{table} is append-only: DELETE refused'); END""",
    )


POSTGRESQL_FUNCTION = """CREATE FUNCTION payments_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'raise_exception';
       END $$"""


def _postgresql_triggers(table):
    return (
        f"""CREATE TRIGGER {table}_no_update_delete BEFORE UPDATE OR DELETE ON {table}
           FOR EACH ROW EXECUTE FUNCTION payments_append_only()""",
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
           FOR EACH STATEMENT EXECUTE FUNCTION payments_append_only()""",
    )


def _create_tables():
    op.create_table('payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('import_key', sa.String(length=120), nullable=True),
    sa.Column('invoice_id', sa.Integer(), nullable=True),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('amount_minor', MINOR_UNITS, nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('reference', sa.String(length=100), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('unmatched_code', sa.String(length=40), nullable=True),
    sa.Column('unmatched_params', sa.Text(), nullable=True),
    sa.Column('sender_bankgiro', sa.String(length=10), nullable=True),
    sa.Column('payer_name', sa.String(length=80), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.CheckConstraint("source IN ('bgmax', 'manual')", name=op.f('ck_payments_source')),
    sa.CheckConstraint("source <> 'bgmax' OR import_key IS NOT NULL", name=op.f('ck_payments_bank_payment_keyed')),
    sa.CheckConstraint("source <> 'manual' OR (invoice_id IS NOT NULL AND reason IS NOT NULL)",
                       name=op.f('ck_payments_manual_reason')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_payments_created_by_users')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_payments_customer_id_customers')),
    sa.ForeignKeyConstraint(['invoice_id'], ['invoices.id'], name=op.f('fk_payments_invoice_id_invoices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payments')),
    sa.UniqueConstraint('import_key', name=op.f('uq_payments_import_key'))
    )
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payments_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payments_invoice_id'), ['invoice_id'], unique=False)

    op.create_table('payment_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('assigned_at', sa.DateTime(), nullable=False),
    sa.Column('assigned_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['assigned_by'], ['users.id'], name=op.f('fk_payment_assignments_assigned_by_users')),
    sa.ForeignKeyConstraint(['invoice_id'], ['invoices.id'], name=op.f('fk_payment_assignments_invoice_id_invoices')),
    sa.ForeignKeyConstraint(['payment_id'], ['payments.id'], name=op.f('fk_payment_assignments_payment_id_payments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_assignments')),
    sa.UniqueConstraint('payment_id', name=op.f('uq_payment_assignments_payment_id'))
    )
    with op.batch_alter_table('payment_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_assignments_invoice_id'), ['invoice_id'], unique=False)

    op.create_table('payment_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('reminded_on', sa.Date(), nullable=False),
    sa.Column('outstanding_minor', MINOR_UNITS, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['invoice_id'], ['invoices.id'], name=op.f('fk_payment_reminders_invoice_id_invoices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_reminders')),
    sa.UniqueConstraint('invoice_id', 'sequence', name=op.f('uq_payment_reminders_invoice_id_sequence'))
    )


def upgrade():
    _create_tables()
    if op.get_bind().dialect.name == "sqlite":
        for table in APPEND_ONLY_TABLES:
            for statement in _sqlite_triggers(table):
                op.execute(statement)
    else:
        op.execute(POSTGRESQL_FUNCTION)
        for table in APPEND_ONLY_TABLES:
            for statement in _postgresql_triggers(table):
                op.execute(statement)


def downgrade():
    # Dropping a table drops its triggers on both engines; the function goes after them.
    for table in reversed(APPEND_ONLY_TABLES):
        op.drop_table(table)
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP FUNCTION payments_append_only()")
