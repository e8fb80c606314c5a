"""Invoices, credit notes, their lines, number series and the archive of issued PDFs.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

Issued invoices never change: triggers refuse UPDATE and DELETE of an issued invoice and of its
lines, and any UPDATE or DELETE of an archived PDF (and TRUNCATE on PostgreSQL). A draft may still
be completed and issued: the transition itself is an UPDATE of a row whose status is 'draft'.
ledger_entries gains invoice_id in place, as in 0002, so SQLite keeps its append-only triggers.
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

ISSUED = "issued invoices never change"

SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER invoices_issued_no_update BEFORE UPDATE ON invoices WHEN OLD.status = 'issued'
        BEGIN SELECT RAISE(ABORT, '{ISSUED}: UPDATE refused'); END""",
    f"""CREATE TRIGGER invoices_issued_no_delete BEFORE DELETE ON invoices WHEN OLD.status = 'issued'
        BEGIN SELECT RAISE(ABORT, '{ISSUED}: DELETE refused'); END""",
    f"""CREATE TRIGGER invoice_lines_issued_no_insert BEFORE INSERT ON invoice_lines
        WHEN (SELECT status FROM invoices WHERE id = NEW.invoice_id) = 'issued'
        BEGIN SELECT RAISE(ABORT, '{ISSUED}: INSERT of a line refused'); END""",
    f"""CREATE TRIGGER invoice_lines_issued_no_update BEFORE UPDATE ON invoice_lines
        WHEN (SELECT status FROM invoices WHERE id = OLD.invoice_id) = 'issued'
        BEGIN SELECT RAISE(ABORT, '{ISSUED}: UPDATE of a line refused'); END""",
    f"""CREATE TRIGGER invoice_lines_issued_no_delete BEFORE DELETE ON invoice_lines
        WHEN (SELECT status FROM invoices WHERE id = OLD.invoice_id) = 'issued'
        BEGIN SELECT RAISE(ABORT, '{ISSUED}: DELETE of a line refused'); END""",
    """CREATE TRIGGER invoice_documents_no_update BEFORE UPDATE ON invoice_documents
        BEGIN SELECT RAISE(ABORT, 'archived invoice PDFs never change: UPDATE refused'); END""",
    """CREATE TRIGGER invoice_documents_no_delete BEFORE DELETE ON invoice_documents
        BEGIN SELECT RAISE(ABORT, 'archived invoice PDFs never change: DELETE refused'); END""",
)

POSTGRESQL_TRIGGERS = (
    f"""CREATE FUNCTION invoices_issued_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF OLD.status = 'issued' THEN
            RAISE EXCEPTION '{ISSUED}: % refused', TG_OP USING ERRCODE = 'raise_exception';
          END IF;
          RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END $$""",
    """CREATE TRIGGER invoices_issued_frozen BEFORE UPDATE OR DELETE ON invoices
        FOR EACH ROW EXECUTE FUNCTION invoices_issued_frozen()""",
    f"""CREATE FUNCTION invoice_lines_issued_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE parent_status text;
        BEGIN
          SELECT status INTO parent_status FROM invoices
            WHERE id = CASE WHEN TG_OP = 'INSERT' THEN NEW.invoice_id ELSE OLD.invoice_id END;
          IF parent_status = 'issued' THEN
            RAISE EXCEPTION '{ISSUED}: % of a line refused', TG_OP USING ERRCODE = 'raise_exception';
          END IF;
          RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END $$""",
    """CREATE TRIGGER invoice_lines_issued_frozen BEFORE INSERT OR UPDATE OR DELETE ON invoice_lines
        FOR EACH ROW EXECUTE FUNCTION invoice_lines_issued_frozen()""",
    """CREATE FUNCTION invoice_documents_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'archived invoice PDFs never change: % refused', TG_OP USING ERRCODE = 'raise_exception';
        END $$""",
    """CREATE TRIGGER invoice_documents_append_only BEFORE UPDATE OR DELETE ON invoice_documents
        FOR EACH ROW EXECUTE FUNCTION invoice_documents_append_only()""",
    """CREATE TRIGGER invoice_documents_no_truncate BEFORE TRUNCATE ON invoice_documents
        FOR EACH STATEMENT EXECUTE FUNCTION invoice_documents_append_only()""",
    """CREATE TRIGGER invoices_no_truncate BEFORE TRUNCATE ON invoices
        FOR EACH STATEMENT EXECUTE FUNCTION invoice_documents_append_only()""",
)


