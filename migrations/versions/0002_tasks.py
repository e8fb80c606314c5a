"""Tasks, their decision history, customer notices, and the task reference on ledger entries.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

ledger_entries gains task_id with ADD COLUMN only: on SQLite a batch "copy and move" would
rebuild the table and lose its append-only triggers, so the column is added in place there.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('work_date', sa.Date(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('billed_minutes', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=64), nullable=False),
    sa.Column('root_cause', sa.String(length=32), nullable=True),
    sa.Column('partner_new_major_version', sa.Boolean(), nullable=True),
    sa.Column('agreement_reference', sa.String(length=100), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('rule_id', sa.String(length=100), nullable=False),
    sa.Column('catalogue_id', sa.String(length=64), nullable=False),
    sa.Column('catalogue_version', sa.String(length=32), nullable=False),
    sa.Column('reason_sv', sa.Text(), nullable=False),
    sa.Column('reason_en', sa.Text(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("outcome IN ('included', 'debited', 'needs_review')", name=op.f('ck_tasks_outcome')),
    sa.CheckConstraint("status IN ('booked', 'needs_review', 'voided')", name=op.f('ck_tasks_status')),
    sa.CheckConstraint('billed_minutes >= 0', name=op.f('ck_tasks_billed_minutes')),
    sa.CheckConstraint('minutes BETWEEN 1 AND 1440', name=op.f('ck_tasks_minutes')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_tasks_created_by_users')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_tasks_customer_id_customers')),
    sa.ForeignKeyConstraint(['entry_id'], ['ledger_entries.id'], name=op.f('fk_tasks_entry_id_ledger_entries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks'))
    )
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index('ix_tasks_customer_work_date', ['customer_id', 'work_date'], unique=False)
        batch_op.create_index('ix_tasks_status', ['status'], unique=False)

    op.create_table('notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('balance_minutes', sa.Integer(), nullable=False),
    sa.Column('threshold_minutes', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_notices_customer_id_customers')),
    sa.ForeignKeyConstraint(['entry_id'], ['ledger_entries.id'], name=op.f('fk_notices_entry_id_ledger_entries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notices'))
    )
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.create_index('ix_notices_customer_open', ['customer_id', 'resolved_at'], unique=False)

    op.create_table('task_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('rule_id', sa.String(length=100), nullable=False),
    sa.Column('catalogue_id', sa.String(length=64), nullable=False),
    sa.Column('catalogue_version', sa.String(length=32), nullable=False),
    sa.Column('reason_sv', sa.Text(), nullable=False),
    sa.Column('reason_en', sa.Text(), nullable=False),
    sa.Column('overridden_rule_id', sa.String(length=100), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("action IN ('classified', 'resolved', 'overridden', 'voided')", name=op.f('ck_task_decisions_action')),
    sa.CheckConstraint("outcome IN ('included', 'debited', 'needs_review')", name=op.f('ck_task_decisions_outcome')),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_task_decisions_actor_id_users')),
    sa.ForeignKeyConstraint(['entry_id'], ['ledger_entries.id'], name=op.f('fk_task_decisions_entry_id_ledger_entries')),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_task_decisions_task_id_tasks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_decisions')),
    sa.UniqueConstraint('task_id', 'seq', name=op.f('uq_task_decisions_task_id_seq'))
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE ledger_entries ADD COLUMN task_id INTEGER REFERENCES tasks (id)")
    else:
        op.add_column('ledger_entries', sa.Column('task_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_ledger_entries_task_id_tasks'), 'ledger_entries', 'tasks', ['task_id'], ['id'])
    op.create_index(op.f('ix_ledger_entries_task_id'), 'ledger_entries', ['task_id'], unique=False)
    op.add_column('service_accounts', sa.Column('last_recorded_at', sa.DateTime(), nullable=True))
    op.execute(
        "UPDATE service_accounts SET last_recorded_at = "
        "(SELECT MAX(recorded_at) FROM ledger_entries WHERE ledger_entries.account_id = service_accounts.id)"
    )


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        raise NotImplementedError(
            "Downgrading below 0002 on SQLite would rebuild the append-only ledger table; restore a backup "
            "taken with `flask ledger backup` instead."
        )
    op.drop_column('service_accounts', 'last_recorded_at')
    op.drop_index(op.f('ix_ledger_entries_task_id'), table_name='ledger_entries')
    op.drop_constraint(op.f('fk_ledger_entries_task_id_tasks'), 'ledger_entries', type_='foreignkey')
    op.drop_column('ledger_entries', 'task_id')

    op.drop_table('task_decisions')
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index('ix_notices_customer_open')

    op.drop_table('notices')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_tasks_status')
        batch_op.drop_index('ix_tasks_customer_work_date')

    op.drop_table('tasks')
