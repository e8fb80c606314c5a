"""Exchange rates, SEK VAT on foreign-currency invoices, Peppol IDs, the e-invoice archive, a forward-only series.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01

invoices and customers gain their columns with ADD COLUMN only, on both engines (no SQLite table rebuild: the
issued-invoice triggers stay). invoice_einvoices is frozen like invoice_documents: triggers refuse UPDATE and
DELETE (and TRUNCATE on PostgreSQL). number_series may only move forward: a trigger refuses a lower next
number, a renamed series and a DELETE, so no number can be handed out twice. invoices gains replaces_invoice_id
(a month drafted again after a full credit), and the one-invoice-per-month index leaves those out.
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

FROZEN = "archived e-invoices never change"
#: The month's invoice is unique per customer, except one drafted anew after a full credit.
ONE_PER_MONTH = "kind = 'invoice' AND replaces_invoice_id IS NULL"
SERIES = "the number series only moves forward by issuing"

SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER invoice_einvoices_no_update BEFORE UPDATE ON invoice_einvoices
        BEGIN SELECT RAISE(ABORT, '{FROZEN}: UPDATE refused'); END""",
    f"""CREATE TRIGGER invoice_einvoices_no_delete BEFORE DELETE ON invoice_einvoices
        BEGIN SELECT RAISE(ABORT, '{FROZEN}: DELETE refused'); END""",
    f"""CREATE TRIGGER number_series_forward_only BEFORE UPDATE ON number_series
        WHEN NEW.next_number < OLD.next_number OR NEW.name <> OLD.name
        BEGIN SELECT RAISE(ABORT, '{SERIES}: UPDATE refused'); END""",
    f"""CREATE TRIGGER number_series_no_delete BEFORE DELETE ON number_series
        BEGIN SELECT RAISE(ABORT, '{SERIES}: DELETE refused'); END""",
)

POSTGRESQL_TRIGGERS = (
    f"""CREATE FUNCTION invoice_einvoices_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION '{FROZEN}: % refused', TG_OP USING ERRCODE = 'raise_exception';
        END $$""",
    """CREATE TRIGGER invoice_einvoices_append_only BEFORE UPDATE OR DELETE ON invoice_einvoices
        FOR EACH ROW EXECUTE FUNCTION invoice_einvoices_append_only()""",
    """CREATE TRIGGER invoice_einvoices_no_truncate BEFORE TRUNCATE ON invoice_einvoices
        FOR EACH STATEMENT EXECUTE FUNCTION invoice_einvoices_append_only()""",
    f"""CREATE FUNCTION number_series_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP <> 'UPDATE' OR NEW.next_number < OLD.next_number OR NEW.name <> OLD.name THEN
            RAISE EXCEPTION '{SERIES}: % refused', TG_OP USING ERRCODE = 'raise_exception';
          END IF;
          RETURN NEW;
        END $$""",
    """CREATE TRIGGER number_series_forward_only BEFORE UPDATE OR DELETE ON number_series
        FOR EACH ROW EXECUTE FUNCTION number_series_forward_only()""",
    """CREATE TRIGGER number_series_no_truncate BEFORE TRUNCATE ON number_series
        FOR EACH STATEMENT EXECUTE FUNCTION number_series_forward_only()""",
)


def upgrade():
    op.create_table('exchange_rates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('rate_date', sa.Date(), nullable=False),
    sa.Column('rate_micro', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.CheckConstraint('rate_micro > 0', name=op.f('ck_exchange_rates_positive')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_exchange_rates_created_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_rates')),
    sa.UniqueConstraint('currency', 'rate_date', name=op.f('uq_exchange_rates_currency_rate_date'))
    )
    op.create_table('invoice_einvoices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['invoice_id'], ['invoices.id'], name=op.f('fk_invoice_einvoices_invoice_id_invoices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoice_einvoices')),
    sa.UniqueConstraint('invoice_id', name=op.f('uq_invoice_einvoices_invoice_id'))
    )
    op.add_column('invoices', sa.Column('exchange_rate_micro', sa.BigInteger(), nullable=True))
    op.add_column('invoices', sa.Column('exchange_rate_date', sa.Date(), nullable=True))
    op.add_column('invoices', sa.Column('vat_sek_minor', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'),
                                        nullable=True))
    op.add_column('customers', sa.Column('peppol_id', sa.String(length=64), nullable=True))
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("ALTER TABLE invoices ADD COLUMN replaces_invoice_id INTEGER REFERENCES invoices (id)")
    else:
        op.add_column('invoices', sa.Column('replaces_invoice_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_invoices_replaces_invoice_id_invoices'), 'invoices', 'invoices',
                              ['replaces_invoice_id'], ['id'])
    op.create_index('uq_invoices_replaces_invoice_id', 'invoices', ['replaces_invoice_id'], unique=True)
    op.drop_index('uq_invoices_customer_period', table_name='invoices')
    op.create_index('uq_invoices_customer_period', 'invoices', ['customer_id', 'period'], unique=True,
                    sqlite_where=sa.text(ONE_PER_MONTH), postgresql_where=sa.text(ONE_PER_MONTH))
    for statement in SQLITE_TRIGGERS if sqlite else POSTGRESQL_TRIGGERS:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        raise NotImplementedError(
            "Downgrading below 0011 on SQLite would rebuild the issued invoices' table; restore a backup "
            "taken with `flask ledger backup` instead."
        )
    for trigger, table in (("number_series_no_truncate", "number_series"), ("number_series_forward_only", "number_series"),
                           ("invoice_einvoices_no_truncate", "invoice_einvoices"),
                           ("invoice_einvoices_append_only", "invoice_einvoices")):
        op.execute(f"DROP TRIGGER {trigger} ON {table}")
    for function in ("number_series_forward_only", "invoice_einvoices_append_only"):
        op.execute(f"DROP FUNCTION {function}()")
    op.drop_index('uq_invoices_customer_period', table_name='invoices')
    op.create_index('uq_invoices_customer_period', 'invoices', ['customer_id', 'period'], unique=True,
                    postgresql_where=sa.text("kind = 'invoice'"))
    op.drop_index('uq_invoices_replaces_invoice_id', table_name='invoices')
    op.drop_constraint(op.f('fk_invoices_replaces_invoice_id_invoices'), 'invoices', type_='foreignkey')
    op.drop_column('invoices', 'replaces_invoice_id')
    op.drop_column('customers', 'peppol_id')
    op.drop_column('invoices', 'vat_sek_minor')
    op.drop_column('invoices', 'exchange_rate_date')
    op.drop_column('invoices', 'exchange_rate_micro')
    op.drop_table('invoice_einvoices')
    op.drop_table('exchange_rates')
