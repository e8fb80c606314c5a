"""Hardening: server-side sessions, sign-in throttle counters, token expiry and last use, 64-bit minutes.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

Minute counters become BIGINT on PostgreSQL (a balance could pass 2^31 - 1 there). SQLite's INTEGER is
already 64-bit, so SQLite's tables are left as they are (no table rebuild: the ledger keeps its triggers).
api_tokens gains its columns with ADD COLUMN only, on both engines.
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

MINUTE_COLUMNS = {
    "customers": {"billing_increment_minutes": False, "overdraft_limit_minutes": True, "low_balance_minutes": False},
    "service_accounts": {"balance_minutes": False},
    "hour_packages": {"minutes": False},
    "ledger_entries": {"minutes": False, "balance_after": False},
    "tasks": {"minutes": False, "billed_minutes": False},
    "notices": {"balance_minutes": False, "threshold_minutes": False},
    "invoices": {"balance_at_period_end_minutes": False},
    "invoice_lines": {"quantity_minutes": True},
}


def _retype_minutes(type_):
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in MINUTE_COLUMNS.items():
        for column, nullable in columns.items():
            op.alter_column(table, column, type_=type_, existing_nullable=nullable)


def upgrade():
    op.create_table('user_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('ip', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sessions_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_user_sessions_token_hash'))
    )
    op.create_index(op.f('ix_user_sessions_user_id'), 'user_sessions', ['user_id'], unique=False)
    op.create_table('sign_in_throttles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('ip', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('window_started_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_throttles')),
    sa.UniqueConstraint('email', 'ip', name=op.f('uq_sign_in_throttles_email_ip'))
    )
    op.add_column('api_tokens', sa.Column('expires_at', sa.DateTime(), nullable=True))
    op.add_column('api_tokens', sa.Column('last_used_at', sa.DateTime(), nullable=True))
    _retype_minutes(sa.BigInteger())


def downgrade():
    _retype_minutes(sa.Integer())
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('last_used_at')
        batch_op.drop_column('expires_at')
    op.drop_table('sign_in_throttles')
    op.drop_index(op.f('ix_user_sessions_user_id'), table_name='user_sessions')
    op.drop_table('user_sessions')
