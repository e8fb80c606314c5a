"""Contacts with roles and their audit trail; customers gain their deployment (docs/contacts-and-agreements.md).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01

customers gains `deployment` with ADD COLUMN only (as in 0002/0006): on SQLite the CHECK goes into the
column definition, which ADD COLUMN allows, so the table is not rebuilt and the rows that point at it stay.
A contact's roles are rows of contact_roles (one per contact and role): "the contract managers of customer
12" is then an indexed join on both engines, and each role is checked by the database. contact_changes is
the audit trail and append-only: triggers refuse UPDATE and DELETE on both engines, and TRUNCATE on PostgreSQL.
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

DEPLOYMENTS = "deployment IN ('hosted', 'on_premise')"


def _add_deployment():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE customers ADD COLUMN deployment VARCHAR(16) DEFAULT 'hosted' NOT NULL "
                   f"CONSTRAINT ck_customers_deployment CHECK ({DEPLOYMENTS})")
    else:
        op.add_column('customers', sa.Column('deployment', sa.String(length=16), server_default='hosted',
                                             nullable=False))
        op.create_check_constraint(op.f('ck_customers_deployment'), 'customers', DEPLOYMENTS)


SQLITE_CHANGE_TRIGGERS = (
    """CREATE TRIGGER contact_changes_no_update BEFORE UPDATE ON contact_changes
       BEGIN SELECT RAISE(ABORT, 'contact_changes is append-only: UPDATE refused'); END""",
    """CREATE TRIGGER contact_changes_no_delete BEFORE DELETE ON contact_changes
       BEGIN SELECT RAISE(ABORT, 'contact_changes is append-only: DELETE refused'); END""",
)

POSTGRESQL_CHANGE_TRIGGERS = (
    """CREATE FUNCTION contact_changes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'contact_changes is append-only: % refused', TG_OP USING ERRCODE = 'raise_exception';
       END $$""",
    """CREATE TRIGGER contact_changes_no_update_delete BEFORE UPDATE OR DELETE ON contact_changes
       FOR EACH ROW EXECUTE FUNCTION contact_changes_append_only()""",
    """CREATE TRIGGER contact_changes_no_truncate BEFORE TRUNCATE ON contact_changes
       FOR EACH STATEMENT EXECUTE FUNCTION contact_changes_append_only()""",
)


def _create_contact_tables():
    op.create_table('contact_roles',
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.CheckConstraint("role IN ('expert_user', 'contract_manager', 'service_owner', 'operations_technician')",
                       name=op.f('ck_contact_roles_role')),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_contact_roles_contact_id_contacts')),
    sa.PrimaryKeyConstraint('contact_id', 'role', name=op.f('pk_contact_roles'))
    )
    op.create_index(op.f('ix_contact_roles_role'), 'contact_roles', ['role'], unique=False)

    op.create_table('contact_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=8), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.CheckConstraint("action IN ('created', 'updated', 'removed')", name=op.f('ck_contact_changes_action')),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_contact_changes_actor_id_users')),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_contact_changes_contact_id_contacts')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_contact_changes_customer_id_customers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_changes'))
    )
    op.create_index(op.f('ix_contact_changes_customer_id'), 'contact_changes', ['customer_id'], unique=False)
    op.create_index('ix_contact_changes_contact_at', 'contact_changes', ['contact_id', 'at'], unique=False)
    triggers = SQLITE_CHANGE_TRIGGERS if op.get_bind().dialect.name == "sqlite" else POSTGRESQL_CHANGE_TRIGGERS
    for statement in triggers:
        op.execute(statement)


def upgrade():
    _add_deployment()
    _create_contact_tables()


def downgrade():
    op.drop_table('contact_changes')
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION contact_changes_append_only()")
    op.drop_table('contact_roles')
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE customers DROP COLUMN deployment")
    else:
        op.drop_column('customers', 'deployment')
