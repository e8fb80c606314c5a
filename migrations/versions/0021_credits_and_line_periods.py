"""Several partial credits of one invoice, the period a line covers, and an agreement invoiced again on the invoice
that replaces one credited in full.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06

invoices.credited_invoice_id and invoice_lines.credits_line_id lose their UNIQUE constraint (an invoice, and a
line, may be credited by several notes up to its amount) and keep an index for the readers. invoice_lines gains
period_start and period_end (a yearly agreement's line says what it covers; existing rows stay null), and the
unique index on agreement_id becomes a plain one: a month run again after a full credit invoices the agreement
anew on the invoice that replaces the credited one.

SQLite drops a UNIQUE constraint only by building the table anew, as 0019 does: the rows are copied aside, the table
is dropped and created again from its own DDL without the constraint, the rows go back in id order, and its
indexes and triggers are replayed, so the issued-invoice triggers hold afterwards. Foreign keys are checked at
commit (defer_foreign_keys) and `PRAGMA foreign_key_check` must then find nothing. On PostgreSQL these are ALTERs.
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

CREDITED_UNIQUE = "CONSTRAINT uq_invoices_credited_invoice_id UNIQUE (credited_invoice_id), \n\t"
CREDITS_LINE_UNIQUE = "CONSTRAINT uq_invoice_lines_credits_line_id UNIQUE (credits_line_id), \n\t"
LINE_PERIOD = ("period_start DATE", "period_end DATE")


def _rebuild_sqlite(table, removed, added_columns):
    """Build `table` anew with `removed` cut out of its DDL (found exactly once) and `added_columns` appended."""
    connection = op.get_bind()
    table_sql = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).scalar_one()
    if table_sql.count(removed) != 1:
        raise RuntimeError(f"{table} has unexpected DDL ({removed!r}); change it by hand before migrating")
    table_sql = table_sql.replace(removed, "")
    head, _, constraints = table_sql.partition("\tCONSTRAINT ")  # the new columns go before the first constraint
    table_sql = head + "".join(f"{column}, \n\t" for column in added_columns) + "CONSTRAINT " + constraints
    companions = [sql for (sql,) in connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL "
        "ORDER BY type, name", (table,))]
    columns = ", ".join(row[1] for row in connection.exec_driver_sql(f"PRAGMA table_info({table})"))
    op.execute(f"CREATE TEMP TABLE {table}_before_0021 AS SELECT * FROM {table}")
    op.execute(f"DROP TABLE {table}")
    op.execute(table_sql)
    op.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM temp.{table}_before_0021 ORDER BY id")
    op.execute(f"DROP TABLE temp.{table}_before_0021")
    for statement in companions:
        op.execute(statement)


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA defer_foreign_keys = ON")
        _rebuild_sqlite('invoices', CREDITED_UNIQUE, [])
        _rebuild_sqlite('invoice_lines', CREDITS_LINE_UNIQUE, LINE_PERIOD)
        broken = op.get_bind().exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"foreign keys broken by the rebuild: {broken[:5]}")
    else:
        op.drop_constraint(op.f('uq_invoices_credited_invoice_id'), 'invoices', type_='unique')
        op.drop_constraint(op.f('uq_invoice_lines_credits_line_id'), 'invoice_lines', type_='unique')
        op.add_column('invoice_lines', sa.Column('period_start', sa.Date(), nullable=True))
        op.add_column('invoice_lines', sa.Column('period_end', sa.Date(), nullable=True))
    op.create_index(op.f('ix_invoices_credited_invoice_id'), 'invoices', ['credited_invoice_id'], unique=False)
    op.create_index(op.f('ix_invoice_lines_credits_line_id'), 'invoice_lines', ['credits_line_id'], unique=False)
    op.drop_index('uq_invoice_lines_agreement_id', table_name='invoice_lines')
    op.create_index('ix_invoice_lines_agreement_id', 'invoice_lines', ['agreement_id'], unique=False)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        raise NotImplementedError(
            "Downgrading below 0021 on SQLite would rebuild the invoices and their lines; restore a backup taken "
            "with `flask ledger backup` instead."
        )
    # Refused by the database (as it should be) once an invoice has several credit notes or an agreement two lines.
    op.drop_index('ix_invoice_lines_agreement_id', table_name='invoice_lines')
    op.create_index('uq_invoice_lines_agreement_id', 'invoice_lines', ['agreement_id'], unique=True)
    op.drop_index(op.f('ix_invoice_lines_credits_line_id'), table_name='invoice_lines')
    op.drop_index(op.f('ix_invoices_credited_invoice_id'), table_name='invoices')
    op.drop_column('invoice_lines', 'period_end')
    op.drop_column('invoice_lines', 'period_start')
    op.create_unique_constraint(op.f('uq_invoice_lines_credits_line_id'), 'invoice_lines', ['credits_line_id'])
    op.create_unique_constraint(op.f('uq_invoices_credited_invoice_id'), 'invoices', ['credited_invoice_id'])
