"""Money columns in 64 bits on PostgreSQL: amounts up to 10^12 öre overflowed its 32-bit integer.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22

SQLite's INTEGER is already 64-bit, so SQLite is left as it is (no table rebuild, triggers kept).
"""
from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

MONEY_COLUMNS = {
    "customers": ("hourly_rate_minor", "monthly_fee_minor"),
    "hour_packages": ("price_minor",),
    "invoices": ("net_minor", "vat_minor", "total_minor", "rounding_minor", "to_pay_minor"),
    "invoice_lines": ("unit_price_minor", "amount_minor"),
}


def _retype(type_):
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in MONEY_COLUMNS.items():
        for column in columns:
            op.alter_column(table, column, type_=type_, existing_nullable=False)


def upgrade():
    _retype(sa.BigInteger())


def downgrade():
    _retype(sa.Integer())
