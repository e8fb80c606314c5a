"""customer_changes: the audit trail of edits to a customer's terms and address.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01

Append-only like the ledger and case_events: triggers refuse UPDATE and DELETE on both engines, and
TRUNCATE on PostgreSQL, so that who changed a customer's terms, and from what, cannot be rewritten.
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = (
    """CREATE TRIGGER customer_changes_no_update BEFORE UPDATE ON customer_changes
       BEGIN SELECT RAISE(ABORT, 'customer_changes is append-only: UPDATE refused'); END""",
    """CREATE TRIGGER customer_changes_no_delete BEFORE DELETE ON customer_changes
       BEGIN SELECT RAISE(ABORT, 'customer_changes is append-only: DELETE refused'); END""",
)

POSTGRESQL_TRIGGERS = (
    """CREATE FUNCTION customer_changes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'customer_changes is append-only: % refused', TG_OP USING ERRCODE = 'raise_exception';
       END $$""",
    """CREATE TRIGGER customer_changes_no_update_delete BEFORE UPDATE OR DELETE ON customer_changes
       FOR EACH ROW EXECUTE FUNCTION customer_changes_append_only()""",
    """CREATE TRIGGER customer_changes_no_truncate BEFORE TRUNCATE ON customer_changes
       FOR EACH STATEMENT EXECUTE FUNCTION customer_changes_append_only()""",
)


def upgrade():
    op.create_table('customer_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('before', sa.Text(), nullable=True),
    sa.Column('after', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_customer_changes_customer_id_customers')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_customer_changes_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer_changes'))
    )
    op.create_index('ix_customer_changes_customer_changed', 'customer_changes', ['customer_id', 'changed_at'],
                    unique=False)
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_TRIGGERS if sqlite else POSTGRESQL_TRIGGERS:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP TRIGGER customer_changes_no_truncate ON customer_changes")
        op.execute("DROP TRIGGER customer_changes_no_update_delete ON customer_changes")
        op.execute("DROP FUNCTION customer_changes_append_only()")
    op.drop_index('ix_customer_changes_customer_changed', table_name='customer_changes')
    op.drop_table('customer_changes')
