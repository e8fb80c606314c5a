"""Contacts with roles and their audit trail; customers gain their deployment (DESIGN.md §10).

Revision ID: 0010
Revises: 0008
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
revision = '0010'
down_revision = '0008'
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


def upgrade():
    _add_deployment()


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE customers DROP COLUMN deployment")
    else:
        op.drop_column('customers', 'deployment')