def upgrade():
    op.create_table('number_series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('next_number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_number_series')),
    sa.UniqueConstraint('name', name=op.f('uq_number_series_name'))
    )
    op.create_table('invoices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('series', sa.String(length=32), nullable=True),
    sa.Column('ocr', sa.String(length=32), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('issue_date', sa.Date(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('buyer_name', sa.String(length=200), nullable=False),
    sa.Column('buyer_address', sa.Text(), nullable=True),
    sa.Column('buyer_org_number', sa.String(length=40), nullable=False),
    sa.Column('buyer_vat_number', sa.String(length=40), nullable=True),
    sa.Column('buyer_country', sa.String(length=2), nullable=False),
    sa.Column('buyer_reference', sa.String(length=100), nullable=True),
    sa.Column('seller_snapshot', sa.Text(), nullable=True),
    sa.Column('vat_code', sa.String(length=24), nullable=False),
    sa.Column('vat_rate_bp', sa.Integer(), nullable=False),
    sa.Column('net_minor', sa.Integer(), nullable=False),
    sa.Column('vat_minor', sa.Integer(), nullable=False),
    sa.Column('total_minor', sa.Integer(), nullable=False),
    sa.Column('rounding_minor', sa.Integer(), nullable=False),
    sa.Column('to_pay_minor', sa.Integer(), nullable=False),
    sa.Column('balance_at_period_end_minutes', sa.Integer(), nullable=False),
    sa.Column('credited_invoice_id', sa.Integer(), nullable=True),
    sa.Column('credit_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=True),
    sa.Column('issued_by', sa.Integer(), nullable=True),
    sa.CheckConstraint("(kind = 'credit_note') = (credited_invoice_id IS NOT NULL)", name=op.f('ck_invoices_credit_reference')),
    sa.CheckConstraint("status <> 'issued' OR number IS NOT NULL", name=op.f('ck_invoices_number_when_issued')),
    sa.CheckConstraint("kind IN ('invoice', 'credit_note')", name=op.f('ck_invoices_kind')),
    sa.CheckConstraint("status IN ('draft', 'issued')", name=op.f('ck_invoices_status')),
    sa.ForeignKeyConstraint(['credited_invoice_id'], ['invoices.id'], name=op.f('fk_invoices_credited_invoice_id_invoices')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_invoices_customer_id_customers')),
    sa.ForeignKeyConstraint(['issued_by'], ['users.id'], name=op.f('fk_invoices_issued_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoices')),
    sa.UniqueConstraint('credited_invoice_id', name=op.f('uq_invoices_credited_invoice_id')),
    sa.UniqueConstraint('number', name=op.f('uq_invoices_number'))
    )
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invoices_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index('ix_invoices_period_status', ['period', 'status'], unique=False)
        batch_op.create_index('uq_invoices_customer_period', ['customer_id', 'period'], unique=True, sqlite_where=sa.text("kind = 'invoice'"), postgresql_where=sa.text("kind = 'invoice'"))

    op.create_table('invoice_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['invoice_id'], ['invoices.id'], name=op.f('fk_invoice_documents_invoice_id_invoices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoice_documents')),
    sa.UniqueConstraint('invoice_id', name=op.f('uq_invoice_documents_invoice_id'))
    )
    op.create_table('invoice_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('description_sv', sa.Text(), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('quantity_minutes', sa.Integer(), nullable=True),
    sa.Column('unit_price_minor', sa.Integer(), nullable=False),
    sa.Column('amount_minor', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('hour_package_id', sa.Integer(), nullable=True),
    sa.Column('credits_line_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('monthly_fee', 'hour_package', 'hours_owed')", name=op.f('ck_invoice_lines_kind')),
    sa.ForeignKeyConstraint(['credits_line_id'], ['invoice_lines.id'], name=op.f('fk_invoice_lines_credits_line_id_invoice_lines')),
    sa.ForeignKeyConstraint(['entry_id'], ['ledger_entries.id'], name=op.f('fk_invoice_lines_entry_id_ledger_entries')),
    sa.ForeignKeyConstraint(['hour_package_id'], ['hour_packages.id'], name=op.f('fk_invoice_lines_hour_package_id_hour_packages')),
    sa.ForeignKeyConstraint(['invoice_id'], ['invoices.id'], name=op.f('fk_invoice_lines_invoice_id_invoices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoice_lines')),
    sa.UniqueConstraint('credits_line_id', name=op.f('uq_invoice_lines_credits_line_id')),
    sa.UniqueConstraint('entry_id', name=op.f('uq_invoice_lines_entry_id'))
    )
    with op.batch_alter_table('invoice_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invoice_lines_invoice_id'), ['invoice_id'], unique=False)

    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("ALTER TABLE ledger_entries ADD COLUMN invoice_id INTEGER REFERENCES invoices (id)")
    else:
        op.add_column('ledger_entries', sa.Column('invoice_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_ledger_entries_invoice_id_invoices'), 'ledger_entries', 'invoices', ['invoice_id'], ['id'])
    op.create_index(op.f('ix_ledger_entries_invoice_id'), 'ledger_entries', ['invoice_id'], unique=False)
    for statement in SQLITE_TRIGGERS if sqlite else POSTGRESQL_TRIGGERS:
        op.execute(statement)



def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        raise NotImplementedError(
            "Downgrading below 0003 on SQLite would rebuild the append-only ledger table; restore a backup "
            "taken with `flask ledger backup` instead."
        )
    for trigger, table in (("invoices_no_truncate", "invoices"), ("invoice_documents_no_truncate", "invoice_documents"),
                           ("invoice_documents_append_only", "invoice_documents"),
                           ("invoice_lines_issued_frozen", "invoice_lines"), ("invoices_issued_frozen", "invoices")):
        op.execute(f"DROP TRIGGER {trigger} ON {table}")
    for function in ("invoice_documents_append_only", "invoice_lines_issued_frozen", "invoices_issued_frozen"):
        op.execute(f"DROP FUNCTION {function}()")
    op.drop_index(op.f('ix_ledger_entries_invoice_id'), table_name='ledger_entries')
    op.drop_constraint(op.f('fk_ledger_entries_invoice_id_invoices'), 'ledger_entries', type_='foreignkey')
    op.drop_column('ledger_entries', 'invoice_id')

    with op.batch_alter_table('invoice_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invoice_lines_invoice_id'))

    op.drop_table('invoice_lines')
    op.drop_table('invoice_documents')
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.drop_index('uq_invoices_customer_period', sqlite_where=sa.text("kind = 'invoice'"), postgresql_where=sa.text("kind = 'invoice'"))
        batch_op.drop_index('ix_invoices_period_status')
        batch_op.drop_index(batch_op.f('ix_invoices_customer_id'))

    op.drop_table('invoices')
    op.drop_table('number_series')
